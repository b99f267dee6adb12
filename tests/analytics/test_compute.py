"""The whole snapshot computed from hand-made frames (no database)."""

import json

import pandas as pd
import pytest

from analytics.compute import (
    TABLES,
    Frames,
    frame_from_payload,
    frame_to_payload,
    snapshot_compute,
)
from tests.analytics.sample import (
    CLAIMS,
    DATA,
    FINANCE,
    GOVERNANCE,
    INFRASTRUCTURE,
    OPERATIONS,
    SKILLS,
    TODAY,
    sample_frames,
)


@pytest.fixture(scope="module")
def result():
    return snapshot_compute(sample_frames(), today=TODAY)


def _row(frame: pd.DataFrame, **match) -> dict:
    mask = pd.Series(True, index=frame.index)
    for key, value in match.items():
        mask &= frame[key] == value
    rows = frame.loc[mask].to_dict(orient="records")
    assert len(rows) == 1, (match, rows)
    return rows[0]


def test_organisation_summary_counts_the_active_population_only(result):
    summary = result.summary
    assert summary["population"] == 5  # the leaver never counts
    assert summary["completed"] == 2  # L1 and L4
    assert summary["percent"] == 40.0
    assert summary["any_completed"] == 3  # L1, L2, L4
    assert summary["any_percent"] == 60.0
    assert summary["learners_total"] == 6
    assert summary["target_percent"] == 50.0  # the organisation-wide target's


def test_target_progress_is_on_track_at_the_recent_pace(result):
    target = _row(result.tables["targets"], target_id=1)
    assert target["scope"] == "Whole organisation"
    assert (target["population"], target["completed"]) == (5, 2)
    assert target["target_count"] == 3
    # Two completions in the last 8 weeks: 0.25 a week; one more takes 28 days.
    assert target["pace_per_week"] == 0.25
    assert target["forecast_date"] == "2026-06-29"
    assert target["status"] == "on_track"
    assert not result.tables["target_burnup"].empty


def test_departments_roll_up_their_subtree_and_keep_empty_ones(result):
    departments = result.tables["departments"]
    claims = _row(departments, department_id=CLAIMS)
    operations = _row(departments, department_id=OPERATIONS)
    finance = _row(departments, department_id=FINANCE)
    assert (claims["population"], claims["completed"]) == (3, 1)
    assert claims["path"] == "Operations › Claims"
    assert claims["depth"] == 1
    assert claims["parent_id"] == OPERATIONS
    assert (operations["population"], operations["completed"]) == (5, 2)
    assert operations["own_population"] == 2
    assert (finance["population"], finance["percent"]) == (0, 0.0)


def test_readiness_per_department_and_blocker_with_the_people_behind_it(result):
    readiness = result.tables["readiness"]
    governance = _row(readiness, department_id=CLAIMS, blocker_id=GOVERNANCE)
    data = _row(readiness, department_id=CLAIMS, blocker_id=DATA)
    infrastructure = _row(readiness, department_id=CLAIMS, blocker_id=INFRASTRUCTURE)
    assert governance["readiness"] == pytest.approx(2 / 3)
    assert not governance["below_benchmark"]  # 67% against 30%
    assert data["readiness"] == pytest.approx(1 / 3)
    assert data["below_benchmark"]  # 33% against 40%
    assert (governance["people"], data["people"]) == (3, 3)
    assert not infrastructure["has_data"]
    assert infrastructure["people"] == 0
    ops_infra = _row(readiness, department_id=OPERATIONS, blocker_id=INFRASTRUCTURE)
    assert ops_infra["readiness"] == 1.0
    assert ops_infra["people"] == 1
    assert governance["department"] == "Operations › Claims"
    assert governance["blocker"] == "Governance"
    organisation = result.tables["organisation_readiness"]
    assert not _row(organisation, blocker_id=SKILLS)["has_data"]
    assert _row(organisation, blocker_id=GOVERNANCE)["people"] == 3


def test_skill_coverage_organisation_and_per_department(result):
    skills = result.tables["skills"]
    protection = _row(skills, skill_id=1001)
    assert (protection["required"], protection["attained"]) == (3, 1)
    assert protection["blockers"] == "Data readiness"
    assert _row(skills, skill_id=1003)["blockers"] == ""
    per_department = result.tables["department_skills"]
    assert _row(per_department, department_id=CLAIMS, skill_id=1000)["attained"] == 2


def test_recommendation_closes_the_weakest_blocker(result):
    claims = _row(result.tables["recommendations"], department_id=CLAIMS)
    assert claims["blocker"] == "Data readiness"
    assert claims["course"] == "Data handling"
    assert claims["uplift"] == pytest.approx(2 / 3)
    assert claims["expected_readiness"] == pytest.approx(1.0)
    assert claims["learners_to_assign"] == 2  # L2 and L3
    assert claims["population"] == 3


def test_initiative_readiness_counts_trained_members_in_each_role(result):
    summary = _row(result.tables["initiatives"], initiative_id=7)
    assert (summary["headcount"], summary["filled"]) == (3, 2)
    assert summary["readiness"] == pytest.approx(2 / 3)
    assert summary["members"] == 3  # the leaver is not on the team any more
    assert summary["open_blockers"] == ["Data readiness"]
    assert summary["owner"] == "Amara Nwosu"
    roles = result.tables["initiative_roles"]
    assert _row(roles, role_id=10)["counted"] == 1
    assert _row(roles, role_id=20)["readiness"] == 1.0
    members = result.tables["initiative_members"]
    assert set(members["person"]) == {
        "Ines Duarte",
        "Ravi Menon",
        "Amara Nwosu",
        "Lars Berg",
    }
    assert bool(_row(members, learner_id=1)["curriculum_completed"]) is True


def test_missing_lists_what_the_dashboards_must_explain(result):
    missing = result.summary["missing"]
    assert missing["learners_without_role"] == 1
    assert missing["departments_without_learners"]["names"] == ["Finance"]
    assert missing["courses_without_skills"]["names"] == ["AI history"]
    assert missing["skills_without_blockers"]["names"] == ["Prompting"]
    assert missing["blockers_without_skills"]["names"] == ["Skills"]
    assert missing["roles_without_curriculum"]["count"] == 0


def test_payload_is_strict_json_and_round_trips(result):
    payload = result.payload()
    assert set(payload) == set(TABLES)
    json.dumps(payload, allow_nan=False)  # no NaN can reach a page
    json.dumps(result.summary, allow_nan=False)
    rebuilt = frame_from_payload(payload["departments"])
    assert list(rebuilt.columns) == list(result.tables["departments"].columns)
    assert (
        rebuilt["population"].tolist()
        == result.tables["departments"]["population"].tolist()
    )


def test_an_empty_organisation_gives_empty_tables_and_zeros():
    result = snapshot_compute(Frames.empty(), today=TODAY)
    assert result.summary["population"] == 0
    assert result.summary["percent"] == 0.0
    assert all(frame.empty for frame in result.tables.values())
    assert all(len(frame.columns) > 0 for frame in result.tables.values())
    json.dumps(result.payload(), allow_nan=False)


def test_inputs_are_not_modified():
    frames = sample_frames()
    before = {
        name: getattr(frames, name).copy() for name in frames.__dataclass_fields__
    }
    snapshot_compute(frames, today=TODAY)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(frames, name), frame)


def test_progress_is_reported_in_order():
    seen = []
    snapshot_compute(sample_frames(), today=TODAY, progress=lambda p, s: seen.append(p))
    assert seen == sorted(seen)
    assert seen[0] > 0
    assert seen[-1] < 100


def test_frame_to_payload_turns_missing_values_into_null():
    frame = pd.DataFrame({"a": [1.0, float("nan")], "b": pd.array([1, None], "Int64")})
    assert frame_to_payload(frame)["data"] == [[1.0, 1], [None, None]]
