"""SCIM Groups are departments: their members are the people directly in them."""

from urllib.parse import quote

import pytest

from learners.models import AssignmentRule, AuditAction, AuditEvent, Department, Learner
from tests.factories import DepartmentFactory, LearnerFactory

GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

pytestmark = pytest.mark.django_db


def members(body):
    return sorted(int(m["value"]) for m in body.get("members", []))


def test_create_a_group_makes_a_top_level_department_with_its_members(scim):
    ana = LearnerFactory(user__first_name="Ana", user__last_name="Lima")
    response = scim.post(
        "Groups",
        {
            "schemas": [GROUP],
            "displayName": "Fraud Analytics",
            "externalId": "grp-42",
            "members": [{"value": str(ana.pk)}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    department = Department.objects.get(pk=body["id"])
    assert department.name == "Fraud Analytics"
    assert department.parent_id is None
    assert department.external_id == "grp-42"
    ana.refresh_from_db()
    assert ana.department_id == department.pk
    assert members(body) == [ana.pk]
    assert body["members"][0]["$ref"].endswith(f"/scim/v2/Users/{ana.pk}")
    assert AuditEvent.objects.filter(
        learner=ana, action=AuditAction.PROVISIONED
    ).exists()


def test_a_group_name_in_use_is_a_409(scim):
    DepartmentFactory(name="Claims")
    response = scim.post("Groups", {"schemas": [GROUP], "displayName": "claims"})
    assert response.status_code == 409
    assert response.json()["scimType"] == "uniqueness"


def test_an_unknown_member_is_refused_and_nothing_is_created(scim):
    before = Department.objects.count()
    response = scim.post(
        "Groups",
        {"schemas": [GROUP], "displayName": "New", "members": [{"value": "999999"}]},
    )
    assert response.status_code == 400
    assert Department.objects.count() == before


def test_get_and_list_groups_with_filters(scim, learner, department):
    body = scim.get(f"Groups/{department.pk}").json()
    assert body["displayName"] == "Claims"
    assert learner.pk in members(body)
    by_name = quote('displayName eq "claims"')
    found = scim.get(f"Groups?filter={by_name}").json()
    assert [g["id"] for g in found["Resources"]] == [str(department.pk)]
    by_value = quote(f'members[value eq "{learner.pk}"]')
    by_member = scim.get(f"Groups?filter={by_value}").json()
    assert [g["id"] for g in by_member["Resources"]] == [str(department.pk)]
    lean = scim.get("Groups?excludedAttributes=members").json()
    assert all("members" not in g for g in lean["Resources"])


def test_patch_adds_and_removes_members(scim, learner, department):
    newcomer = LearnerFactory(job_title="Product Owner")
    response = scim.patch(
        f"Groups/{department.pk}",
        {
            "schemas": [PATCH],
            "Operations": [
                {
                    "op": "add",
                    "path": "members",
                    "value": [{"value": str(newcomer.pk)}],
                },
                {"op": "remove", "path": f'members[value eq "{learner.pk}"]'},
            ],
        },
    )
    assert response.status_code == 200, response.content
    newcomer.refresh_from_db()
    learner.refresh_from_db()
    assert newcomer.department_id == department.pk
    assert learner.department_id is None
    assert learner.pk not in members(response.json())


def test_patch_entra_remove_with_a_value(scim, learner, department):
    response = scim.patch(
        f"Groups/{department.pk}",
        {
            "schemas": [PATCH],
            "Operations": [
                {
                    "op": "Remove",
                    "path": "members",
                    "value": [{"value": str(learner.pk)}],
                }
            ],
        },
    )
    assert response.status_code == 200, response.content
    learner.refresh_from_db()
    assert learner.department_id is None


def test_moving_people_into_a_department_applies_assignment_rules(scim, role_rule):
    department, role = role_rule
    person = LearnerFactory(job_title="Analyst", department=None, role=None)
    response = scim.patch(
        f"Groups/{department.pk}",
        {
            "schemas": [PATCH],
            "Operations": [
                {"op": "add", "path": "members", "value": [{"value": str(person.pk)}]}
            ],
        },
    )
    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert person.role_id == role.pk
    assert AuditEvent.objects.filter(
        learner=person, action=AuditAction.ROLE_CHANGED
    ).exists()


@pytest.fixture
def role_rule(db):
    from tests.factories import RoleFactory

    department = DepartmentFactory(name="Risk")
    role = RoleFactory(name="Risk analyst", slug="risk-analyst")
    AssignmentRule.objects.create(
        name="Risk people", department=department, role=role, sort_order=-1
    )
    return department, role


def test_put_renames_and_sets_members(scim, learner, department):
    other = LearnerFactory()
    response = scim.put(
        f"Groups/{department.pk}",
        {
            "schemas": [GROUP],
            "displayName": "Claims Operations",
            "members": [{"value": str(other.pk)}],
        },
    )
    assert response.status_code == 200, response.content
    department.refresh_from_db()
    assert department.name == "Claims Operations"
    assert members(response.json()) == [other.pk]


def test_group_if_match_mismatch_is_412(scim, department):
    response = scim.patch(
        f"Groups/{department.pk}",
        {
            "schemas": [PATCH],
            "Operations": [{"op": "replace", "path": "displayName", "value": "X"}],
        },
        headers={"If-Match": 'W/"stale"'},
    )
    assert response.status_code == 412
    department.refresh_from_db()
    assert department.name == "Claims"


def test_delete_a_group_moves_its_people_out_and_keeps_them(scim, learner, department):
    response = scim.delete(f"Groups/{department.pk}")
    assert response.status_code == 204
    assert not Department.objects.filter(pk=department.pk).exists()
    learner.refresh_from_db()
    assert learner.department_id is None
    assert Learner.objects.filter(pk=learner.pk).exists()
    assert scim.get(f"Groups/{department.pk}").status_code == 404


def test_a_department_with_sub_departments_cannot_be_deleted(scim, department):
    DepartmentFactory(name="Intake", parent=department)
    response = scim.delete(f"Groups/{department.pk}")
    assert response.status_code == 409
    assert Department.objects.filter(pk=department.pk).exists()


def test_a_department_used_by_a_rule_cannot_be_deleted(scim, role_rule, learner):
    department, _ = role_rule
    learner.department = department
    learner.save()
    response = scim.delete(f"Groups/{department.pk}")
    assert response.status_code == 409
    learner.refresh_from_db()
    assert learner.department_id == department.pk
