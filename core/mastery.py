"""The demonstrated-skill rule (ADR 0025): plain constants and scalar functions.

A learner *demonstrates* a skill through knowledge-check answers, not course
completion. The evidence is their latest ``EVIDENCE_WINDOW`` scored answers to
questions tagged with the skill (an answer counts for every skill of its question
version). The estimate of how often they answer such questions right is the mean
of a Beta(1, 1) posterior, ``(right + 1) / (answered + 2)``: with no answers it is
0.5, and a few lucky answers cannot reach a high threshold. The skill is
demonstrated when there are at least ``MIN_ANSWERS`` answers and the estimate is
at or above the threshold of the level the learner's role requires.

Levels are the integers of ``courses.models.SkillLevel`` (1 awareness, 2 working
knowledge, 3 expert). Thresholds are whole percentages so that "at or above" is
an exact integer comparison, never a float one; ``analytics.metrics.mastery``
applies the same comparison to whole columns.

No Django, no pandas: the learner pages and the analytics metric both use these.
"""

from __future__ import annotations

from typing import Literal

#: How many of a learner's latest answers per skill count as evidence.
EVIDENCE_WINDOW = 10
#: Fewer answers than this are never enough to demonstrate a skill.
MIN_ANSWERS = 3
#: Beta(1, 1) prior: one imagined right and one imagined wrong answer.
PRIOR_RIGHT = 1
PRIOR_WRONG = 1

AWARENESS = 1
WORKING = 2
EXPERT = 3

#: Estimate (in whole percent) needed at each required level.
THRESHOLD_PERCENT: dict[int, int] = {AWARENESS: 60, WORKING: 70, EXPERT: 80}

DEMONSTRATED = "demonstrated"
NOT_YET = "not_yet"
NO_EVIDENCE = "no_evidence"

State = Literal["demonstrated", "not_yet", "no_evidence"]


def threshold_percent(level: int) -> int:
    """The whole-percent threshold of a required ``level`` (1, 2 or 3)."""
    try:
        return THRESHOLD_PERCENT[level]
    except KeyError:
        msg = f"unknown skill level {level!r}; expected one of 1, 2, 3"
        raise ValueError(msg) from None


def estimate(right: int, answered: int) -> float:
    """Posterior mean of the share answered right: (right + 1) / (answered + 2)."""
    if answered < 0 or not 0 <= right <= answered:
        msg = f"need 0 <= right <= answered, got right={right}, answered={answered}"
        raise ValueError(msg)
    return (right + PRIOR_RIGHT) / (answered + PRIOR_RIGHT + PRIOR_WRONG)


def is_demonstrated(right: int, answered: int, level: int) -> bool:
    """Enough answers, and the estimate at or above the level's threshold.

    ``right`` and ``answered`` count the evidence window only (at most
    ``EVIDENCE_WINDOW`` answers).
    """
    estimate(right, answered)  # validates the counts
    if answered < MIN_ANSWERS:
        return False
    # (right + 1) / (answered + 2) >= t / 100, in integers.
    return 100 * (right + PRIOR_RIGHT) >= threshold_percent(level) * (
        answered + PRIOR_RIGHT + PRIOR_WRONG
    )


def skill_state(right: int, answered: int, level: int) -> State:
    """ "demonstrated", "not_yet" (some answers, not enough) or "no_evidence"."""
    if answered == 0:
        return NO_EVIDENCE
    return DEMONSTRATED if is_demonstrated(right, answered, level) else NOT_YET
