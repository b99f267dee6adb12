"""How long a learner spent on each question of an attempt (ADR 0026).

``learners/static/learners/attempt.js`` measures, in the browser, the seconds
each question is focused or, when nothing in it is focused, the one most in
view, and posts them as ``t-<question id>`` fields with every check and
submission. The server trusts none of it blindly:

* a figure must be a plain, finite, non-negative number, else it is ignored
  (as if it had not been sent);
* a figure is clamped to the attempt's elapsed time: nobody spends longer on
  one question than on the whole attempt;
* questions without a usable figure share evenly what is left of the elapsed
  time once the measured questions and the already checked ones are taken off
  (never below zero). Without JavaScript no figure is sent at all, so the
  attempt's duration is split evenly over its questions.

Pure functions: no database, no request.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

TIME_PREFIX = "t-"
#: Longer values are junk, not seconds ("86400.5" is 7 characters).
MAX_FIELD_LENGTH = 16


def measured_seconds(
    data: Mapping[str, str], question_ids: Sequence[str]
) -> dict[str, float]:
    """The usable browser figures for ``question_ids``; junk is left out."""
    measured = {}
    for question_id in question_ids:
        raw = data.get(f"{TIME_PREFIX}{question_id}")
        if not isinstance(raw, str) or not raw or len(raw) > MAX_FIELD_LENGTH:
            continue
        try:
            value = float(raw)
        except ValueError:
            continue
        if math.isfinite(value) and value >= 0:
            measured[question_id] = value
    return measured


def question_seconds(
    *,
    measured: Mapping[str, float],
    question_ids: Sequence[str],
    elapsed: float,
    spent: float = 0.0,
) -> dict[str, float]:
    """Seconds for each of ``question_ids``, rounded to a tenth.

    ``elapsed`` is the attempt's time so far; ``spent`` the seconds already
    stored for questions outside ``question_ids`` (those checked earlier).
    """
    elapsed = max(float(elapsed), 0.0)
    figures = {
        question_id: min(measured[question_id], elapsed)
        for question_id in question_ids
        if question_id in measured
    }
    missing = [qid for qid in question_ids if qid not in figures]
    if missing:
        left = max(elapsed - spent - sum(figures.values()), 0.0)
        figures.update(dict.fromkeys(missing, left / len(missing)))
    return {question_id: round(figures[question_id], 1) for question_id in question_ids}
