"""Reads about content and taxonomy.

Page views get everything they show from here in a fixed number of queries,
whatever the number of courses, lessons or skills (tests/courses/test_queries.py).
Only live pages count, everywhere.

One module per job: ``pages`` (what the learner-facing pages show), ``outlines``
and ``curricula`` (plain data for other apps), ``knowledge_checks``, ``panels``
(HTML other apps add through the hooks named in ``hooks``), ``taxonomy`` (roles
and skills), ``rows`` (bulk rows for analytics) and ``tree`` (live lessons and
curriculum links, shared by the others). The names below are those
``courses.api`` and ``courses.views`` read.
"""

from .achievements import achievement_for
from .catalogue import catalogue, catalogue_search
from .curricula import (
    curricula_by_ids,
    curricula_requiring_course,
    curricula_with_course,
    curriculum_by_id,
    curriculum_for_role,
)
from .outlines import (
    course_choices,
    course_outline,
    course_outlines,
    course_required_lesson_counts,
    course_required_lesson_ids,
    lesson_context,
    lesson_with_course,
    published_item,
)
from .pages import course_index_url, curricula_index_url
from .rows import (
    blocker_rows,
    course_rows,
    course_skill_rows,
    curriculum_course_rows,
    figures_content_changed_since,
    skill_blocker_rows,
    skill_rows,
)
from .skills import role_skills
from .taxonomy import role_list

__all__ = [
    "catalogue",
    "catalogue_search",
    "achievement_for",
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
    "figures_content_changed_since",
    "lesson_context",
    "lesson_with_course",
    "published_item",
    "role_list",
    "role_skills",
    "skill_blocker_rows",
    "skill_rows",
]
