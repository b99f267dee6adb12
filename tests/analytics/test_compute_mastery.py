"""Snapshot tables on demonstrated skill, from the hand-made organisation of
``tests.analytics.sample`` plus knowledge-check answers worked out by hand."""

from dataclasses import replace

import pandas as pd
import pytest

from analytics.compute import DEMONSTRATED_TABLES, TABLES, snapshot_compute
from tests.analytics.sample import (
    CLAIMS,
    DATA,
    GOVERNANCE,
    INFRASTRUCTURE,
    OPERATIONS,
    TODAY,
    sample_frames,
)

# Question versions 500, 501 and 502 ask about judging AI output (1000, needed
# at awareness: 0.6), data protection (1001, working knowledge: 0.7) and model
# monitoring (1002, working knowledge).
VERSION_SKILLS = pd.DataFrame(
    {"version_id": [500, 501, 502], "skill_id": [1000, 1001, 1002]}
)


def _answers(learner: int, version: int, results: list[bool], start: int) -> list:
    return [
        (
            start + i,
            learner,
            version,
            ok,
            pd.Timestamp("2026-05-01") + pd.Timedelta(i, "h"),
        )
        for i, ok in enumerate(results)
    ]


# L1: 2 of 3 on judging output (3/5 = 0.6, shown) and 3 of 4 on data protection
# (4/6 < 0.7, not shown, although L1 completed its course). L2: 6 of 8 on data
# protection (7/10 = 0.7, shown without the course). L4: 2 of 2 on monitoring,
# too few answers. L6 has left: never counts.
RESPONSES = pd.DataFrame(
    _answers(1, 500, [True, False, True], 1)
    + _answers(1, 501, [True, True, False, True], 10)
    + _answers(2, 501, [True, True, False, True, True, False, True, True], 20)
    + _answers(4, 502, [True, True], 40)
    + _answers(6, 500, [True] * 10, 50),
    columns=["response_id", "learner_id", "version_id", "correct", "answered_at"],
)


@pytest.fixture(scope="module")
def result():
    frames = replace(
        sample_frames(), responses=RESPONSES, version_skills=VERSION_SKILLS
    )
    return snapshot_compute(frames, today=TODAY)


def _row(frame: pd.DataFrame, **match) -> dict:
    mask = pd.Series(True, index=frame.index)
    for key, value in match.items():
        mask &= frame[key] == value
    rows = frame.loc[mask].to_dict(orient="records")
    assert len(rows) == 1, (match, rows)
    return rows[0]


def test_every_table_has_a_demonstrated_twin_and_the_disagreement_table(result):
    assert set(result.tables) == set(TABLES)
    for completed, demonstrated in DEMONSTRATED_TABLES.items():
        assert list(result.tables[demonstrated].columns) == list(
            result.tables[completed].columns
        )


def test_the_heatmap_on_demonstrated_skill(result):
    shown = result.tables["demonstrated_readiness"]
    completed = result.tables["readiness"]
    # Governance (judging output) in Claims: completed by L1 and L2, shown by L1.
    assert _row(completed, department_id=CLAIMS, blocker_id=GOVERNANCE)[
        "readiness"
    ] == pytest.approx(2 / 3)
    governance = _row(shown, department_id=CLAIMS, blocker_id=GOVERNANCE)
    assert governance["readiness"] == pytest.approx(1 / 3)
    # Data: completed by L1 only, shown by L2 only: the same figure, other people.
    data = _row(shown, department_id=CLAIMS, blocker_id=DATA)
    assert data["readiness"] == pytest.approx(1 / 3)
    # Infrastructure in Operations: L4 completed, but two answers are too few.
    infra = _row(shown, department_id=OPERATIONS, blocker_id=INFRASTRUCTURE)
    assert infra["readiness"] == 0.0
    # The people behind each figure are the same for both measures.
    assert (governance["people"], data["people"], infra["people"]) == (3, 3, 1)


def test_coverage_on_demonstrated_skill(result):
    skills = result.tables["demonstrated_skills"]
    assert (
        _row(skills, skill_id=1000)["required"],
        _row(skills, skill_id=1000)["attained"],
    ) == (3, 1)
    assert _row(skills, skill_id=1003)["attained"] == 0
    organisation = result.tables["demonstrated_organisation_readiness"]
    assert _row(organisation, blocker_id=GOVERNANCE)["readiness"] == pytest.approx(
        1 / 3
    )


def test_disagreement_counts_both_ways(result):
    table = result.tables["disagreement"]
    got = {
        (r["department_id"], r["skill_id"]): (
            r["required"],
            r["completed_only"],
            r["demonstrated_only"],
        )
        for r in table.to_dict("records")
    }
    assert got[(CLAIMS, 1000)] == (3, 1, 0)  # L2 completed, not shown
    assert got[(CLAIMS, 1001)] == (3, 1, 1)  # L1 completed only, L2 shown only
    assert got[(CLAIMS, 1003)] == (3, 2, 0)  # no question asks about prompting
    assert got[(OPERATIONS, 1002)] == (1, 1, 0)  # L4: too few answers
    assert got[(OPERATIONS, 1000)] == (3, 1, 0)  # the subtree's figures
    assert _row(table, department_id=CLAIMS, skill_id=1001)["skill"] == (
        "Data protection"
    )


def test_without_answers_nothing_is_demonstrated():
    result = snapshot_compute(sample_frames(), today=TODAY)
    assert (result.tables["demonstrated_skills"]["attained"] == 0).all()
    disagreement = result.tables["disagreement"]
    assert (disagreement["demonstrated_only"] == 0).all()
    assert disagreement["completed_only"].sum() > 0


# --- suppression, differences between tables included ---------------------------


def _hidden_cells(table) -> set[tuple[int, int]]:
    return {
        (int(r["department_id"]), int(r["skill_id"]))
        for r in table.rows
        if r.get("suppressed")
    }


def test_every_table_per_department_and_skill_hides_the_same_cells():
    """L5 joins Operations with role 10: Operations (4 people) minus Claims (3)
    would isolate L5, so Claims is hidden too (the complementary rule). The same
    cells must be hidden in coverage on either measure and in the disagreement
    table, or one table's shown figure minus another's would give them away."""
    from analytics import presenters as p
    from analytics.privacy import Audience

    frames = sample_frames()
    learners = frames.learners.assign(
        role_id=pd.array([10, 10, 10, 20, 10, 10], dtype="Int64")
    )
    frames = replace(
        frames, learners=learners, responses=RESPONSES, version_skills=VERSION_SKILLS
    )
    tables = snapshot_compute(frames, today=TODAY).tables
    audience = Audience(see_individuals=False, min_group_size=2)
    args = (tables["skills"], tables["departments"], audience)
    completed = p.department_skills_table(tables["department_skills"], *args)
    shown = p.department_skills_table(
        tables["demonstrated_department_skills"],
        tables["demonstrated_skills"],
        tables["departments"],
        audience,
    )
    disagreement = p.disagreement_table(tables["disagreement"], *args)

    hidden = _hidden_cells(completed)
    assert (CLAIMS, 1000) in hidden  # complementary: 4 - 3 = 1 person
    assert (OPERATIONS, 1002) in hidden  # primary: 1 person
    assert (OPERATIONS, 1000) not in hidden
    assert _hidden_cells(shown) == hidden
    assert _hidden_cells(disagreement) == hidden
    for row in disagreement.rows:
        if row.get("suppressed"):
            assert row["completed_only"] is None
            assert row["demonstrated_only"] is None
            assert row["note"] == "Hidden: fewer than 2 people"

    admin = Audience(see_individuals=True, min_group_size=2)
    seen = p.disagreement_table(
        tables["disagreement"], tables["skills"], tables["departments"], admin
    )
    assert not _hidden_cells(seen)
    assert seen.title == "Where completion and demonstrated skill disagree"
