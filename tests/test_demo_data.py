import io
from datetime import timedelta

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
    call_command("load_demo_data", learners=120, seed=7, stdout=open("/dev/null", "w"))
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
    call_command("load_demo_data", learners=80, seed=3, stdout=open("/dev/null", "w"))
    first = _counts()
    call_command("load_demo_data", learners=80, seed=3, stdout=open("/dev/null", "w"))
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
