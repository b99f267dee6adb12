"""The question bank: reusable questions L&D manage, and the versions learners saw.

A knowledge check no longer holds its questions; it names pools of bank questions
and how many to draw from each (``courses.blocks.KnowledgeCheckBlock``). Every
change to what a learner would see or be scored on makes a new ``QuestionVersion``
(a frozen copy); attempts keep the version ids they drew, so a question edited or
retired mid-attempt is scored against the version the learner saw (ADR 0018).
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.search import index

from ..data import QuestionKind


class QuestionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    LIVE = "live", "Live"
    RETIRED = "retired", "Retired"


class QuestionDifficulty(models.TextChoices):
    EASY = "easy", "Easy"
    MEDIUM = "medium", "Medium"
    HARD = "hard", "Hard"


class BankOptionBlock(blocks.StructBlock):
    id = blocks.CharBlock(
        max_length=20,
        help_text="Short and unique in the question, e.g. a, b, c. Never change it "
        "once learners have answered.",
    )
    text = blocks.TextBlock(rows=2)
    correct = blocks.BooleanBlock(
        required=False,
        help_text="Ordering questions: ignored; the order listed here is the answer.",
    )
    feedback = blocks.TextBlock(
        required=False,
        rows=2,
        help_text="Why someone might pick this option and why it is (not) right.",
    )

    class Meta:
        icon = "radio-full"
        label_format = "{text}"


class BankQuestionForm(WagtailAdminModelForm):
    """Refuses a tampered option list with a message instead of failing.

    Wagtail reads a StreamField's ``options-count`` as a number; a post without
    it, or with anything else there, is answered with a form error.
    """

    def __init__(self, data=None, *args, **kwargs):
        self.options_unreadable = False
        if data is not None and not str(data.get("options-count", "")).isdigit():
            data = data.copy()
            data["options-count"] = "0"
            self.options_unreadable = True
        super().__init__(data, *args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.options_unreadable:
            self.add_error("options", "The options could not be read: add them again.")
        return cleaned


class BankQuestion(index.Indexed, models.Model):
    """One reusable question; ``key`` is its stable id in content files."""

    key = models.CharField(
        max_length=200,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9][a-z0-9/_-]*$",
                "Lower-case letters, digits, '-', '_' and '/' only.",
            )
        ],
        help_text="Stable id used by content files and exports, such as "
        "'judging-ai-output/spotting-hallucinations/q1'. Never reuse one.",
    )
    kind = models.CharField(
        max_length=16, choices=QuestionKind.choices(), default=QuestionKind.SINGLE
    )
    stem = models.TextField(help_text="The question itself.")
    ai_prompt = models.TextField(
        blank=True,
        verbose_name="AI prompt",
        help_text="Judge the AI output only: the realistic prompt someone used.",
    )
    ai_answer = models.TextField(
        blank=True,
        verbose_name="AI answer",
        help_text="Judge the AI output only: the AI's answer. Mark each flaw it has "
        "as a correct option; with none marked, 'acceptable as written' is right.",
    )
    options = StreamField([("option", BankOptionBlock())])
    explanation = models.TextField(
        blank=True, help_text="Why the right answer is right; shown when revealed."
    )
    skills = models.ManyToManyField(
        "courses.Skill", blank=True, related_name="bank_questions"
    )
    difficulty = models.CharField(
        max_length=8,
        choices=QuestionDifficulty.choices,
        default=QuestionDifficulty.MEDIUM,
    )
    status = models.CharField(
        max_length=8,
        choices=QuestionStatus.choices,
        default=QuestionStatus.DRAFT,
        help_text="Only live questions are drawn into new attempts.",
    )
    version = models.PositiveIntegerField(
        default=0, editable=False, help_text="The latest version learners can see."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    base_form_class = BankQuestionForm
    panels = [
        FieldPanel("key"),
        FieldRowPanel(
            [FieldPanel("kind"), FieldPanel("difficulty"), FieldPanel("status")]
        ),
        FieldPanel("stem"),
        FieldPanel("ai_prompt"),
        FieldPanel("ai_answer"),
        FieldPanel("options"),
        FieldPanel("explanation"),
        FieldPanel("skills"),
    ]
    search_fields = [
        index.SearchField("stem"),
        index.SearchField("key"),
        index.AutocompleteField("stem"),
        index.FilterField("status"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["key"]
        verbose_name = "bank question"

    def __str__(self) -> str:
        return f"{self.key}: {self.stem[:80]}"

    def clean(self):
        from django.core.exceptions import ValidationError

        from ..bank import question_problems

        problems = question_problems(self.content())
        if problems:
            raise ValidationError(problems)

    def content(self) -> dict:
        """What a learner sees and is scored on: the frozen body of a version."""
        return {
            "key": self.key,
            "kind": self.kind,
            "prompt": self.stem,
            "ai_prompt": self.ai_prompt,
            "ai_answer": self.ai_answer,
            "explanation": self.explanation,
            "options": [
                {
                    "id": str(item.value["id"]),
                    "text": item.value["text"],
                    "correct": bool(item.value["correct"]),
                    "feedback": item.value.get("feedback") or "",
                }
                for item in self.options
            ],
        }


class QuestionVersion(models.Model):
    """A frozen copy of a question as learners saw it; never edited or deleted."""

    question = models.ForeignKey(
        BankQuestion, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField()
    content = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="courses_questionversion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"
