"""Which course assessments share questions with a lesson's knowledge check.

A material change to a lesson whose check now draws other bank questions also
concerns the course's assessment in another lesson when that assessment draws
any of those questions (hand-picked, or through a pool by skill): learners must
take it again too (ADR 0023).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..bank_store import check_question_ids
from ..data import CheckSettings
from ..models import LessonPage
from .outlines import lesson_with_course


def changed_question_ids(
    before: CheckSettings | None, after: CheckSettings | None
) -> set[int]:
    """The bank questions a lesson's check draws after a revision and not before,
    or before and not after (two queries at most)."""
    drawn_before = check_question_ids(before) if before is not None else set()
    drawn_after = check_question_ids(after) if after is not None else set()
    return drawn_before ^ drawn_after


def assessments_sharing_questions(
    lesson_id: int, question_ids: Iterable[int]
) -> list[int]:
    """The ids of the live lessons of the same course, other than ``lesson_id``,
    whose knowledge check is an assessment drawing any of ``question_ids``."""
    wanted = set(question_ids)
    found = lesson_with_course(lesson_id)
    if not wanted or found is None:
        return []
    _lesson, course = found
    shared = []
    for other in LessonPage.objects.child_of(course).live().exclude(pk=lesson_id):
        check = other.check_settings
        if check is None or not check.is_assessment:
            continue
        if check_question_ids(check) & wanted:
            shared.append(other.pk)
    return shared
