"""What other apps may use of ``courses``.

Reads return plain dataclasses (``courses.data``) or rows of plain values; only
live pages count. ``score_submission`` is the one scoring rule for knowledge
checks: learners score attempts with it, never in the browser. The question bank
offers ``check_draw`` (the question versions an attempt with a given seed shows),
``questions_by_version`` and ``option_order``; learners store the seed and the
version ids on the attempt (ADR 0018).

Hooks other apps may register (Wagtail hooks, in their ``wagtail_hooks.py``; the
names live in ``core.hooks``): ``KNOWLEDGE_CHECK_URL_HOOK`` to receive
knowledge-check submissions themselves, ``LESSON_PANELS_HOOK`` to add HTML below a
lesson, ``COURSE_PANELS_HOOK`` to add HTML to a course's header.
"""

from django.db.models import QuerySet

from .bank import SEED_MAX, option_order, skill_breakdown
from .bank_store import (
    check_draw,
    check_drawer,
    lesson_titles,
    question_version_rows,
    question_version_skill_rows,
    questions_by_version,
    skill_names,
)
from .data import (
    ACCEPTABLE_ID,
    AchievementData,
    AnsweredQuestion,
    CheckMode,
    CheckSettings,
    CourseChoice,
    CourseOutline,
    CurriculumCourseData,
    CurriculumData,
    LessonData,
    LessonOutline,
    LessonStatus,
    Option,
    PolicyAttestation,
    Question,
    QuestionKind,
    RequiredSkill,
    RoleSkills,
    SkillCourse,
)
from .models import (
    CoursePage,
    CurriculumCourse,
    CurriculumPage,
    LessonPage,
    QuestionVersion,
    Role,
)
from .scoring import QuestionFeedback, ScoreResult, SubmissionError, score_submission
from .selectors import (
    achievement_for,
    blocker_rows,
    catalogue,
    catalogue_search,
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
    figures_content_changed_since,
    lesson_context,
    published_item,
    role_list,
    role_skills,
    skill_blocker_rows,
    skill_rows,
)
from .selectors.assessments import (
    assessments_sharing_questions,
    changed_question_ids,
)
from .selectors.catalogue import Catalogue, CatalogueCourse, Facet, SearchHits
from .views import parse_answers

__all__ = [
    "Catalogue",
    "CatalogueCourse",
    "Facet",
    "SearchHits",
    "catalogue",
    "catalogue_search",
    "achievement_for",
    "assessments_sharing_questions",
    "changed_question_ids",
    "ACCEPTABLE_ID",
    "SEED_MAX",
    "AchievementData",
    "AnsweredQuestion",
    "CheckMode",
    "CheckSettings",
    "CourseChoice",
    "CourseOutline",
    "CurriculumCourseData",
    "CurriculumData",
    "LessonData",
    "LessonOutline",
    "LessonPage",
    "LessonStatus",
    "Option",
    "PolicyAttestation",
    "Question",
    "QuestionFeedback",
    "QuestionKind",
    "QuestionVersion",
    "RequiredSkill",
    "Role",
    "RoleSkills",
    "SkillCourse",
    "ScoreResult",
    "SubmissionError",
    "blocker_rows",
    "course_choices",
    "course_title_query",
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
    "curriculum_ids_for_role",
    "curriculum_ids_with_course_query",
    "figures_content_changed_since",
    "lesson_owner_email",
    "check_draw",
    "check_drawer",
    "lesson_context",
    "lesson_titles",
    "option_order",
    "parse_answers",
    "published_item",
    "question_version_rows",
    "question_version_skill_rows",
    "questions_by_version",
    "role_list",
    "role_skills",
    "score_submission",
    "skill_blocker_rows",
    "skill_breakdown",
    "skill_names",
    "skill_rows",
]


# --- Subqueries for other apps' single-query reads -----------------------------------
# Both take a value or an ``OuterRef``: a caller reads the result inside its own
# query (``Subquery(...)`` or ``__in``), so following a relation into the course
# pages never costs it a query of its own.


def course_title_query(*, course_id) -> QuerySet:
    """The title of course ``course_id``, as a one-row ``values("title")`` QuerySet.

    Published or not: a course someone is enrolled in keeps its title.
    """
    return CoursePage.objects.filter(pk=course_id).values("title")[:1]


def curriculum_ids_for_role(*, role_id) -> QuerySet:
    """The ids of role ``role_id``'s curricula, as a ``values("pk")`` QuerySet."""
    return CurriculumPage.objects.filter(role_id=role_id).values("pk")


def curriculum_ids_with_course_query(*, course_id) -> QuerySet:
    """The ids of the curricula listing course ``course_id`` (required or not),
    as a ``values("page_id")`` QuerySet."""
    return CurriculumCourse.objects.filter(course_id=course_id).values("page_id")


def lesson_owner_email(lesson_id: int) -> str | None:
    """The email of the person who owns the lesson, when lessons name an owner
    (a user, or a profile with a ``user``); None otherwise."""
    lesson = LessonPage.objects.filter(pk=lesson_id).first()
    owner = getattr(lesson, "owner", None) if lesson is not None else None
    if owner is None:
        return None
    user = getattr(owner, "user", owner)
    return getattr(user, "email", None) or None
