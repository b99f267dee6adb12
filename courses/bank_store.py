"""The question bank's reads and writes: versions, draws, questions by version.

``question_versions_ensure`` is the one place a version is made: when a
question's content differs from its latest version, the next number is written
(unique per question, so two racing requests write it once). Draws call it for
the questions they draw, so whatever changed a question (the admin, a content
load, a shell) the learner is shown, and scored on, a stored version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from django.db import IntegrityError, transaction
from django.db.models import F

from .bank import Candidate, draw_questions
from .data import ACCEPTABLE_ID, CheckSettings, Question
from .models import (
    BankQuestion,
    LessonPage,
    QuestionStatus,
    QuestionVersion,
    Skill,
)


def _content(question: BankQuestion) -> dict:
    skill_ids = sorted(skill.pk for skill in question.skills.all())
    return {**question.content(), "skills": skill_ids}


def question_versions_ensure(questions: Sequence[BankQuestion]) -> dict[int, int]:
    """Question id -> id of the version matching its content now.

    ``questions`` must have ``skills`` prefetched. Costs one query, plus two per
    question whose content changed since its latest version.
    """
    latest = {
        version.question_id: version
        for version in QuestionVersion.objects.filter(
            question__in=[q.pk for q in questions], number=F("question__version")
        )
    }
    current = {}
    for question in questions:
        content = _content(question)
        version = latest.get(question.pk)
        if version is None or version.content != content:
            version = _version_write(question, content)
        current[question.pk] = version.pk
    return current


def _version_write(question: BankQuestion, content: dict) -> QuestionVersion:
    number = question.version + 1
    try:
        with transaction.atomic():
            version = QuestionVersion.objects.create(
                question=question, number=number, content=content
            )
            BankQuestion.objects.filter(pk=question.pk, version__lt=number).update(
                version=number
            )
    except IntegrityError:
        # Another request wrote this number first: use whatever it wrote.
        version = QuestionVersion.objects.get(question=question, number=number)
    question.version = number
    return version


def question_version_refresh(*, question_id: int) -> int:
    """Make a version for one question now (after an admin save); its number."""
    question = BankQuestion.objects.prefetch_related("skills").get(pk=question_id)
    question_versions_ensure([question])
    return question.version


def _live_candidates(
    check: CheckSettings,
) -> tuple[list[BankQuestion], list[Candidate]]:
    """The live questions a check may draw, with their skills (two queries)."""
    hand_picked = {qid for pool in check.pools for qid in pool.question_ids}
    skill_ids = {pool.skill_id for pool in check.pools if pool.skill_id is not None}
    questions = list(
        BankQuestion.objects.filter(status=QuestionStatus.LIVE)
        .filter(_pool_filter(hand_picked, skill_ids))
        .prefetch_related("skills")
        .order_by("pk")
        .distinct()
    )
    live = [
        Candidate(q.pk, tuple(skill.pk for skill in q.skills.all())) for q in questions
    ]
    return questions, live


def check_draw(*, check: CheckSettings, seed: int) -> list[int]:
    """The question version ids an attempt with ``seed`` shows, in order.

    Three queries whatever the number of pools or questions (live candidates
    with their skills, latest versions), plus a write per changed question.
    """
    questions, live = _live_candidates(check)
    drawn = draw_questions(check.pools, live, seed)
    by_id = {q.pk: q for q in questions}
    versions = question_versions_ensure([by_id[qid] for qid in drawn])
    return [versions[qid] for qid in drawn]


def check_drawer(check: CheckSettings) -> Callable[[int], list[int]]:
    """``check_draw`` for many seeds of one check: the live candidates are read
    and every one of them given its latest version once (three queries and the
    versions' writes), then each seed draws in memory. For writing many learners'
    attempts at once (the large demo); a learner's own attempt uses
    ``check_draw``, which reads the bank as it is at that moment."""
    questions, live = _live_candidates(check)
    versions = question_versions_ensure(questions)

    def draw(seed: int) -> list[int]:
        return [versions[qid] for qid in draw_questions(check.pools, live, seed)]

    return draw


def check_question_ids(check: CheckSettings) -> set[int]:
    """Every live bank question a check may draw (one query)."""
    hand_picked = {qid for pool in check.pools for qid in pool.question_ids}
    skill_ids = {pool.skill_id for pool in check.pools if pool.skill_id is not None}
    if not hand_picked and not skill_ids:
        return set()
    return set(
        BankQuestion.objects.filter(status=QuestionStatus.LIVE)
        .filter(_pool_filter(hand_picked, skill_ids))
        .values_list("pk", flat=True)
        .distinct()
    )


def _pool_filter(hand_picked: set[int], skill_ids: set[int]):
    from django.db.models import Q

    condition = Q(pk__in=hand_picked) if hand_picked else Q(pk__in=[])
    if skill_ids:
        condition |= Q(skills__in=skill_ids)
    return condition


def questions_by_version(version_ids: Iterable[int]) -> dict[int, Question]:
    """Version id -> the question as that version froze it, in one query."""
    return {
        version.pk: Question.from_version(
            version.pk, version.content, version.content.get("skills", ())
        )
        for version in QuestionVersion.objects.filter(pk__in=list(version_ids))
    }


def skill_names(skill_ids: Iterable[int]) -> dict[int, str]:
    return dict(Skill.objects.filter(pk__in=list(skill_ids)).values_list("pk", "name"))


def question_version_rows(version_ids: Iterable[int]) -> list[tuple]:
    """(version id, question id, key, stem, skill ids, [(option id, correct)])
    for each version, in one query: what item analysis needs of the bank."""
    return [
        (
            version_id,
            question_id,
            key,
            content.get("prompt", ""),
            tuple(content.get("skills", ())),
            [
                (str(option["id"]), bool(option.get("correct")))
                for option in content.get("options", ())
            ]
            + (
                [(ACCEPTABLE_ID, not any(o.get("correct") for o in content["options"]))]
                if content.get("kind") == "judge_output"
                else []
            ),
        )
        for version_id, question_id, key, content in QuestionVersion.objects.filter(
            pk__in=list(version_ids)
        ).values_list("pk", "question_id", "question__key", "content")
    ]


def question_version_skill_rows() -> Iterator[tuple[int, int]]:
    """(question version id, skill id) for every skill each frozen version is
    tagged with (the tags as learners answered them), read lazily in one query:
    what demonstrated skill needs of the bank (ADR 0025)."""
    versions = (
        QuestionVersion.objects.order_by()
        .values_list("pk", "content__skills")
        .iterator(chunk_size=5_000)
    )
    for version_id, skill_ids in versions:
        for skill_id in skill_ids or ():
            yield version_id, int(skill_id)


def lesson_titles(lesson_ids: Iterable[int]) -> dict[int, str]:
    return dict(
        LessonPage.objects.filter(pk__in=list(lesson_ids)).values_list("pk", "title")
    )
