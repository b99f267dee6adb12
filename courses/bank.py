"""Pure rules of the question bank: validation, drawing and shuffling.

No database here. A draw is a function of the pools, the live candidates and
the attempt's seed, so the same attempt always shows the same questions in the
same order, with the same option order (ADR 0018).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .data import ACCEPTABLE_ID, Pool, Question, QuestionKind

#: The largest seed stored on an attempt (it fits a signed 64-bit column).
SEED_MAX = 2**62


def question_problems(question: Mapping) -> list[str]:
    """What is wrong with one question (bank or inline); empty when sound."""
    kind = question["kind"]
    options = list(question["options"])
    option_ids = [str(option["id"]) for option in options]
    correct = [option for option in options if option.get("correct")]
    problems = []
    if len(options) < 2:
        problems.append("A question needs at least two options.")
    if any(not option_id for option_id in option_ids):
        problems.append("Every option needs an id.")
    if len(set(option_ids)) != len(option_ids):
        problems.append("Each option needs a different id.")
    if ACCEPTABLE_ID in option_ids:
        problems.append(
            f"'{ACCEPTABLE_ID}' is the id of the 'acceptable as written' answer "
            "every judge-the-output question offers; pick another id."
        )
    if kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE) and len(correct) != 1:
        problems.append("Mark exactly one option as correct.")
    if kind == QuestionKind.MULTIPLE and not correct:
        problems.append("Mark at least one option as correct.")
    if kind == QuestionKind.TRUE_FALSE and sorted(option_ids) != ["false", "true"]:
        problems.append("A true/false question has two options, ids 'true', 'false'.")
    if kind == QuestionKind.JUDGE_OUTPUT and not (
        question.get("ai_prompt") and question.get("ai_answer")
    ):
        problems.append("Judge the AI output needs both the AI prompt and its answer.")
    return problems


@dataclass(frozen=True)
class Candidate:
    question_id: int
    skill_ids: tuple[int, ...]


def pool_candidates(pool: Pool, live: Sequence[Candidate]) -> list[int]:
    """The live question ids a pool may draw, in a stable order."""
    if pool.question_ids:
        wanted = set(pool.question_ids)
        ids = [c.question_id for c in live if c.question_id in wanted]
    elif pool.skill_id is not None:
        ids = [c.question_id for c in live if pool.skill_id in c.skill_ids]
    else:
        ids = []
    return sorted(ids)


def draw_questions(
    pools: Sequence[Pool], live: Sequence[Candidate], seed: int
) -> list[int]:
    """Question ids for one attempt, in the order shown.

    Each pool gives up to ``draw`` questions not already drawn by an earlier pool;
    the combined list is then shuffled, all from ``seed``.
    """
    rng = random.Random(seed)  # noqa: S311 - seeded on purpose
    drawn: list[int] = []
    for pool in pools:
        candidates = [
            qid for qid in pool_candidates(pool, live) if qid not in set(drawn)
        ]
        drawn.extend(rng.sample(candidates, min(pool.draw, len(candidates))))
    rng.shuffle(drawn)
    return drawn


def option_order(question: Question, seed: int) -> list[str]:
    """The option ids in the order this attempt shows them.

    True/false keeps True before False; every other kind is shuffled, the
    judge-the-output flaws included, with 'acceptable as written' always last.
    """
    ids = [option.id for option in question.options]
    if question.kind != QuestionKind.TRUE_FALSE:
        rng = random.Random(f"{seed}:{question.id}")  # noqa: S311 - seeded on purpose
        rng.shuffle(ids)
    if question.kind == QuestionKind.JUDGE_OUTPUT:
        ids.append(ACCEPTABLE_ID)
    return ids


def skill_breakdown(
    questions: Iterable[Question], correct: Mapping[str, bool]
) -> dict[int | None, tuple[int, int]]:
    """Skill id -> (right, asked) over the questions; None for no skill."""
    totals: dict[int | None, list[int]] = {}
    for question in questions:
        for skill_id in question.skill_ids or (None,):
            right_asked = totals.setdefault(skill_id, [0, 0])
            right_asked[0] += bool(correct.get(question.id))
            right_asked[1] += 1
    return {skill_id: (pair[0], pair[1]) for skill_id, pair in totals.items()}
