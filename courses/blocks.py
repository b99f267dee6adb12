"""The blocks a lesson is written with, including knowledge checks.

Shipped content files (``content/``, see ``courses/content``) are parsed into
exactly these blocks and validated by them, so shipped content and an editor's work
are the same shape. A knowledge check names pools of bank questions; its
questions, answers and explanations stay on the server (see ``KnowledgeCheckBlock``
and ADR 0018).
"""

from __future__ import annotations

from collections.abc import Mapping

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .data import CheckMode, CheckSettings, Pool

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4", "code"]
CALLOUT_FEATURES = ["bold", "italic", "link", "ul", "ol", "code"]


class NamedInEditorMixin:
    """A text block that stands alone in a stream: Wagtail's editor shows its name
    only in the panel heading above it, with no ``<label>`` for the field, so the
    field carries the block's name for screen readers itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.label:
            self.field.widget.attrs["aria-label"] = str(self.label)

    def set_name(self, name):
        super().set_name(name)
        self.field.widget.attrs["aria-label"] = str(self.label)


class NamedCharBlock(NamedInEditorMixin, blocks.CharBlock):
    """A line of text in a list or a stream of its own (a takeaway, an objective)."""


class HeadingBlock(NamedInEditorMixin, blocks.CharBlock):
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
        super().__init__(NamedCharBlock(label="Takeaway"), **kwargs)

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


class PoolBlock(blocks.StructBlock):
    skill = SnippetChooserBlock(
        "courses.Skill",
        required=False,
        help_text="Draw from every live question of this skill ...",
    )
    questions = blocks.ListBlock(
        SnippetChooserBlock("courses.BankQuestion"),
        default=[],
        help_text="... or only from these questions (then the skill is ignored).",
    )
    draw = blocks.IntegerBlock(
        min_value=1,
        max_value=50,
        default=3,
        help_text="How many questions each attempt draws from this pool.",
    )

    class Meta:
        icon = "list-ul"
        label_format = "Draw {draw}"

    def clean(self, value):
        value = super().clean(value)
        if not value["skill"] and not value["questions"]:
            raise blocks.StructBlockValidationError(
                non_block_errors=["Choose a skill or pick questions to draw from."]
            )
        return value


class KnowledgeCheckBlock(blocks.StructBlock):
    """A check drawn from the question bank; attempts are delivered by learners.

    The block renders no question: the page shows what the check is and a button
    that starts (or resumes) an attempt, whose questions the server draws and
    shuffles once and stores (ADR 0018). So the lesson page costs no query for
    the check however many questions it draws.
    """

    title = blocks.CharBlock(default="Check your understanding")
    mode = blocks.ChoiceBlock(
        choices=[
            (CheckMode.PRACTICE.value, "Practice: answers shown at once, unlimited"),
            (
                CheckMode.ASSESSMENT.value,
                "Assessment: limited attempts, answers shown once passed",
            ),
        ],
        default=CheckMode.PRACTICE.value,
    )
    pools = blocks.ListBlock(PoolBlock(), min_num=1)
    max_attempts = blocks.IntegerBlock(
        min_value=1,
        max_value=20,
        default=3,
        help_text="Assessment only: attempts allowed before a pass.",
    )
    cooldown_minutes = blocks.IntegerBlock(
        min_value=0,
        max_value=60 * 24 * 14,
        default=60,
        help_text="Assessment only: the wait after a failed attempt.",
    )

    class Meta:
        icon = "tick-inverse"
        template = "courses/blocks/knowledge_check.html"
        preview_value = {
            "title": "Check your understanding",
            "mode": CheckMode.PRACTICE.value,
            "pools": [],
            "max_attempts": 3,
            "cooldown_minutes": 60,
        }
        description = (
            "Questions drawn from the question bank and scored on the server; "
            "practice or assessment. Answers are never sent before they are due."
        )

    def get_searchable_content(self, value):
        return [value["title"]]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["check"] = check_settings(self.get_prep_value(value))
        return context


def check_settings(raw: Mapping) -> CheckSettings:
    """A check's settings from its stored JSON, without a database query."""
    pools = []
    for item in raw.get("pools") or ():
        pool = item.get("value", item) if "type" in item else item
        ids = []
        for entry in pool.get("questions") or ():
            entry = entry.get("value") if isinstance(entry, Mapping) else entry
            if entry is not None:
                ids.append(int(entry))
        skill = pool.get("skill")
        pools.append(
            Pool(
                draw=int(pool.get("draw") or 1),
                skill_id=int(skill) if skill else None,
                question_ids=tuple(ids),
            )
        )
    return CheckSettings(
        title=raw.get("title") or "Check your understanding",
        mode=raw.get("mode") or CheckMode.PRACTICE.value,
        pools=tuple(pools),
        max_attempts=int(raw.get("max_attempts") or 3),
        cooldown_minutes=int(raw.get("cooldown_minutes") or 0),
    )


class AttestationBlock(blocks.StructBlock):
    """The learner confirms a named version of a policy (stored by learners).

    A new ``version`` asks everyone again: confirmations are kept per version.
    """

    policy = blocks.CharBlock(
        max_length=120, help_text="The policy's name, e.g. 'Northwind AI policy'."
    )
    version = blocks.CharBlock(
        max_length=40,
        help_text="The version learners confirm, e.g. '2026.2'. Change it when the "
        "policy changes, and everyone is asked again.",
    )
    statement = blocks.TextBlock(
        rows=2,
        help_text="What the learner confirms, in the first person.",
    )

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/attestation.html"
        preview_value = {
            "policy": "Northwind AI policy",
            "version": "2026.2",
            "statement": "I have read the Northwind AI policy and will follow it.",
        }
        description = "A statement the learner confirms for a named policy version."


class JurisdictionBlock(blocks.StructBlock):
    """A note on the law of one jurisdiction, shown only to an organisation whose
    profile selects that jurisdiction (ADR 0022)."""

    jurisdiction = blocks.ChoiceBlock(
        choices=[
            ("uk", "United Kingdom"),
            ("eu", "European Union"),
            ("us", "United States"),
        ],
        default="uk",
        help_text="Shown only when the organisation profile selects it.",
    )
    title = blocks.CharBlock(required=False)
    text = blocks.RichTextBlock(features=CALLOUT_FEATURES)

    class Meta:
        icon = "doc-full-inverse"
        template = "courses/blocks/jurisdiction.html"
        preview_value = {
            "jurisdiction": "uk",
            "title": "UK GDPR",
            "text": "<p>Personal data goes only into tools with a data processing "
            "agreement.</p>",
        }
        description = "A note on one jurisdiction's law, shown where it applies."


class SourceBlock(blocks.StructBlock):
    """One source a lesson cites as ``[^id]``; listed under Sources."""

    id = blocks.RegexBlock(
        regex=r"^[a-z0-9][a-z0-9_-]*$",
        max_length=60,
        error_messages={
            "invalid": "Use lower-case letters, digits, '-' and '_', "
            "e.g. 'work-trend-2024'."
        },
        help_text="Cited in the text as [^id].",
    )
    title = blocks.CharBlock(max_length=300)
    publisher = blocks.CharBlock(max_length=200)
    year = blocks.IntegerBlock(min_value=1900, max_value=2100)
    url = blocks.URLBlock(required=False)

    class Meta:
        icon = "link"
        label_format = "{id}: {title}"


class LessonBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    rich_text = RichTextBlock()
    callout = CalloutBlock()
    jurisdiction = JurisdictionBlock()
    key_takeaways = KeyTakeawaysBlock()
    code = CodeBlock()
    image = ImageBlock()
    video = VideoBlock()
    knowledge_check = KnowledgeCheckBlock()
    attestation = AttestationBlock()

    class Meta:
        # One check per lesson: the learner submits it as one attempt; one policy.
        block_counts = {
            "knowledge_check": {"max_num": 1},
            "attestation": {"max_num": 1},
        }


class OutcomeBlock(NamedInEditorMixin, blocks.CharBlock):
    class Meta:
        icon = "tick"
        template = "courses/blocks/outcome.html"
        preview_value = (
            "Detect data and concept drift in production and decide when to retrain."
        )
        description = "One thing a learner can do after finishing the curriculum."
