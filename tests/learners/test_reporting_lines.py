"""The reporting line and each person's figures, kept by the database (ADR 0027).

Every write path is exercised (save, bulk_create, bulk_update, update(), delete,
raw SQL) and the kept tables are compared with what the source rows say.
"""

import random
import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from learners import reporting
from learners.models import (
    CourseEnrolment,
    EnrolmentStatus,
    Learner,
    LearnerFigures,
    ReportingLine,
)
from learners.selectors import learner_reporting_subtree_ids
from tests.factories import CoursePageFactory, LearnerFactory

pytestmark = pytest.mark.django_db


def kept_lines() -> set[tuple[int, int]]:
    return set(ReportingLine.objects.values_list("ancestor_id", "learner_id"))


def true_lines() -> set[tuple[int, int]]:
    """Each person and every manager above them, from the manager links."""
    managers = dict(Learner.objects.values_list("id", "manager_id"))
    lines = set()
    for person in managers:
        above, seen = managers[person], set()
        while above is not None and above not in seen and above != person:
            lines.add((above, person))
            seen.add(above)
            above = managers.get(above)
    return lines


def kept_figures() -> dict[int, tuple]:
    return {
        f.learner_id: (f.assigned, f.completed, f.last_activity_at, f.next_due_date)
        for f in LearnerFigures.objects.all()
    }


def true_figures() -> dict[int, tuple]:
    figures = {}
    for learner_id in CourseEnrolment.objects.values_list("learner_id", flat=True):
        rows = CourseEnrolment.objects.filter(learner_id=learner_id)
        open_due = [
            e.due_date
            for e in rows
            if e.status != EnrolmentStatus.COMPLETED and e.due_date
        ]
        activity = [e.last_activity_at for e in rows if e.last_activity_at]
        figures[learner_id] = (
            len(rows),
            sum(e.status == EnrolmentStatus.COMPLETED for e in rows),
            max(activity) if activity else None,
            min(open_due) if open_due else None,
        )
    return figures


def assert_figures_true():
    kept = kept_figures()
    for learner_id, figures in true_figures().items():
        assert kept[learner_id] == figures, learner_id
    # Anyone whose enrolments are all gone counts nothing.
    for learner_id in set(kept) - set(true_figures()):
        assert kept[learner_id][:2] == (0, 0)


@pytest.fixture
def chart(department):
    """Amara (head) > Bruno, Chen > Bruno's Dana > Dana's Elif; Farid on his own."""
    amara = LearnerFactory(department=department, user__first_name="Amara")
    bruno = LearnerFactory(manager=amara, user__first_name="Bruno")
    chen = LearnerFactory(manager=amara, user__first_name="Chen")
    dana = LearnerFactory(manager=bruno, user__first_name="Dana")
    elif_ = LearnerFactory(manager=dana, user__first_name="Elif")
    farid = LearnerFactory(user__first_name="Farid")
    return amara, bruno, chen, dana, elif_, farid


def test_a_new_person_is_below_every_manager_above_them(chart):
    amara, bruno, chen, dana, elif_, farid = chart
    assert kept_lines() == true_lines()
    assert learner_reporting_subtree_ids(manager_id=amara.pk) == {
        bruno.pk,
        chen.pk,
        dana.pk,
        elif_.pk,
    }
    assert learner_reporting_subtree_ids(manager_id=dana.pk) == {elif_.pk}
    assert learner_reporting_subtree_ids(manager_id=farid.pk) == set()


def test_moving_a_manager_moves_everyone_below_them(chart):
    amara, bruno, chen, dana, elif_, farid = chart
    dana.manager = farid
    dana.save()
    assert kept_lines() == true_lines()
    assert learner_reporting_subtree_ids(manager_id=farid.pk) == {dana.pk, elif_.pk}
    assert learner_reporting_subtree_ids(manager_id=amara.pk) == {bruno.pk, chen.pk}
    assert learner_reporting_subtree_ids(manager_id=bruno.pk) == set()


def test_removing_a_manager_and_deleting_a_person_leave_no_stale_line(chart):
    amara, bruno, chen, dana, elif_, farid = chart
    Learner.objects.filter(pk=bruno.pk).update(manager=None)
    assert kept_lines() == true_lines()
    assert learner_reporting_subtree_ids(manager_id=amara.pk) == {chen.pk}
    user = elif_.user
    elif_.delete()
    user.delete()
    assert kept_lines() == true_lines()
    assert learner_reporting_subtree_ids(manager_id=bruno.pk) == {dana.pk}
    # Deleting a manager: the reports are let go first (SET_NULL), then the row.
    dana.delete()
    assert kept_lines() == true_lines()
    assert not ReportingLine.objects.filter(ancestor_id=dana.pk).exists()


def test_bulk_writes_keep_the_line(chart, department):
    amara, bruno, chen, dana, elif_, farid = chart
    # Many at once, in one statement (as the roster import relinks managers).
    for person in (bruno, chen):
        person.manager = farid
    Learner.objects.bulk_update([bruno, chen], ["manager"])
    assert kept_lines() == true_lines()
    assert learner_reporting_subtree_ids(manager_id=farid.pk) == {
        bruno.pk,
        chen.pk,
        dana.pk,
        elif_.pk,
    }
    # A report written before their manager exists (ids chosen ahead, as a
    # bulk load does): the manager's later insert links the report too.
    future_manager = Learner.objects.order_by("-pk").first().pk + 10
    report = LearnerFactory.build(department=department)
    report.user.save()
    report.user_id = report.user.pk
    report.manager_id = future_manager
    with connection.constraint_checks_disabled():
        Learner.objects.bulk_create([report])
        head = LearnerFactory.build(department=department, manager=amara)
        head.user.save()
        head.user_id = head.user.pk
        head.pk = future_manager
        Learner.objects.bulk_create([head])
    assert kept_lines() == true_lines()
    assert report.pk in learner_reporting_subtree_ids(manager_id=amara.pk)


def test_raw_sql_writes_keep_the_line(chart):
    amara, bruno, chen, dana, elif_, farid = chart
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE learners_learner SET manager_id = %s WHERE id = %s",
            [chen.pk, bruno.pk],
        )
    assert kept_lines() == true_lines()
    assert learner_reporting_subtree_ids(manager_id=chen.pk) == {
        bruno.pk,
        dana.pk,
        elif_.pk,
    }


def test_any_sequence_of_moves_keeps_the_line_true(department):
    rng = random.Random(20261204)
    people = [LearnerFactory(department=department) for _ in range(14)]
    for _ in range(60):
        person = rng.choice(people)
        candidate = rng.choice([*people, None])
        # No cycles: the academy refuses them before they are written.
        if candidate is not None and (
            candidate.pk == person.pk
            or candidate.pk in learner_reporting_subtree_ids(manager_id=person.pk)
        ):
            continue
        Learner.objects.filter(pk=person.pk).update(manager=candidate)
        assert kept_lines() == true_lines()


def test_rebuilding_gives_what_the_triggers_kept(chart):
    amara, bruno, chen, dana, elif_, farid = chart
    course = CoursePageFactory()
    CourseEnrolment.objects.create(
        learner=dana, course=course, due_date=date(2026, 10, 1)
    )
    lines, figures = kept_lines(), kept_figures()
    reporting.rebuild_all()
    assert kept_lines() == lines == true_lines()
    assert kept_figures() == figures


def test_figures_follow_every_enrolment_write(learner):
    first, second, third = (CoursePageFactory() for _ in range(3))
    now = timezone.now()
    a = CourseEnrolment.objects.create(
        learner=learner, course=first, due_date=date(2026, 9, 1)
    )
    assert_figures_true()
    assert kept_figures()[learner.pk][:2] == (1, 0)
    CourseEnrolment.objects.bulk_create(
        [
            CourseEnrolment(learner=learner, course=second, due_date=date(2026, 8, 1)),
            CourseEnrolment(learner=learner, course=third, last_activity_at=now),
        ]
    )
    assert_figures_true()
    assert kept_figures()[learner.pk] == (3, 0, now, date(2026, 8, 1))
    # Completing the earliest-due course: the next open due date takes over.
    CourseEnrolment.objects.filter(course=second).update(
        status=EnrolmentStatus.COMPLETED
    )
    assert kept_figures()[learner.pk][1:] == (1, now, date(2026, 9, 1))
    a.due_date = None
    a.save()
    assert kept_figures()[learner.pk][3] is None
    later = now + timedelta(hours=2)
    CourseEnrolment.objects.filter(course=first).update(last_activity_at=later)
    assert kept_figures()[learner.pk][2] == later
    CourseEnrolment.objects.filter(learner=learner).delete()
    assert kept_figures()[learner.pk][:2] == (0, 0)
    assert_figures_true()


def test_a_progress_update_leaves_the_figures_alone(learner):
    CourseEnrolment.objects.create(learner=learner, course=CoursePageFactory())
    LearnerFigures.objects.filter(learner=learner).update(assigned=99)
    # Progress is not a figure My team sums: no recount, so the marker stays.
    CourseEnrolment.objects.filter(learner=learner).update(progress=0.5)
    assert kept_figures()[learner.pk][0] == 99


@pytest.mark.postgres  # concurrent transactions are only meaningful on PostgreSQL
@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolments_of_one_person_are_all_counted(department):
    person = LearnerFactory(department=department)
    courses = [CoursePageFactory() for _ in range(8)]
    start = threading.Barrier(len(courses))
    errors = []

    def enrol(course):
        try:
            from django.db import transaction

            with transaction.atomic():
                start.wait(timeout=10)
                CourseEnrolment.objects.create(learner=person, course=course)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=enrol, args=(c,)) for c in courses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert kept_figures()[person.pk][:2] == (8, 0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_of_the_line_leave_it_true(department):
    """One transaction moves a manager under a new head while another moves a
    report under that manager: whichever commits last sees the other's move."""
    head = LearnerFactory(department=department)
    manager = LearnerFactory(department=department)
    reports = [LearnerFactory(department=department) for _ in range(6)]
    start = threading.Barrier(len(reports) + 1)
    errors = []

    def move(person_id, manager_id):
        try:
            from django.db import transaction

            with transaction.atomic():
                start.wait(timeout=10)
                Learner.objects.filter(pk=person_id).update(manager_id=manager_id)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    moves = [(manager.pk, head.pk)] + [(r.pk, manager.pk) for r in reports]
    threads = [threading.Thread(target=move, args=m) for m in moves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert kept_lines() == true_lines()
    assert learner_reporting_subtree_ids(manager_id=head.pk) == {
        manager.pk,
        *(r.pk for r in reports),
    }
