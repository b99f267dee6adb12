"""Item analysis: how each bank question behaves across submitted attempts.

Pure pandas over one row per answered question (``responses``) and one row per
option of each question (``options``); no ORM. Every figure is computed with
groupbys and merges, never a loop over rows.

* ``attempts``: answers to the question.
* ``difficulty``: the share answered right (classical item facility, p).
* ``discrimination``: the point-biserial correlation between getting this item
  right (0/1) and the attempt's *rest score*, the share right among the
  attempt's other questions, so the item does not correlate with itself. Empty
  when either side does not vary.
* ``mean_seconds``: the mean time spent on the question: each response's own
  ``seconds`` (measured per question, ``learners/timing.py``, ADR 0026) or, for
  responses stored before time was measured per question, the attempt's time
  (``attempt_seconds``) shared equally over its questions.
* choice rates: the share of answers that picked each option.
* ``flags``: too easy (difficulty > 0.95), too hard (< 0.2), low discrimination
  (< 0.1, which includes negative), and every distractor nobody picked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

TOO_EASY = 0.95
TOO_HARD = 0.2
LOW_DISCRIMINATION = 0.1

RESPONSE_COLUMNS = [
    "attempt_id",
    "check_id",
    "question_id",
    "correct",
    "selected",
    "seconds",
    "attempt_seconds",
]
OPTION_COLUMNS = ["question_id", "option_id", "correct"]
ITEM_COLUMNS = [
    "question_id",
    "check_id",
    "attempts",
    "difficulty",
    "discrimination",
    "mean_seconds",
    "flags",
]


def item_statistics(responses: pd.DataFrame, options: pd.DataFrame) -> pd.DataFrame:
    """One row per (question, check): the columns of ``ITEM_COLUMNS``."""
    if responses.empty:
        return pd.DataFrame(columns=ITEM_COLUMNS)
    rows = responses.assign(right=responses["correct"].astype(float))
    per_attempt = rows.groupby("attempt_id").agg(
        attempt_right=("right", "sum"),
        attempt_items=("right", "size"),
    )
    rows = rows.join(per_attempt, on="attempt_id")
    others = rows["attempt_items"] - 1
    rows["rest"] = ((rows["attempt_right"] - rows["right"]) / others).where(others > 0)
    shared = rows["attempt_seconds"].astype(float) / rows["attempt_items"]
    rows["item_seconds"] = rows["seconds"].astype(float).fillna(shared)
    keys = ["question_id", "check_id"]
    stats = (
        rows.groupby(keys)
        .agg(
            attempts=("right", "size"),
            difficulty=("right", "mean"),
            mean_seconds=("item_seconds", "mean"),
        )
        .join(_point_biserial(rows, keys))
        .reset_index()
    )
    unused = _unused_distractors(rows, options, keys)
    stats = stats.merge(unused, on=keys, how="left")
    stats["flags"] = _flags(stats)
    return stats[ITEM_COLUMNS].sort_values(keys, ignore_index=True)


def _point_biserial(rows: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Pearson r of (right, rest) per group, from group sums (vectorised)."""
    paired = rows.dropna(subset=["rest"]).assign(
        xy=lambda f: f["right"] * f["rest"],
        xx=lambda f: f["right"] ** 2,
        yy=lambda f: f["rest"] ** 2,
    )
    means = paired.groupby(keys)[["right", "rest", "xy", "xx", "yy"]].mean()
    cov = means["xy"] - means["right"] * means["rest"]
    var_x = means["xx"] - means["right"] ** 2
    var_y = means["yy"] - means["rest"] ** 2
    denominator = np.sqrt(var_x * var_y)
    # Rounding noise can leave a tiny variance where there is none.
    r = (cov / denominator).where(denominator > 1e-12)
    return r.rename("discrimination")


def choice_rates(responses: pd.DataFrame, options: pd.DataFrame) -> pd.DataFrame:
    """The share of answers to each question that picked each of its options."""
    answers = responses.groupby("question_id").size().rename("answers")
    picks = (
        responses[["question_id", "selected"]]
        .explode("selected")
        .dropna(subset=["selected"])
        .rename(columns={"selected": "option_id"})
        .groupby(["question_id", "option_id"])
        .size()
        .rename("picks")
    )
    table = options.join(picks, on=["question_id", "option_id"]).join(
        answers, on="question_id"
    )
    table["picks"] = table["picks"].fillna(0).astype(int)
    table["rate"] = (table["picks"] / table["answers"]).fillna(0.0)
    return table[["question_id", "option_id", "correct", "picks", "rate"]]


def _unused_distractors(
    rows: pd.DataFrame, options: pd.DataFrame, keys: list[str]
) -> pd.DataFrame:
    rates = choice_rates(rows, options)
    unused = rates[(~rates["correct"]) & (rates["picks"] == 0)]
    checks = rows[keys].drop_duplicates()
    named = (
        unused.groupby("question_id")["option_id"]
        .agg(lambda ids: ", ".join(sorted(ids)))
        .rename("unused")
    )
    return checks.join(named, on="question_id")


def _flags(stats: pd.DataFrame) -> pd.Series:
    parts = pd.DataFrame(
        {
            "easy": np.where(stats["difficulty"] > TOO_EASY, "too easy", ""),
            "hard": np.where(stats["difficulty"] < TOO_HARD, "too hard", ""),
            "disc": np.where(
                stats["discrimination"] < 0,
                "negative discrimination",
                np.where(
                    stats["discrimination"] < LOW_DISCRIMINATION,
                    "low discrimination",
                    "",
                ),
            ),
            "unused": np.where(
                stats["unused"].notna(),
                "distractor nobody picks: " + stats["unused"].fillna(""),
                "",
            ),
        },
        index=stats.index,
    )
    joined = parts["easy"]
    for name in ("hard", "disc", "unused"):
        joined = joined + "; " + parts[name]
    return joined.str.replace(r"(; )+", "; ", regex=True).str.strip("; ")
