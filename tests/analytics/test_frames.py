"""Frames loaded from the database: one query per table, the documented columns."""

from datetime import date

import pandas as pd
import pytest

from analytics import frames
from analytics.compute import FRAME_COLUMNS, snapshot_compute
from learners import api as learners_api
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


def test_every_frame_has_the_documented_columns(org, initiative):
    loaded = frames.load_frames()
    for name, columns in FRAME_COLUMNS.items():
        assert tuple(getattr(loaded, name).columns) == columns, name


def test_learners_frame_holds_ids_and_status(org):
    learners = frames.load_learners()
    assert len(learners) == 19
    assert learners["learner_id"].dtype == "int64"
    assert str(learners["department_id"].dtype) == "Int64"
    assert str(learners["role_id"].dtype) == "Int64"
    assert set(learners["status"]) == {"active"}
    mine = learners.loc[learners["learner_id"] == org.legal_people[0].pk].iloc[0]
    assert mine["department_id"] == org.legal.pk
    assert mine["role_id"] == org.role.pk


def test_enrolments_frame_has_naive_utc_completion_times(org):
    enrolments = frames.load_enrolments()
    assert len(enrolments) == 25
    assert enrolments["completed_at"].dtype.kind == "M"
    assert getattr(enrolments["completed_at"].dt, "tz", None) is None
    open_ones = enrolments.loc[enrolments["status"] != "completed"]
    assert open_ones["completed_at"].isna().all()


def test_departments_frame_keeps_the_tree(org):
    departments = frames.load_departments().set_index("department_id")
    assert departments.loc[org.intake.pk, "parent_id"] == org.operations.pk
    assert pd.isna(departments.loc[org.operations.pk, "parent_id"])


def test_content_frames_come_from_the_courses_api(org):
    curriculum = frames.load_curriculum_courses()
    mine = curriculum.loc[curriculum["role_id"] == org.role.pk]
    assert set(mine["course_id"]) == {org.judging.pk, org.data.pk}
    assert mine["required"].dtype == bool
    blockers = frames.load_blockers().set_index("name")
    assert blockers.loc["Governance", "benchmark"] == pytest.approx(0.30)
    skill_blockers = frames.load_skill_blockers()
    assert skill_blockers["weight"].dtype == float
    assert org.judging.pk in set(frames.load_course_skills()["course_id"])
    assert "Judging AI output" in set(frames.load_courses()["title"])


def test_initiative_frames_name_the_owner_and_members(org, initiative):
    initiatives = frames.load_initiatives()
    assert initiatives.iloc[0]["owner"] == "Ines Duarte"
    members = frames.load_initiative_members()
    assert len(members) == 6
    assert "Ravi Menon" in set(members["person"])
    roles = frames.load_initiative_roles()
    assert roles.iloc[0]["headcount"] == 6


def test_each_table_is_one_query_whatever_its_size(
    org, initiative, django_assert_num_queries
):
    with django_assert_num_queries(len(frames.LOADERS)):
        frames.load_frames()
    for _ in range(5):
        LearnerFactory(department=org.intake, role=org.role)
    with django_assert_num_queries(1):
        frames.load_learners()
    with django_assert_num_queries(1):
        frames.load_enrolments()


def test_read_frame_reads_in_chunks_and_applies_types():
    rows = [(i, None if i % 2 else i * 10, "active") for i in range(5)]
    frame = frames.read_frame(
        rows,
        ("learner_id", "department_id", "status"),
        dtypes={"learner_id": "int64", "department_id": "Int64"},
        chunk_size=2,
    )
    assert frame["learner_id"].tolist() == [0, 1, 2, 3, 4]
    assert frame["department_id"].isna().tolist() == [False, True, False, True, False]
    empty = frames.read_frame([], ("learner_id", "status"))
    assert list(empty.columns) == ["learner_id", "status"]
    assert empty.empty


def test_loaded_frames_compute_the_expected_figures(org, initiative):
    from django.utils import timezone

    result = snapshot_compute(frames.load_frames(), today=timezone.localdate())
    departments = result.tables["departments"].set_index("department_id")
    assert departments.loc[org.intake.pk, "completed"] == 5
    assert departments.loc[org.operations.pk, "population"] == 14
    assert departments.loc[org.operations.pk, "completed"] == 6
    assert departments.loc[org.finance.pk, "population"] == 3
    assert departments.loc[org.procurement.pk, "population"] == 0


def test_long_export_frame_names_people_courses_and_departments(org):
    frame = frames.load_enrolment_export()
    assert len(frame) == 25
    row = frame.loc[frame["learner_id"] == org.legal_people[0].pk].iloc[0]
    assert row["learner"] == "Lucía Moreno"
    assert row["department"] == "Legal"
    assert row["course"] in {"Judging AI output", "Handling data safely"}
    assert row["role"] == "Critical business user"


def test_completion_times_survive_the_trip_as_epoch_seconds(org):
    from learners.models import CourseEnrolment

    stored = CourseEnrolment.objects.filter(completed_at__isnull=False).first()
    enrolments = frames.load_enrolments()
    row = enrolments.loc[
        (enrolments["learner_id"] == stored.learner_id)
        & (enrolments["course_id"] == stored.course_id)
    ].iloc[0]
    expected = pd.Timestamp(stored.completed_at).tz_convert("UTC").tz_localize(None)
    assert abs(row["completed_at"] - expected) < pd.Timedelta(milliseconds=1)


def test_big_tables_skip_django_iteration_and_dates_keep_their_type(org):
    # Ids, text and numbers need no conversion: read straight from the cursor.
    assert frames._plain_sql(learners_api.learner_frame_rows()) is not None
    assert frames._plain_sql(learners_api.course_enrolment_frame_rows()) is not None
    # Whatever path a table takes, dates come out as dates.
    targets = frames.load_targets()
    assert isinstance(targets.iloc[0]["start_date"], date)
