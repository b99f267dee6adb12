"""What other apps may use of ``courses``.

Reads return plain dataclasses (``courses.data``) or rows of plain values; only
live pages count. ``score_submission`` is the one scoring rule for knowledge
checks: learners score attempts with it, never in the browser.

Hooks other apps may register (Wagtail hooks, in their ``wagtail_hooks.py``):
``KNOWLEDGE_CHECK_URL_HOOK`` to receive knowledge-check submissions themselves,
``LESSON_PANELS_HOOK`` to add HTML below a lesson.
"""

from .data import (
    AnsweredQuestion,
    CourseChoice,
    CourseOutline,
    CurriculumCourseData,
    CurriculumData,
    LessonData,
    LessonOutline,
    Option,
    Question,
    QuestionKind,
)
from .models import LessonPage, Role
from .scoring import QuestionFeedback, ScoreResult, SubmissionError, score_submission
from .selectors import (
    COURSE_PANELS_HOOK,
    KNOWLEDGE_CHECK_URL_HOOK,
    LESSON_PANELS_HOOK,
    blocker_rows,
    course_choices,
    course_index_url,
    course_outline,
    course_outlines,
    course_required_lesson_counts,
    course_required_lesson_ids,
    course_rows,
    course_skill_rows,
    curricula_by_ids,
    curricula_index_url,
    curricula_requiring_course,
    curricula_with_course,
    curriculum_by_id,
    curriculum_course_rows,
    curriculum_for_role,
    feedback_with_questions,
    lesson_context,
    published_item,
    role_list,
    skill_blocker_rows,
    skill_rows,
)
from .views import lesson_response, parse_answers

__all__ = [
    "COURSE_PANELS_HOOK",
    "KNOWLEDGE_CHECK_URL_HOOK",
    "LESSON_PANELS_HOOK",
    "AnsweredQuestion",
    "CourseChoice",
    "CourseOutline",
    "CurriculumCourseData",
    "CurriculumData",
    "LessonData",
    "LessonOutline",
    "LessonPage",
    "Option",
    "Question",
    "QuestionFeedback",
    "QuestionKind",
    "Role",
    "ScoreResult",
    "SubmissionError",
    "blocker_rows",
    "course_choices",
    "course_index_url",
    "course_outline",
    "course_outlines",
    "course_required_lesson_counts",
    "course_required_lesson_ids",
    "course_rows",
    "course_skill_rows",
    "curricula_by_ids",
    "curricula_index_url",
    "curricula_requiring_course",
    "curricula_with_course",
    "curriculum_by_id",
    "curriculum_course_rows",
    "curriculum_for_role",
    "feedback_with_questions",
    "lesson_context",
    "lesson_response",
    "parse_answers",
    "published_item",
    "role_list",
    "score_submission",
    "skill_blocker_rows",
    "skill_rows",
]
