"""Plain data that ``courses.api`` hands to other apps: no models, no querysets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    JUDGE_OUTPUT = "judge_output"
    ORDERING = "ordering"

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        labels = {
            cls.SINGLE: "Single choice",
            cls.MULTIPLE: "Multiple choice",
            cls.TRUE_FALSE: "True or false",
            cls.JUDGE_OUTPUT: "Judge the AI output",
            cls.ORDERING: "Put in order",
        }
        return [(kind.value, labels[kind]) for kind in cls]


#: Kinds where the learner picks exactly one option.
ONE_ANSWER_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.TRUE_FALSE})

#: The option a judge-the-output question always offers: the answer has no flaw.
ACCEPTABLE_ID = "acceptable"
ACCEPTABLE_TEXT = "Acceptable as written: none of these problems is present."


class CheckMode(StrEnum):
    """Practice shows answers at once; an assessment only once passed."""

    PRACTICE = "practice"
    ASSESSMENT = "assessment"


@dataclass(frozen=True)
class Pool:
    """Where a check draws from: hand-picked questions, else a skill's questions."""

    draw: int
    skill_id: int | None = None
    question_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class CheckSettings:
    title: str
    mode: str
    pools: tuple[Pool, ...]
    max_attempts: int
    cooldown_minutes: int

    @property
    def is_assessment(self) -> bool:
        return self.mode == CheckMode.ASSESSMENT

    @property
    def question_count(self) -> int:
        """The most questions an attempt draws (fewer when a pool runs short)."""
        return sum(pool.draw for pool in self.pools)


@dataclass(frozen=True)
class PolicyAttestation:
    """A policy version a lesson asks learners to confirm."""

    policy: str
    version: str
    statement: str


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    correct: bool
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    kind: QuestionKind
    prompt: str
    options: tuple[Option, ...]
    explanation: str = ""
    ai_prompt: str = ""
    ai_answer: str = ""
    #: The bank question and the version of it this is (None outside the bank).
    key: str = ""
    version_id: int | None = None
    skill_ids: tuple[int, ...] = ()

    @classmethod
    def from_value(cls, value: Question | Mapping) -> Question:
        """A question from a block value or a plain dict in the demo content shape."""
        if isinstance(value, Question):
            return value
        return cls(
            id=str(value["id"]),
            kind=QuestionKind(value["kind"]),
            prompt=value.get("prompt", ""),
            options=tuple(
                Option(
                    id=str(option["id"]),
                    text=option.get("text", ""),
                    correct=bool(option.get("correct")),
                    feedback=option.get("feedback", "") or "",
                )
                for option in value["options"]
            ),
            explanation=value.get("explanation", "") or "",
            ai_prompt=value.get("ai_prompt", "") or "",
            ai_answer=value.get("ai_answer", "") or "",
        )

    @classmethod
    def from_version(cls, version_id: int, content: Mapping, skill_ids=()) -> Question:
        """A bank question version; its id is the version id, as forms post it."""
        question = cls.from_value({**content, "id": str(version_id)})
        return cls(
            **{
                **question.__dict__,
                "key": str(content.get("key", "")),
                "version_id": version_id,
                "skill_ids": tuple(skill_ids),
            }
        )

    @property
    def correct_option_ids(self) -> tuple[str, ...]:
        """The right answer: for ordering, every option in the authored order."""
        if self.kind == QuestionKind.ORDERING:
            return tuple(option.id for option in self.options)
        ids = tuple(option.id for option in self.options if option.correct)
        if self.kind == QuestionKind.JUDGE_OUTPUT and not ids:
            return (ACCEPTABLE_ID,)
        return ids

    @property
    def answer_option_ids(self) -> tuple[str, ...]:
        """Every option id a learner may give, with 'acceptable' for judge items."""
        ids = tuple(option.id for option in self.options)
        if self.kind == QuestionKind.JUDGE_OUTPUT:
            return (*ids, ACCEPTABLE_ID)
        return ids

    def option_text(self, option_id: str) -> str:
        if option_id == ACCEPTABLE_ID and self.kind == QuestionKind.JUDGE_OUTPUT:
            return ACCEPTABLE_TEXT
        for option in self.options:
            if option.id == option_id:
                return option.text
        return option_id


@dataclass(frozen=True)
class CurriculumCourseData:
    course_id: int
    title: str
    url: str
    required: bool
    due_in_days: int


@dataclass(frozen=True)
class CurriculumData:
    id: int
    title: str
    url: str
    role_id: int
    role_name: str
    courses: tuple[CurriculumCourseData, ...]
    #: Months a certificate stays valid; None: it never expires.
    validity_months: int | None = None

    @property
    def required_course_ids(self) -> tuple[int, ...]:
        return tuple(course.course_id for course in self.courses if course.required)


class LessonStatus(StrEnum):
    """Where a learner is in one lesson (``LESSON_PROGRESS_HOOK`` reports it)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return {
            LessonStatus.NOT_STARTED: "Not started",
            LessonStatus.IN_PROGRESS: "In progress",
            LessonStatus.COMPLETED: "Completed",
        }[self]


@dataclass(frozen=True)
class LessonOutline:
    id: int
    title: str
    url: str
    required: bool
    has_knowledge_check: bool
    estimated_minutes: int
    #: The lesson asks learners to confirm a policy (an attestation block).
    has_attestation: bool = False

    @property
    def renews_on_expiry(self) -> bool:
        """Re-opened when a certificate for its course expires (ADR 0023)."""
        return self.has_knowledge_check or self.has_attestation


@dataclass(frozen=True)
class CourseOutline:
    id: int
    title: str
    url: str
    pass_mark: int
    lessons: tuple[LessonOutline, ...]
    #: Months a certificate stays valid; None: it never expires.
    validity_months: int | None = None

    @property
    def total_minutes(self) -> int:
        return sum(lesson.estimated_minutes for lesson in self.lessons)

    @property
    def required_lesson_ids(self) -> tuple[int, ...]:
        return tuple(lesson.id for lesson in self.lessons if lesson.required)


@dataclass(frozen=True)
class SkillCourse:
    """A live course that teaches a skill, at a level."""

    id: int
    title: str
    url: str
    level: int
    level_label: str
    #: Required by the role's curriculum (else another course teaching it).
    required: bool


@dataclass(frozen=True)
class RequiredSkill:
    """A skill a role requires, at the highest level its required courses teach."""

    id: int
    name: str
    slug: str
    category: str
    level: int
    level_label: str
    courses: tuple[SkillCourse, ...]


@dataclass(frozen=True)
class RoleSkills:
    role_id: int
    skills: tuple[RequiredSkill, ...]


@dataclass(frozen=True)
class CourseChoice:
    id: int
    title: str
    url: str
    level: str


@dataclass(frozen=True)
class LessonData:
    id: int
    title: str
    url: str
    course_id: int
    course_title: str
    course_url: str
    pass_mark: int
    required: bool
    check: CheckSettings | None
    previous_url: str | None = None
    next_url: str | None = None
    #: The lesson's own content reports completion (a SCORM package): no
    #: "Mark as complete" button.
    completed_by_content: bool = False
    attestation: PolicyAttestation | None = None

    @property
    def has_knowledge_check(self) -> bool:
        return self.check is not None


@dataclass(frozen=True)
class AnsweredQuestion:
    """A stored answer next to the question it answered, for showing feedback."""

    question_id: str
    kind: str
    prompt: str
    ai_prompt: str
    ai_answer: str
    correct: bool
    selected_options: tuple[str, ...]
    correct_options: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class AchievementData:
    """What a certificate's course or curriculum is, for its credential.

    Read whether or not the page is still live: a certificate keeps describing
    what was completed after the page is unpublished.
    """

    id: int
    kind: str  # "course" or "curriculum"
    title: str
    description: str
    path: str  # on the academy's host, "" when the page has no URL
    pass_mark: int | None
    skills: tuple[str, ...]
