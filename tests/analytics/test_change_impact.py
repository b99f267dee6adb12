"""A material change's preview comparison: from today's snapshot when it is
current, else from the live records; both equal the applied effect (ADR 0023)."""

from datetime import timedelta

import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from analytics import compute, frames, services
from analytics.impact import (
    BASIS_LIVE,
    BASIS_SNAPSHOT,
    change_impact,
    change_impact_live,
)
from analytics.metrics.columns import READINESS
from analytics.metrics.renewals import renewal_losses, renewal_rule
from analytics.models import SnapshotTrigger
from learners.models import (
    Certificate,
    CertificateKind,
    CourseEnrolment,
    EnrolmentStatus,
    LessonProgress,
    MaterialChange,
)
from learners.services.renewals import affected_learner_ids, material_change_apply
from tests.factories import (
    CoursePageFactory,
    CourseSkillFactory,
    LearnerFactory,
    LessonPageFactory,
)

pytestmark = pytest.mark.django_db

REASON = "Personal data now has its own class."


def _complete_lesson(people, lesson, course):
    now = timezone.now()
    LessonProgress.objects.bulk_create(
        LessonProgress(
            learner=person,
            lesson=lesson,
            course=course,
            first_viewed_at=now,
            last_viewed_at=now,
            completed_at=now,
        )
        for person in people
    )


def _change(lesson, course, revision_id=1):
    return MaterialChange.objects.create(
        revision_id=revision_id,
        lesson=lesson,
        course=course,
        reason=REASON,
        due_on=timezone.localdate() + timedelta(days=30),
    )


def _snapshot(run_key="test:today"):
    return services.snapshot_run(run_key=run_key, trigger=SnapshotTrigger.MANUAL)


def _figures(impact):
    return (
        impact.population,
        impact.completed_before,
        impact.completed_after,
        impact.percent_before,
        impact.percent_after,
        impact.target_percent,
        # Readiness is a weighted mean of shares: equal to the last few bits.
        [(m.name, round(m.before, 9), round(m.after, 9)) for m in impact.blockers],
    )


@pytest.fixture
def change(org):
    """A change to a lesson of "Handling data safely" that six people completed:

    - both Legal people and two in Claims Intake, through their curriculum;
      one of the Legal people also took "Data refresher", which teaches the
      same skill, so they keep the skill but not their curriculum;
    - one in Claims Intake who has only started the course (nothing to lose);
    - the one in Operations who finished, whose certificate for the course has
      expired already (lost before the change: nothing more to lose).
    """
    refresher = CoursePageFactory(title="Data refresher")
    skill = org.data.course_skills.get().skill
    CourseSkillFactory(page=refresher, skill=skill)
    CourseEnrolment.objects.create(
        learner=org.legal_people[0],
        course=refresher,
        status=EnrolmentStatus.COMPLETED,
        progress=1.0,
        completed_at=timezone.now() - timedelta(days=3),
    )
    expired = org.operations_people[0]
    Certificate.objects.create(
        learner=expired,
        kind=CertificateKind.COURSE,
        course=org.data,
        learner_name=expired.full_name,
        item_title=org.data.title,
        issued_on=timezone.localdate() - timedelta(days=400),
        expires_on=timezone.localdate() - timedelta(days=1),
    )
    lesson = LessonPageFactory(parent=org.data, title="Classifying data")
    people = [
        *org.legal_people,
        *org.intake_people[:2],
        org.intake_people[6],
        expired,
    ]
    _complete_lesson(people, lesson, org.data)
    return _change(lesson, org.data)


def test_both_bases_give_the_applied_effect(org, change):
    snapshot = _snapshot()
    ids = affected_learner_ids(change=change)
    from_snapshot = change_impact(course_id=org.data.pk, learner_ids=ids)
    live = change_impact_live(
        course_id=org.data.pk, learner_ids=ids, today=timezone.localdate()
    )

    assert from_snapshot.basis == BASIS_SNAPSHOT
    assert from_snapshot.computed_at == snapshot.computed_at
    assert live.basis == BASIS_LIVE
    assert _figures(from_snapshot) == _figures(live)
    # 8 finished their curriculum; the expired certificate takes one off today.
    # The four who completed both courses lose it; the one who only started
    # the course and the one whose certificate expired have nothing to lose.
    assert (from_snapshot.completed_before, from_snapshot.completed_after) == (7, 3)
    # "Classifying data" is attained by 7 of 19 today; three lose it (the
    # refresher keeps it for the fourth).
    (move,) = from_snapshot.blockers
    assert move.before == pytest.approx(100 * 7 / 19)
    assert move.after == pytest.approx(100 * 4 / 19)

    material_change_apply(change_id=change.pk)
    due = compute.snapshot_compute(
        frames.load_frames(today=change.due_on), today=change.due_on
    )
    assert due.summary["completed"] == from_snapshot.completed_after
    readiness = due.tables["organisation_readiness"].set_index("blocker")[READINESS]
    assert move.after == pytest.approx(100 * readiness[move.name])


def test_without_a_snapshot_of_today_the_figures_are_computed_live(org, change):
    ids = affected_learner_ids(change=change)
    assert change_impact(course_id=org.data.pk, learner_ids=ids).basis == BASIS_LIVE

    yesterday = timezone.localdate() - timedelta(days=1)
    services.snapshot_run(
        run_key="test:yesterday", trigger=SnapshotTrigger.MANUAL, today=yesterday
    )
    impact = change_impact(course_id=org.data.pk, learner_ids=ids)
    assert impact.basis == BASIS_LIVE
    assert (impact.completed_before, impact.completed_after) == (7, 3)


def test_a_completion_after_the_snapshot_makes_it_stale(org, change):
    _snapshot()
    finance = org.finance_people[0]
    CourseEnrolment.objects.filter(learner=finance, course=org.judging).update(
        status=EnrolmentStatus.COMPLETED, completed_at=timezone.now()
    )
    impact = change_impact(
        course_id=org.data.pk, learner_ids=affected_learner_ids(change=change)
    )
    assert impact.basis == BASIS_LIVE


def test_a_person_changed_after_the_snapshot_makes_it_stale(org, change):
    _snapshot()
    LearnerFactory(role=org.role, department=org.legal)
    impact = change_impact(
        course_id=org.data.pk, learner_ids=affected_learner_ids(change=change)
    )
    assert impact.basis == BASIS_LIVE
    assert impact.population == 20


def test_a_curriculum_published_after_the_snapshot_makes_it_stale(org, change):
    _snapshot()
    _curriculum_of(org).save_revision().publish()
    impact = change_impact(
        course_id=org.data.pk, learner_ids=affected_learner_ids(change=change)
    )
    assert impact.basis == BASIS_LIVE


def test_publishing_the_changed_lesson_keeps_the_snapshot_current(org, change):
    """Approving a material change publishes the lesson: that alone must not
    send the preview to the slow basis."""
    _snapshot()
    change.lesson.specific.save_revision().publish()
    impact = change_impact(
        course_id=org.data.pk, learner_ids=affected_learner_ids(change=change)
    )
    assert impact.basis == BASIS_SNAPSHOT


def _curriculum_of(org):
    from courses.models import CurriculumPage

    return CurriculumPage.objects.get(role=org.role)


def test_snapshot_basis_queries_do_not_grow_with_the_people_affected(org):
    few_lesson = LessonPageFactory(parent=org.data, title="Few")
    many_lesson = LessonPageFactory(parent=org.judging, title="Many")
    _complete_lesson(org.legal_people[:1], few_lesson, org.data)
    _complete_lesson(
        [*org.intake_people, *org.legal_people, *org.operations_people],
        many_lesson,
        org.judging,
    )
    few = _change(few_lesson, org.data, revision_id=1)
    many = _change(many_lesson, org.judging, revision_id=2)
    _snapshot()

    def measured(change):
        with CaptureQueriesContext(connection) as queries:
            impact = change_impact(
                course_id=change.course_id,
                learner_ids=affected_learner_ids(change=change),
            )
        assert impact.basis == BASIS_SNAPSHOT
        return impact, len(queries)

    few_impact, few_queries = measured(few)
    many_impact, many_queries = measured(many)
    assert (few_impact.completed_before - few_impact.completed_after) == 1
    assert (many_impact.completed_before - many_impact.completed_after) == 8
    assert many_queries == few_queries
    assert few_queries <= 15


def test_the_change_page_says_which_basis_it_used(client, org, change, ld_reviewer):
    client.force_login(ld_reviewer)
    url = reverse("learners:material_change", kwargs={"change_id": change.pk})

    page = client.get(url)
    assert 'data-impact-basis="live"' in page.text
    assert "Computed now from live records" in page.text

    snapshot = _snapshot()
    page = client.get(url)
    local = timezone.localtime(snapshot.computed_at)
    assert 'data-impact-basis="snapshot"' in page.text
    assert f"Based on today’s analytics snapshot ({local:%H:%M})" in page.text
    assert "→ <strong>15.8%</strong> (3)" in page.text


def test_renewal_losses_follow_the_completion_and_skill_rules():
    """Pure rule on hand-made frames: role 1 requires courses 10 and 11, which
    teach skills 100 and 101; course 12 also teaches skill 101."""
    curriculum = pd.DataFrame(
        {
            "role_id": [1, 1, 2],
            "curriculum_id": [5, 5, 6],
            "course_id": [10, 11, 12],
            "required": [True, True, True],
        }
    )
    skills = pd.DataFrame(
        {"course_id": [10, 11, 12], "skill_id": [100, 101, 101], "level": [1, 1, 1]}
    )
    rule = renewal_rule(curriculum, skills, course_id=11)
    assert rule.courses == {10, 11, 12}
    losses = renewal_losses(
        rule,
        [
            (1, frozenset({10, 11}), 4),  # lose curriculum and skill 101
            (1, frozenset({10, 11, 12}), 2),  # lose curriculum, keep skill 101
            (1, frozenset({11}), 3),  # had no curriculum; lose skill 101
            (2, frozenset({11}), 5),  # role 2 requires 101 through course 12
            (None, frozenset({11}), 7),  # no role: requires nothing
            (1, frozenset({10}), 9),  # did not complete the course
        ],
    )
    assert losses.completed == 6
    assert losses.skills.set_index("skill_id")["lost"].to_dict() == {101: 12}
