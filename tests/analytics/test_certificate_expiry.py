"""Expired certificates stop counting from the day they expire (ADR 0023)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from analytics import compute, frames
from analytics.metrics.columns import FILLED, READINESS
from learners.models import Certificate, CertificateKind

pytestmark = pytest.mark.django_db


def _certify(learner, course, *, expires_on):
    return Certificate.objects.create(
        learner=learner,
        kind=CertificateKind.COURSE,
        course=course,
        learner_name=learner.full_name,
        item_title=course.title,
        issued_on=expires_on - timedelta(days=365),
        expires_on=expires_on,
    )


def _snapshot(day):
    return compute.snapshot_compute(frames.load_frames(today=day), today=day)


@pytest.fixture
def expiry_day(org, initiative):
    """Both Legal people and the initiative's first member hold a governance
    certificate that expires in ten days; one more expires the day after."""
    day = timezone.localdate() + timedelta(days=10)
    for person in [*org.legal_people, org.intake_people[0]]:
        _certify(person, org.judging, expires_on=day)
    _certify(org.intake_people[1], org.judging, expires_on=day + timedelta(days=1))
    return day


def test_an_expired_certificate_stops_counting_on_the_expiry_day(org, expiry_day):
    before = _snapshot(expiry_day - timedelta(days=1))
    on_the_day = _snapshot(expiry_day)

    # The day before, nothing has expired: 8 of 19 through their curriculum.
    assert before.summary["completed"] == 8
    assert before.summary["expired_completions"] == 0
    # On the day, three completions of "Judging AI output" are expired: those
    # people are no longer through their curriculum (they still have another
    # course, so "at least one course" keeps them).
    assert on_the_day.summary["completed"] == 5
    assert on_the_day.summary["any_completed"] == before.summary["any_completed"]
    assert on_the_day.summary["expired_completions"] == 3
    assert on_the_day.summary["expired_people"] == 3


def test_expiry_moves_targets_readiness_and_initiatives_on_the_day(org, expiry_day):
    before = _snapshot(expiry_day - timedelta(days=1)).tables
    after = _snapshot(expiry_day).tables

    targets_before = before["targets"].set_index("name")["completed"]
    targets_after = after["targets"].set_index("name")["completed"]
    assert (targets_after < targets_before).any()
    assert (targets_after <= targets_before).all()

    def governance(table):
        return table.loc[table["blocker"] == "Governance", READINESS].iloc[0]

    assert governance(after["organisation_readiness"]) < governance(
        before["organisation_readiness"]
    )
    # The initiative's first member no longer fills a seat of its role.
    assert after["initiatives"][FILLED].sum() == before["initiatives"][FILLED].sum() - 1


def test_the_enrolment_frame_shows_expired_as_its_own_state(org, expiry_day):
    statuses = frames.load_enrolments(today=expiry_day)["status"].astype(str)
    assert (statuses == "expired").sum() == 3
    assert (
        frames.load_enrolments(today=expiry_day - timedelta(days=1))["status"]
        .astype(str)
        .eq("expired")
        .sum()
        == 0
    )


def test_a_change_preview_moves_the_figures_as_the_overdue_renewals_do(org):
    """The preview's "if nobody renews" figures equal a snapshot taken on the
    due date after the change is applied and nobody renewed."""
    from analytics.impact import change_impact
    from learners.models import LessonProgress, MaterialChange
    from learners.services.renewals import material_change_apply
    from tests.factories import LessonPageFactory

    lesson = LessonPageFactory(parent=org.data, title="Classifying data")
    people = org.legal_people + org.intake_people[:2]
    now = timezone.now()
    for person in people:
        LessonProgress.objects.create(
            learner=person,
            lesson=lesson,
            course=org.data,
            first_viewed_at=now,
            last_viewed_at=now,
            completed_at=now,
        )
    change = MaterialChange.objects.create(
        revision_id=1,
        lesson=lesson,
        course=org.data,
        reason="Personal data now has its own class.",
        due_on=timezone.localdate() + timedelta(days=30),
    )
    impact = change_impact(course_id=org.data.pk, learner_ids=[p.pk for p in people])
    assert impact.completed_before == 8
    material_change_apply(change_id=change.pk)
    due = _snapshot(change.due_on)
    assert impact.completed_after == due.summary["completed"] == 4
    governance_after = {m.name: m.after for m in impact.blockers}
    readiness = due.tables["organisation_readiness"].set_index("blocker")[READINESS]
    for name, after in governance_after.items():
        assert after == pytest.approx(100 * readiness[name])
    assert governance_after  # data readiness falls


def test_the_enrolment_export_names_expired_completions(org):
    _certify(org.legal_people[0], org.judging, expires_on=timezone.localdate())
    export = frames.load_enrolment_export()
    row = export.loc[
        (export["learner_id"] == org.legal_people[0].pk)
        & (export["course_id"] == org.judging.pk)
    ].iloc[0]
    assert row["status"] == "expired"
