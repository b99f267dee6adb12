"""AI initiatives: the model, the admin for Academy admins and L&D, the demo."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import IntegrityError, transaction

from accounts import personas
from analytics import services
from analytics.demo import INITIATIVES, demo_analytics_load
from analytics.models import (
    Initiative,
    InitiativeMember,
    InitiativeRole,
    Snapshot,
    SnapshotTrigger,
)

pytestmark = pytest.mark.django_db


def test_a_role_is_listed_once_per_initiative(initiative, org):
    with pytest.raises(IntegrityError), transaction.atomic():
        InitiativeRole.objects.create(initiative=initiative, role=org.role, headcount=1)


def test_a_person_is_on_a_team_once(initiative, org):
    with pytest.raises(IntegrityError), transaction.atomic():
        InitiativeMember.objects.create(
            initiative=initiative, learner=org.intake_people[0]
        )


def test_a_head_count_is_at_least_one(initiative):
    from courses.models import Role

    other = Role.objects.get(slug="production-engineer")
    with pytest.raises(IntegrityError), transaction.atomic():
        InitiativeRole.objects.create(initiative=initiative, role=other, headcount=0)


def test_initiative_ensure_leaves_an_existing_initiative_alone(initiative, org):
    initiative.stage = "production"
    initiative.save()
    again, created = services.initiative_ensure(
        name="Claims triage assistant",
        department_id=None,
        stage="sandbox",
        owner_id=None,
        roles={},
        member_ids=[],
    )
    assert not created
    assert again.pk == initiative.pk
    again.refresh_from_db()
    assert again.stage == "production"
    assert again.members.count() == 6


def test_both_personas_may_manage_initiatives():
    for group in (personas.ACADEMY_ADMINS, personas.LD_EDITORS):
        codenames = set(
            Group.objects.get(name=group).permissions.values_list("codename", flat=True)
        )
        assert {
            "add_initiative",
            "change_initiative",
            "delete_initiative",
            "view_initiative",
        } <= codenames
    leadership = Group.objects.get(name=personas.LEADERSHIP)
    assert not leadership.permissions.filter(codename="add_initiative").exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("academy_admin", 200), ("ld_editor", 200), ("ld_reviewer", 302)],
)
def test_initiatives_in_the_admin(client, persona_user, persona, status):
    client.force_login(persona_user[persona])
    assert client.get("/admin/initiatives/").status_code == status
    assert client.get("/admin/initiatives/new/").status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("learner", 403),
        ("manager", 403),
        ("leadership", 403),
        ("ld_reviewer", 302),
        ("ld_editor", 200),
        ("academy_admin", 200),
    ],
)
def test_an_initiative_edit_and_inspect_screens_per_persona(
    client, persona_user, initiative, persona, status
):
    if persona_user[persona] is not None:
        client.force_login(persona_user[persona])
    for screen in ("edit", "inspect"):
        response = client.get(f"/admin/initiatives/{screen}/{initiative.pk}/")
        assert response.status_code == status, screen
        if status == 200:
            assert "Claims triage assistant" in response.content.decode()


def _inline(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
        data[f"{prefix}-{i}-ORDER"] = str(i + 1)
        data[f"{prefix}-{i}-id"] = ""
    return data


def test_an_ld_editor_creates_an_initiative_with_roles_and_team(
    client, persona_user, org
):
    from courses.models import Role

    engineer = Role.objects.get(slug="production-engineer")
    client.force_login(persona_user["ld_editor"])
    data = {
        "name": "Supplier invoice matching",
        "description": "Matches invoices to purchase orders.",
        "stage": "sandbox",
        "target_go_live": "",
        "department": str(org.finance.pk),
        "owner": str(org.finance_people[0].pk),
        **_inline(
            "required_roles",
            [
                {"role": str(engineer.pk), "headcount": "1"},
                {"role": str(org.role.pk), "headcount": "3"},
            ],
        ),
        **_inline(
            "members",
            [
                {"learner": str(p.pk), "responsibility": "Reviews matches"}
                for p in org.finance_people
            ],
        ),
    }
    response = client.post("/admin/initiatives/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    created = Initiative.objects.get(name="Supplier invoice matching")
    assert created.department == org.finance
    assert created.required_roles.count() == 2
    assert created.members.count() == 3


def test_the_demo_adds_initiatives_and_one_snapshot_once(org):
    # Without the demo organisation the initiatives are created all the same,
    # just without a department or team.
    created, snapshot = demo_analytics_load()
    assert created == len(INITIATIVES)
    assert snapshot.trigger == SnapshotTrigger.DEMO
    assert snapshot.status == "complete"
    created_again, same = demo_analytics_load()
    assert created_again == 0
    assert same.pk == snapshot.pk
    assert Snapshot.objects.count() == 1


def test_load_demo_data_shows_real_figures(settings):
    call_command("load_demo_data", learners=60, stdout=io.StringIO())
    snapshot = Snapshot.objects.current()
    assert snapshot is not None
    assert snapshot.population > 0
    assert Initiative.objects.filter(name="Claims triage assistant").exists()
    claims = Initiative.objects.get(name="Claims triage assistant")
    assert claims.members.count() > 0
    assert claims.owner is not None
    call_command("load_demo_data", learners=60, stdout=io.StringIO())
    assert Snapshot.objects.count() == 1
