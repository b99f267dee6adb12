"""The item analysis report: bank questions per knowledge check, from responses.

Loads the response rows through ``learners.api`` and the question versions and
check titles through ``courses.api`` (four queries whatever the number of rows),
then computes with the pure functions of ``analytics.metrics.items``. Versions
of one question are analysed together, as one question.
"""

from __future__ import annotations

import pandas as pd

from courses import api as courses_api
from learners import api as learners_api

from .metrics.items import ITEM_COLUMNS, item_statistics

QUESTION_COLUMNS = [
    "id",
    "question",
    "check",
    "skill",
    "attempts",
    "difficulty",
    "discrimination",
    "mean_seconds",
    "flags",
]
CHECK_COLUMNS = ["check", "questions", "answers", "mean_difficulty", "flagged"]


def _frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rows = pd.DataFrame(
        list(learners_api.quiz_response_rows()),
        columns=[
            "attempt_id",
            "check_id",
            "version_id",
            "correct",
            "selected",
            "seconds",
            "started_at",
            "submitted_at",
        ],
    )
    versions = pd.DataFrame(
        courses_api.question_version_rows(rows["version_id"].unique().tolist()),
        columns=["version_id", "question_id", "key", "stem", "skill_ids", "options"],
    )
    responses = rows.merge(
        versions[["version_id", "question_id"]], on="version_id", how="inner"
    ).assign(
        attempt_seconds=lambda f: (
            pd.to_datetime(f["submitted_at"]) - pd.to_datetime(f["started_at"])
        ).dt.total_seconds()
    )
    # The newest version says which options exist and which are right.
    latest = versions.sort_values("version_id").drop_duplicates(
        "question_id", keep="last"
    )
    options = (
        latest[["question_id", "options"]]
        .explode("options")
        .dropna(subset=["options"])
        .assign(
            option_id=lambda f: f["options"].str[0],
            correct=lambda f: f["options"].str[1].astype(bool),
        )[["question_id", "option_id", "correct"]]
    )
    return responses, options, latest


def item_report() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(one row per question and check, one row per check), both sorted."""
    responses, options, latest = _frames()
    stats = item_statistics(responses, options)
    if stats.empty:
        return (
            pd.DataFrame(columns=QUESTION_COLUMNS),
            pd.DataFrame(columns=CHECK_COLUMNS),
        )
    titles = courses_api.lesson_titles(stats["check_id"].unique().tolist())
    skill_ids = {s for ids in latest["skill_ids"] for s in ids}
    names = courses_api.skill_names(skill_ids)
    skills = latest[["question_id", "key", "stem", "skill_ids"]].assign(
        skill=lambda f: f["skill_ids"].map(
            lambda ids: ", ".join(sorted(names[i] for i in ids if i in names))
        )
    )
    table = stats.merge(skills, on="question_id", how="left").assign(
        check=lambda f: f["check_id"].map(titles).fillna(""),
        question=lambda f: f["stem"].str.slice(0, 120),
        id=lambda f: f["key"],
        difficulty=lambda f: f["difficulty"].round(3),
        discrimination=lambda f: f["discrimination"].round(3),
        mean_seconds=lambda f: f["mean_seconds"].round(1),
    )
    questions = table[QUESTION_COLUMNS].sort_values(["check", "id"], ignore_index=True)
    checks = (
        table.assign(is_flagged=table["flags"] != "")
        .groupby("check", as_index=False)
        .agg(
            questions=("id", "size"),
            answers=("attempts", "sum"),
            mean_difficulty=("difficulty", "mean"),
            flagged=("is_flagged", "sum"),
        )
        .assign(mean_difficulty=lambda f: f["mean_difficulty"].round(3))
    )
    return questions, checks[CHECK_COLUMNS]


__all__ = ["CHECK_COLUMNS", "ITEM_COLUMNS", "QUESTION_COLUMNS", "item_report"]
