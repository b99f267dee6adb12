"""The blocks a lesson is written with, including knowledge checks.

Shipped content files (``content/``, see ``courses/content``) are parsed into
exactly these blocks and validated by them, so shipped content and an editor's work
are the same shape. A knowledge check's correct
answers and explanations stay on the server: its template receives only the
option ids and texts until the learner has submitted (see ``KnowledgeCheckBlock``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from .data import QuestionKind

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4", "code"]
CALLOUT_FEATURES = ["bold", "italic", "link", "ul", "ol", "code"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "courses/blocks/heading.html"
        preview_value = "Why drift monitoring matters"
        description = "A section heading (a level-two heading under the lesson title)."
        form_classname = "title"


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "courses/blocks/rich_text.html"
        preview_value = (
            "<p>A model that passed every test can still degrade in production when "
            "the data it sees <strong>drifts</strong> away from what it learned.</p>"
        )
        description = "Formatted text: paragraphs, lists, links and subheadings."


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("tip", "Tip"), ("warning", "Warning"), ("policy", "Policy")],
        default="tip",
        help_text="Tips help; warnings prevent mistakes; policy quotes a rule.",
    )
    title = blocks.CharBlock(required=False)
    text = blocks.RichTextBlock(features=CALLOUT_FEATURES)

    class Meta:
        icon = "warning"
        template = "courses/blocks/callout.html"
        preview_value = {
            "kind": "policy",
            "title": "Approved tools only",
            "text": "<p>Customer data goes only into the approved AI assistant.</p>",
        }
        description = "A highlighted tip, warning or policy note."


class KeyTakeawaysBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(label="Takeaway"), **kwargs)

    class Meta:
        icon = "list-ul"
        template = "courses/blocks/key_takeaways.html"
        preview_value = [
            "Define KPIs and a baseline before deployment.",
            "Roll out in phases with exit criteria.",
        ]
        description = "A short list of the points to remember from the lesson."


class CodeBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(
        choices=[
            ("python", "Python"),
            ("sql", "SQL"),
            ("yaml", "YAML"),
            ("bash", "Shell"),
            ("json", "JSON"),
            ("text", "Plain text"),
        ],
        default="python",
    )
    code = blocks.TextBlock()
    caption = blocks.CharBlock(required=False)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # "Shell", not "BASH"; plain text gets no label (it is not code).
        choices = dict(self.child_blocks["language"].field.choices)
        context["language_label"] = choices.get(value["language"], value["language"])
        return context

    class Meta:
        icon = "code"
        template = "courses/blocks/code.html"
        preview_value = {
            "language": "python",
            "code": "psi = population_stability_index(reference, current)\n"
            "if psi > 0.2:\n    alert('input drift on income')",
            "caption": "Alert when the population stability index passes 0.2.",
        }
        description = "A code or configuration listing with its language."


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text=(
            "Describe what the image shows for people who cannot see it. "
            "Required: lesson images carry meaning."
        ),
    )
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        template = "courses/blocks/image.html"
        preview_value = {
            "alt_text": "A line chart of weekly error rate rising after a data change.",
            "caption": "Error rate before and after the supplier changed formats.",
        }
        description = "An image with required alternative text and a caption."


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(help_text="Names the video for screen reader users.")
    video = EmbedBlock(help_text="A link to the video, e.g. on YouTube or Vimeo.")
    transcript = blocks.RichTextBlock(
        features=CALLOUT_FEATURES,
        help_text="The full transcript, so the lesson works without the video.",
    )

    class Meta:
        icon = "media"
        template = "courses/blocks/video.html"
        preview_value = {
            "title": "Walking through a drift alert",
            "transcript": "<p>In this video we open the drift dashboard ...</p>",
        }
        description = "An embedded video with its transcript."


class OptionBlock(blocks.StructBlock):
    id = blocks.CharBlock(
        required=False,
        max_length=20,
        help_text="Short and unique in the question, e.g. a, b, c. Left blank: set "
        "for you. Do not change it once learners have answered.",
    )
    text = blocks.TextBlock(rows=2)
    correct = blocks.BooleanBlock(required=False)

    class Meta:
        icon = "radio-full"
        label_format = "{text}"


class QuestionBlock(blocks.StructBlock):
    id = blocks.CharBlock(
        required=False,
        max_length=20,
        help_text="Short and unique in the lesson, e.g. q1. Left blank: set for you. "
        "Do not change it once learners have answered.",
    )
    kind = blocks.ChoiceBlock(
        choices=QuestionKind.choices(),
        default=QuestionKind.SINGLE.value,
        help_text="Judge the AI output: learners pick every issue present in the "
        "AI's answer; scored like multiple choice.",
    )
    prompt = blocks.TextBlock(rows=2)
    ai_prompt = blocks.TextBlock(
        required=False,
        label="AI prompt",
        help_text="Judge the AI output only: the realistic prompt someone used.",
    )
    ai_answer = blocks.TextBlock(
        required=False,
        label="AI answer",
        help_text="Judge the AI output only: the AI's answer, with its issues.",
    )
    options = blocks.ListBlock(OptionBlock(), min_num=2)
    explanation = blocks.TextBlock(
        rows=3, help_text="Why the right answer is right; shown after submitting."
    )

    class Meta:
        icon = "help"
        label_format = "{prompt}"

    def clean(self, value):
        value = super().clean(value)
        errors = question_problems(value)
        if errors:
            raise blocks.StructBlockValidationError(non_block_errors=errors)
        return value


def question_problems(question: Mapping) -> list[str]:
    """What is wrong with one question; an empty list when it is sound."""
    kind = question["kind"]
    options = list(question["options"])
    option_ids = [option["id"] for option in options]
    correct = [option for option in options if option["correct"]]
    problems = []
    if len(set(option_ids)) != len(option_ids):
        problems.append("Each option needs a different id.")
    if kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE) and len(correct) != 1:
        problems.append("Mark exactly one option as correct.")
    if kind in (QuestionKind.MULTIPLE, QuestionKind.JUDGE_OUTPUT) and not correct:
        problems.append("Mark at least one option as correct.")
    if kind == QuestionKind.TRUE_FALSE and sorted(option_ids) != ["false", "true"]:
        problems.append("A true/false question has two options, ids 'true', 'false'.")
    if kind == QuestionKind.JUDGE_OUTPUT and not (
        question["ai_prompt"] and question["ai_answer"]
    ):
        problems.append("Judge the AI output needs both the AI prompt and its answer.")
    return problems


@dataclass(frozen=True)
class OptionView:
    id: str
    text: str
    checked: bool
    # Only set once the learner has submitted: None before.
    correct: bool | None


@dataclass(frozen=True)
class QuestionView:
    id: str
    kind: str
    prompt: str
    ai_prompt: str
    ai_answer: str
    multiple: bool
    options: list[OptionView]
    feedback: object | None


class KnowledgeCheckBlock(blocks.StructBlock):
    title = blocks.CharBlock(default="Check your understanding")
    questions = blocks.ListBlock(QuestionBlock(), min_num=1)

    class Meta:
        icon = "tick-inverse"
        template = "courses/blocks/knowledge_check.html"
        preview_value = {
            "title": "Check your understanding",
            "questions": [
                {
                    "id": "q1",
                    "kind": "single",
                    "prompt": "When should operational KPIs be defined?",
                    "options": [
                        {"id": "a", "text": "Before deployment.", "correct": True},
                        {"id": "b", "text": "After the first month.", "correct": False},
                    ],
                    "explanation": "Without a baseline there is nothing to compare.",
                    "ai_prompt": "",
                    "ai_answer": "",
                }
            ],
        }
        description = (
            "Questions scored on the server: single or multiple choice, true/false "
            "and 'judge the AI output'. Answers are never sent to the browser."
        )

    def clean(self, value):
        # Fill blank ids first so editors need not invent them.
        for number, question in enumerate(value["questions"], start=1):
            if not question["id"]:
                question["id"] = f"q{number}"
            for index, option in enumerate(question["options"]):
                if not option["id"]:
                    option["id"] = _default_option_id(question["kind"], index)
        value = super().clean(value)
        ids = [question["id"] for question in value["questions"]]
        if len(set(ids)) != len(ids):
            raise blocks.StructBlockValidationError(
                non_block_errors=["Each question needs a different id."]
            )
        return value

    def get_searchable_content(self, value):
        # Prompts make a lesson findable; explanations would only echo answers.
        content = [value["title"]]
        for question in value["questions"]:
            content.extend([question["prompt"], question["ai_prompt"]])
        return [text for text in content if text]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        selected = context.get("check_selected") or {}
        feedback = context.get("check_feedback") or {}
        context["questions"] = [
            _question_view(question, selected, feedback)
            for question in value["questions"]
        ]
        return context


def _default_option_id(kind: str, index: int) -> str:
    if kind == QuestionKind.TRUE_FALSE and index < 2:
        return ("true", "false")[index]
    return "abcdefghijklmnopqrstuvwxyz"[index % 26] + ("" if index < 26 else str(index))


def _question_view(question, selected: Mapping, feedback: Mapping) -> QuestionView:
    answered = feedback.get(question["id"])
    chosen = set(selected.get(question["id"], ()))
    correct_ids = set(answered.correct_option_ids) if answered else set()
    return QuestionView(
        id=question["id"],
        kind=question["kind"],
        prompt=question["prompt"],
        ai_prompt=question["ai_prompt"],
        ai_answer=question["ai_answer"],
        multiple=question["kind"] in (QuestionKind.MULTIPLE, QuestionKind.JUDGE_OUTPUT),
        options=[
            OptionView(
                id=option["id"],
                text=option["text"],
                checked=option["id"] in chosen,
                correct=(option["id"] in correct_ids) if answered else None,
            )
            for option in question["options"]
        ],
        feedback=answered,
    )


class LessonBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    rich_text = RichTextBlock()
    callout = CalloutBlock()
    key_takeaways = KeyTakeawaysBlock()
    code = CodeBlock()
    image = ImageBlock()
    video = VideoBlock()
    knowledge_check = KnowledgeCheckBlock()

    class Meta:
        # One check per lesson: the learner submits it as one attempt.
        block_counts = {"knowledge_check": {"max_num": 1}}


class OutcomeBlock(blocks.CharBlock):
    class Meta:
        icon = "tick"
        template = "courses/blocks/outcome.html"
        preview_value = (
            "Detect data and concept drift in production and decide when to retrain."
        )
        description = "One thing a learner can do after finishing the curriculum."
