import io
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts import personas
from learners import api as learners_api
from learners.demo import (
    DEMO_PASSWORD,
    DEPARTMENTS,
    PERSONAS,
    SEEDED_TARGET_NAME,
    _staff_counts,
    plan_people,
)
from learners.models import Department, Learner, Target

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Department.objects.count(),
        Learner.objects.count(),
        get_user_model().objects.count(),
        sorted(
            Learner.objects.values_list(
                "employee_id",
                "manager__employee_id",
                "department__name",
                "job_title",
                "status",
            )
        ),
    )


def test_demo_data_builds_a_believable_organisation():
    call_command("load_demo_data", learners=120, seed=7, stdout=io.StringIO())
    assert Learner.objects.count() == 120
    assert Department.objects.filter(
        parent__isnull=False, parent__parent__isnull=False
    ).exists()
    assert Department.objects.count() >= 10
    # Everyone but the chief executive has a manager, and chains are several deep.
    assert Learner.objects.filter(manager__isnull=True).count() == 1
    assert Learner.objects.filter(manager__manager__manager__isnull=False).exists()
    assert Learner.objects.exclude(role=None).count() > 100
    assert Learner.objects.filter(employee_id__startswith="NW0").exists()
    # The seeded target starts with the demo's history of completions, so its
    # burn-up and forecast have a past to draw on.
    target = Target.objects.get(name=SEEDED_TARGET_NAME)
    assert target.start_date == timezone.localdate() - timedelta(weeks=16)


def test_running_demo_data_twice_changes_nothing():
    call_command("load_demo_data", learners=80, seed=3, stdout=io.StringIO())
    first = _counts()
    call_command("load_demo_data", learners=80, seed=3, stdout=io.StringIO())
    assert _counts() == first


def test_same_seed_gives_the_same_organisation():
    roles = {
        "production-engineer": 1,
        "ai-product-manager": 2,
        "critical-business-user": 3,
    }
    departments = {plan.path: i for i, plan in enumerate(DEPARTMENTS)}

    def plan(seed):
        return plan_people(
            learners=150, seed=seed, role_ids=roles, department_ids=departments
        )

    assert plan(11) == plan(11)
    assert plan(11) != plan(12)


def test_persona_accounts_sign_in_and_belong_to_their_groups(client, capsys):
    call_command("load_demo_data", learners=60)
    out = capsys.readouterr().out
    for persona in PERSONAS:
        assert persona.persona in out
    editor = get_user_model().objects.get(email="grace.whitfield@northwind.example")
    assert editor.groups.filter(name=personas.LD_EDITORS).exists()
    assert set(Group.objects.values_list("name", flat=True)) >= set(personas.ALL_GROUPS)
    assert client.login(email="priya.raman@northwind.example", password=DEMO_PASSWORD)
    manager = Learner.objects.get(employee_id="NW90002")
    learner = Learner.objects.get(employee_id="NW90001")
    assert learners_api.learner_is_in_subtree(
        manager_id=manager.pk, learner_id=learner.pk
    )


def test_load_test_accounts_sign_in_with_verified_emails_and_run_twice_safely(client):
    from allauth.account.models import EmailAddress

    persona_ids = [p.employee_id for p in PERSONAS]
    call_command("load_demo_data", learners=60, load_users=10, stdout=io.StringIO())
    loaders = list(
        get_user_model()
        .objects.filter(emailaddress__verified=True)
        .exclude(learner__employee_id__in=persona_ids)
    )
    assert len(loaders) == 10
    assert client.login(email=loaders[0].email, password=DEMO_PASSWORD)
    hashes = {u.pk: u.password for u in loaders}

    out = io.StringIO()
    call_command("load_demo_data", learners=60, load_users=10, stdout=out)
    assert "Load-test accounts: 10 learners" in out.getvalue()
    assert EmailAddress.objects.filter(user__in=loaders).count() == 10
    again = get_user_model().objects.filter(pk__in=hashes)
    assert {u.pk: u.password for u in again} == hashes
    # Everyone else still has no usable password.
    others = (
        get_user_model()
        .objects.exclude(pk__in=hashes)
        .exclude(learner__employee_id__in=persona_ids)
    )
    assert others.exists()
    assert not any(u.has_usable_password() for u in others)


def test_demo_data_is_refused_where_not_allowed(settings):
    settings.ACADEMY_ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="published password"):
        call_command("load_demo_data")
    assert Learner.objects.count() == 0


def test_too_few_learners_is_a_clear_error():
    with pytest.raises(CommandError, match="at least"):
        call_command("load_demo_data", learners=3)


@pytest.mark.parametrize("staff", [0, 1, 17, 300])
def test_staff_are_shared_among_departments_by_weight_without_losing_anyone(staff):
    counts = _staff_counts(staff)
    assert sum(counts) == staff
    total_weight = sum(plan.weight for plan in DEPARTMENTS)
    for plan, count in zip(DEPARTMENTS, counts, strict=True):
        share = staff * plan.weight // total_weight
        assert share <= count <= share + 1


@pytest.mark.django_db(False)
def test_each_head_reports_to_the_head_of_the_department_above():
    departments = {plan.path: i for i, plan in enumerate(DEPARTMENTS)}
    path_of = {i: path for path, i in departments.items()}
    people = plan_people(learners=60, seed=5, role_ids={}, department_ids=departments)
    heads = people[: len(DEPARTMENTS)]
    head_of = {path_of[spec.department_id]: spec.employee_id for spec in heads}
    chief = head_of[("Executive Office",)]
    for spec in heads:
        path = path_of[spec.department_id]
        if path == ("Executive Office",):
            assert spec.manager_employee_id is None
        elif len(path) == 1:
            assert spec.manager_employee_id == chief
        else:
            assert spec.manager_employee_id == head_of[path[:-1]]
    # Everyone who is not a head has a manager.
    assert all(spec.manager_employee_id for spec in people[len(DEPARTMENTS) :])


def _history() -> dict[str, list]:
    """Everything the demo's progress writes, without its timestamps."""
    from learners.models import (
        AuditEvent,
        Certificate,
        CourseEnrolment,
        CurriculumEnrolment,
        LessonProgress,
        PolicyConfirmation,
        QuizAttempt,
        QuizResponse,
    )

    def rows(queryset, *fields):
        # Timestamps differ between two runs: keep only whether each is set.
        return sorted(
            (
                tuple(isinstance(v, datetime) or v for v in row)
                for row in queryset.values_list(*fields)
            ),
            key=repr,
        )

    return {
        "lessons": rows(
            LessonProgress.objects.all(),
            "learner__employee_id",
            "lesson_id",
            "course_id",
            "completed_at",
        ),
        # Each attempt draws and orders its questions from a seed of its own, so
        # two runs compare by what was scored, not by which versions were shown.
        "attempts": rows(
            QuizAttempt.objects.all(),
            "learner__employee_id",
            "lesson_id",
            "number",
            "mode",
            "status",
            "score_percent",
            "pass_mark",
            "passed",
        ),
        "responses": sorted(
            QuizResponse.objects.values_list(
                "attempt__learner__employee_id", "attempt__lesson_id", "correct"
            )
        ),
        "confirmations": rows(
            PolicyConfirmation.objects.all(),
            "learner__employee_id",
            "policy",
            "version",
            "lesson_id",
            "confirmed_at",
        ),
        "courses": rows(
            CourseEnrolment.objects.all(),
            "learner__employee_id",
            "course_id",
            "status",
            "progress",
            "required_lessons_total",
            "required_lessons_completed",
            "completion_reason",
            "started_at",
            "completed_at",
            "last_activity_at",
        ),
        "curricula": rows(
            CurriculumEnrolment.objects.all(),
            "learner__employee_id",
            "curriculum_id",
            "status",
            "progress",
            "required_courses_total",
            "required_courses_completed",
            "completion_reason",
            "started_at",
            "completed_at",
        ),
        "certificates": rows(
            Certificate.objects.all(),
            "learner__employee_id",
            "kind",
            "course_id",
            "curriculum_id",
            "learner_name",
            "item_title",
            "issued_on",
            "expires_on",
        ),
        "audit": rows(
            AuditEvent.objects.all(),
            "learner__employee_id",
            "action",
            "summary",
            "data",
            "actor_id",
        ),
    }


def test_bulk_progress_leaves_the_same_history_as_the_services():
    from django.db import transaction

    from courses import demo as courses_demo
    from learners import demo as learners_demo

    courses_demo.demo_content_load()
    learners_demo.demo_org_load(learners=90, seed=5)
    histories, results = {}, {}
    for bulk in (False, True):
        with transaction.atomic():
            results[bulk] = learners_demo.demo_progress_load(seed=5, bulk=bulk)
            histories[bulk] = _history()
            transaction.set_rollback(True)

    played, written = histories[False], histories[True]
    assert results[True] == results[False]
    # The demo is rich enough for the comparison to mean something: people
    # completed courses with and without knowledge checks, some curricula and
    # part of others.
    assert len(played["lessons"]) > 100
    assert played["attempts"]
    assert {row[1] for row in played["certificates"]} == {"course", "curriculum"}
    assert {row[2] for row in played["courses"]} == {"not_started", "completed"}
    assert {row[2] for row in played["curricula"]} == {
        "not_started",
        "in_progress",
        "completed",
    }
    for table in played:
        assert written[table] == played[table], table


def test_bulk_progress_runs_twice_without_changing_anything():
    from learners import demo as learners_demo

    call_command("load_demo_data", learners=70, seed=4, stdout=io.StringIO())
    before = _history()
    result = learners_demo.demo_progress_load(seed=4, bulk=True)
    assert result.completions == 0
    assert _history() == before


def test_demo_governance_certificates_expire_around_the_demo_window():
    from datetime import timedelta

    from django.utils import timezone

    from courses import demo as courses_demo
    from courses.models import CoursePage
    from learners import demo as learners_demo
    from learners.models import Certificate

    courses_demo.demo_content_load()
    learners_demo.demo_org_load(learners=90, seed=5)
    learners_demo.demo_progress_load(seed=5)
    governance = CoursePage.objects.get(slug="ai-governance-essentials")
    assert governance.validity_months == 12
    today = timezone.localdate()
    certificates = Certificate.objects.filter(course=governance)
    assert certificates.exists()
    assert not certificates.filter(expires_on__isnull=True).exists()
    soon = certificates.filter(
        expires_on__gte=today - timedelta(days=14),
        expires_on__lte=today + timedelta(days=42),
    )
    assert soon.exists()
    assert soon.count() < certificates.count()
    # Other courses have no validity period: their certificates never expire.
    assert (
        not Certificate.objects.exclude(course=governance)
        .filter(expires_on__isnull=False)
        .exists()
    )


def _flag_kinds(questions) -> set[str]:
    kinds = set()
    for flags in questions["flags"]:
        for flag in filter(None, flags.split("; ")):
            kinds.add(flag.split(":")[0])
    return kinds


def test_demo_responses_give_the_item_analysis_real_flags():
    from wagtail.models import Page

    from analytics.item_analysis import item_report
    from learners.models import QuizAttempt, QuizResponse

    # Page ids depend on what the database held before (other tests, a reused
    # database): move them on, so the simulated answers are shown to depend on
    # the seed alone.
    root = Page.objects.get(depth=1)
    for number in range(37):
        root.add_child(instance=Page(title=f"Gone {number}", slug=f"gone-{number}"))
    Page.objects.filter(slug__startswith="gone-").delete()

    call_command("load_demo_data", learners=120, seed=7, stdout=io.StringIO())
    questions, _checks = item_report()
    # Learners of varying ability answer questions of varying difficulty: the
    # report finds easy and hard questions and distractors nobody is tempted by.
    assert {"too easy", "too hard", "distractor nobody picks"} <= _flag_kinds(questions)
    # Some people needed more than one try; every passed check is one attempt.
    assert QuizAttempt.objects.filter(passed=False).exists()
    assert QuizResponse.objects.filter(seconds__isnull=True).count() == 0
    counts = (QuizAttempt.objects.count(), QuizResponse.objects.count())
    call_command("load_demo_data", learners=120, seed=7, stdout=io.StringIO())
    assert (QuizAttempt.objects.count(), QuizResponse.objects.count()) == counts


def test_demo_people_managers_are_enrolled_in_their_curriculum():
    from courses import demo as courses_demo
    from learners import demo as learners_demo
    from learners.models import AssignmentRule, CurriculumEnrolment

    courses_demo.demo_content_load()
    learners_demo.demo_org_load(learners=90, seed=5)
    learners_demo.demo_org_load(learners=90, seed=5)  # the rule is added once
    learners_demo.demo_progress_load(seed=5, bulk=True)

    # The rule comes just before the catch-all, after the engineers and product
    # people, so a head of engineering stays a production engineer.
    names = list(AssignmentRule.objects.order_by("sort_order").values_list("name"))
    names = [name for (name,) in names]
    assert names.count(learners_demo.PEOPLE_MANAGERS_RULE) == 1
    assert names.index(learners_demo.PEOPLE_MANAGERS_RULE) == (
        names.index("Everyone else") - 1
    )
    rule = AssignmentRule.objects.get(name=learners_demo.PEOPLE_MANAGERS_RULE)
    assert rule.role.slug == "people-manager"

    managers = Learner.objects.filter(role__slug="people-manager")
    titles = set(managers.values_list("job_title", flat=True))
    assert "Head of Supply Chain" in titles
    assert any(title.startswith("Team Lead") for title in titles)
    assert not any("Engineer" in title for title in titles)
    assert not Learner.objects.filter(
        job_title="Head of Platform Engineering", role__slug="people-manager"
    ).exists()
    enrolled = CurriculumEnrolment.objects.filter(
        curriculum__role__slug="people-manager"
    )
    assert enrolled.count() >= 5
    assert set(enrolled.values_list("learner__role__slug", flat=True)) == {
        "people-manager"
    }

    # The named persona accounts keep the roles the demo gives them.
    for persona in PERSONAS:
        learner = Learner.objects.get(employee_id=persona.employee_id)
        assert (learner.role.slug if learner.role else None) == persona.role, (
            persona.persona
        )
