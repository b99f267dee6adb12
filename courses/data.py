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

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        labels = {
            cls.SINGLE: "Single choice",
            cls.MULTIPLE: "Multiple choice",
            cls.TRUE_FALSE: "True or false",
            cls.JUDGE_OUTPUT: "Judge the AI output",
        }
        return [(kind.value, labels[kind]) for kind in cls]


#: Kinds where the learner picks exactly one option.
ONE_ANSWER_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.TRUE_FALSE})


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    correct: bool


@dataclass(frozen=True)
class Question:
    id: str
    kind: QuestionKind
    prompt: str
    options: tuple[Option, ...]
    explanation: str = ""
    ai_prompt: str = ""
    ai_answer: str = ""

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
                )
                for option in value["options"]
            ),
            explanation=value.get("explanation", "") or "",
            ai_prompt=value.get("ai_prompt", "") or "",
            ai_answer=value.get("ai_answer", "") or "",
        )

    @property
    def correct_option_ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options if option.correct)


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

    @property
    def required_course_ids(self) -> tuple[int, ...]:
        return tuple(course.course_id for course in self.courses if course.required)


@dataclass(frozen=True)
class LessonOutline:
    id: int
    title: str
    url: str
    required: bool
    has_knowledge_check: bool
    estimated_minutes: int


@dataclass(frozen=True)
class CourseOutline:
    id: int
    title: str
    url: str
    pass_mark: int
    lessons: tuple[LessonOutline, ...]

    @property
    def total_minutes(self) -> int:
        return sum(lesson.estimated_minutes for lesson in self.lessons)

    @property
    def required_lesson_ids(self) -> tuple[int, ...]:
        return tuple(lesson.id for lesson in self.lessons if lesson.required)


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
    questions: tuple[Question, ...]
    previous_url: str | None = None
    next_url: str | None = None
    #: The lesson's own content reports completion (a SCORM package): no
    #: "Mark as complete" button.
    completed_by_content: bool = False

    @property
    def has_knowledge_check(self) -> bool:
        return bool(self.questions)


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
