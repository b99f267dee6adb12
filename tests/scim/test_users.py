"""SCIM Users: create, read, list, filter, page, replace, PATCH, ETags, delete."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learners.models import (
    AuditAction,
    AuditEvent,
    CourseEnrolment,
    Department,
    Learner,
    LearnerStatus,
)
from tests.factories import CoursePageFactory, DepartmentFactory, LearnerFactory

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"

pytestmark = pytest.mark.django_db


def user_payload(email="amara.okafor@northwind.example", **extra):
    enterprise = extra.pop("enterprise", {"employeeNumber": "E90001"})
    return {
        "schemas": [USER, ENTERPRISE],
        "userName": email,
        "name": {"givenName": "Amara", "familyName": "Okafor"},
        "title": "Claims Handler",
        "active": True,
        ENTERPRISE: enterprise,
        **extra,
    }


def create(scim, **kwargs):
    response = scim.post("Users", user_payload(**kwargs))
    assert response.status_code == 201, response.content
    return response.json()


def error_of(response, status, scim_type=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["schemas"] == [ERROR]
    assert body["status"] == str(status)
    if scim_type:
        assert body["scimType"] == scim_type
    return body


def patch_ops(*operations):
    return {"schemas": [PATCH], "Operations": list(operations)}


# --- create and read ------------------------------------------------------------------


def test_create_makes_an_account_and_a_learner_with_the_enterprise_fields(scim):
    manager = LearnerFactory(employee_id="M1", user__first_name="Tomás")
    body = create(
        scim,
        externalId="00u1abcd",
        enterprise={
            "employeeNumber": "E90001",
            "department": "Claims",
            "manager": {"value": str(manager.pk)},
        },
    )
    learner = Learner.objects.select_related("user", "department").get(
        employee_id="E90001"
    )
    assert body["id"] == str(learner.pk)
    assert learner.user.email == "amara.okafor@northwind.example"
    assert learner.user.get_full_name() == "Amara Okafor"
    assert not learner.user.has_usable_password()
    assert learner.external_id == "00u1abcd"
    assert learner.department.name == "Claims"
    assert learner.manager_id == manager.pk
    assert learner.job_title == "Claims Handler"
    assert body["userName"] == "amara.okafor@northwind.example"
    assert body["displayName"] == "Amara Okafor"
    assert body["active"] is True
    assert body[ENTERPRISE]["manager"]["value"] == str(manager.pk)
    assert body[ENTERPRISE]["department"] == "Claims"
    assert body["meta"]["location"].endswith(f"/scim/v2/Users/{learner.pk}")
    assert body["meta"]["version"].startswith('W/"')


def test_create_applies_assignment_rules_and_writes_the_audit_trail(scim):
    body = create(scim, title="Senior Data Engineer")
    learner = Learner.objects.get(pk=body["id"])
    assert learner.role.slug == "production-engineer"
    actions = set(
        AuditEvent.objects.filter(learner=learner).values_list("action", flat=True)
    )
    assert actions == {AuditAction.PROVISIONED, AuditAction.ROLE_CHANGED}
    event = AuditEvent.objects.get(learner=learner, action=AuditAction.PROVISIONED)
    assert event.data["scim_client"] == "Okta"
    assert "Okta" in event.summary


def test_create_without_an_employee_number_generates_one(scim):
    body = create(scim, enterprise={})
    learner = Learner.objects.get(pk=body["id"])
    assert learner.employee_id.startswith("idp-")
    assert body[ENTERPRISE]["employeeNumber"] == learner.employee_id


def test_create_links_an_existing_account_without_a_profile(scim):
    from tests.factories import UserFactory

    user = UserFactory(email="amara.okafor@northwind.example")
    body = create(scim)
    assert Learner.objects.get(pk=body["id"]).user_id == user.pk


def test_an_unknown_department_becomes_a_top_level_one_and_names_match_any_case(
    scim,
):
    parent = DepartmentFactory(name="Operations")
    claims = DepartmentFactory(name="Claims Intake", parent=parent)
    first = create(
        scim, enterprise={"employeeNumber": "1", "department": "claims  intake"}
    )
    second = create(
        scim,
        email="jonas.eriksen@northwind.example",
        enterprise={"employeeNumber": "2", "department": "Fraud"},
    )
    assert Learner.objects.get(pk=first["id"]).department_id == claims.pk
    fraud = Learner.objects.get(pk=second["id"]).department
    assert fraud.name == "Fraud"
    assert fraud.parent_id is None


def test_get_returns_the_user_with_an_etag(scim, learner):
    response = scim.get(f"Users/{learner.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/scim+json"
    body = response.json()
    assert response["ETag"] == body["meta"]["version"]
    assert body["userName"] == learner.user.email
    assert body[ENTERPRISE]["employeeNumber"] == learner.employee_id
    assert body[ENTERPRISE]["manager"]["value"] == str(learner.manager_id)


def test_get_honours_attributes_and_excluded_attributes(scim, learner):
    only = scim.get(f"Users/{learner.pk}?attributes=userName").json()
    assert only["userName"] == learner.user.email
    assert "title" not in only
    assert "id" in only
    without = scim.get(f"Users/{learner.pk}?excludedAttributes=title").json()
    assert "title" not in without
    assert "userName" in without


def test_an_unknown_user_is_a_404_scim_error(scim):
    error_of(scim.get("Users/999999"), 404)
    error_of(scim.get("Users/not-a-number"), 404)


# --- list, filter, paginate -----------------------------------------------------------


@pytest.fixture
def people(db):
    claims = DepartmentFactory(name="Claims")
    data = DepartmentFactory(name="Data")
    rows = [
        ("ana.lima@northwind.example", "E100", "okta-1", claims, "Claims Handler"),
        ("ben.cole@northwind.example", "E101", "okta-2", claims, "Team Lead"),
        ("bea.marsh@contoso.example", "E200", "okta-3", data, "Data Engineer"),
        ("carl.ito@contoso.example", "X300", "", data, "Analyst"),
    ]
    return [
        LearnerFactory(
            user__email=email,
            employee_id=employee_id,
            external_id=external_id,
            department=department,
            job_title=title,
        )
        for email, employee_id, external_id, department, title in rows
    ]


def listing(scim, query):
    response = scim.get(f"Users?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def emails(body):
    return [item["userName"] for item in body["Resources"]]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('userName eq "ANA.LIMA@northwind.example"', ["ana.lima@northwind.example"]),
        (
            'userName co "contoso"',
            ["bea.marsh@contoso.example", "carl.ito@contoso.example"],
        ),
        (
            'userName sw "b"',
            ["ben.cole@northwind.example", "bea.marsh@contoso.example"],
        ),
        (
            'userName sw "b" and userName co "contoso"',
            ["bea.marsh@contoso.example"],
        ),
        (f'{ENTERPRISE}:employeeNumber eq "E101"', ["ben.cole@northwind.example"]),
        (
            'employeeNumber sw "E1"',
            ["ana.lima@northwind.example", "ben.cole@northwind.example"],
        ),
        ('externalId eq "okta-3"', ["bea.marsh@contoso.example"]),
        ('title co "engineer"', ["bea.marsh@contoso.example"]),
        ('emails[value eq "carl.ito@contoso.example"]', ["carl.ito@contoso.example"]),
        ('department eq "data" and not (externalId pr)', ["carl.ito@contoso.example"]),
    ],
)
def test_filters(scim, people, expression, expected):
    from urllib.parse import quote

    body = listing(scim, f"filter={quote(expression)}")
    assert emails(body) == expected
    assert body["totalResults"] == len(expected)
    assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]


def test_active_filter_and_deactivated_people(scim, people):
    people[0].status = LearnerStatus.LEFT
    people[0].save()
    body = listing(scim, "filter=active%20eq%20false")
    assert emails(body) == ["ana.lima@northwind.example"]


@pytest.mark.parametrize(
    "expression",
    ['nickName eq "x"', "userName eq", 'userName gt "a"', '(userName eq "a"'],
)
def test_bad_filters_are_invalid_filter_errors(scim, people, expression):
    from urllib.parse import quote

    error_of(scim.get(f"Users?filter={quote(expression)}"), 400, "invalidFilter")


def test_pagination_with_start_index_and_count(scim, people):
    everyone = emails(listing(scim, "count=100"))
    assert len(everyone) == Learner.objects.count()
    page = listing(scim, "startIndex=2&count=2")
    assert page["startIndex"] == 2
    assert page["itemsPerPage"] == 2
    assert page["totalResults"] == len(everyone)
    assert emails(page) == everyone[1:3]
    past = listing(scim, "startIndex=1000&count=10")
    assert past["Resources"] == []
    assert past["itemsPerPage"] == 0
    counted = listing(scim, "count=0")
    assert counted["totalResults"] == len(everyone)
    assert counted["Resources"] == []


def test_a_page_is_a_fixed_number_of_queries(scim, people):
    listing(scim, "count=1")  # The token's first use of the minute is recorded.
    with CaptureQueriesContext(connection) as few:
        listing(scim, "count=2")
    LearnerFactory.create_batch(6)
    with CaptureQueriesContext(connection) as many:
        listing(scim, "count=10")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_non_numeric_paging_is_an_invalid_value(scim):
    error_of(scim.get("Users?count=many"), 400, "invalidValue")


# --- replace (PUT) --------------------------------------------------------------------


def test_put_replaces_the_person(scim, people):
    target = people[0]
    body = scim.get(f"Users/{target.pk}").json()
    body["name"] = {"givenName": "Ana", "familyName": "Lima-Souza"}
    body["title"] = "Product Owner"
    body[ENTERPRISE]["department"] = "Data"
    del body["meta"]
    response = scim.put(f"Users/{target.pk}", body)
    assert response.status_code == 200, response.content
    target.refresh_from_db()
    assert target.user.last_name == "Lima-Souza"
    assert target.job_title == "Product Owner"
    assert target.department.name == "Data"
    assert target.role.slug == "ai-product-manager"
    assert response.json()["title"] == "Product Owner"


def test_put_can_change_the_sign_in_email(scim, learner):
    body = scim.get(f"Users/{learner.pk}").json()
    body["userName"] = "Priya.Raman@Contoso.example"
    assert scim.put(f"Users/{learner.pk}", body).status_code == 200
    learner.user.refresh_from_db()
    assert learner.user.email == "priya.raman@contoso.example"


# --- PATCH ----------------------------------------------------------------------------


def test_patch_replace_with_a_path(scim, learner):
    response = scim.patch(
        f"Users/{learner.pk}",
        patch_ops({"op": "replace", "path": "title", "value": "Data Scientist"}),
    )
    assert response.status_code == 200, response.content
    learner.refresh_from_db()
    assert learner.job_title == "Data Scientist"
    assert learner.role.slug == "production-engineer"


def test_patch_okta_style_path_less_value_deactivates(scim, learner):
    response = scim.patch(
        f"Users/{learner.pk}",
        patch_ops({"op": "replace", "value": {"active": False}}),
    )
    assert response.status_code == 200, response.content
    assert response.json()["active"] is False
    learner.refresh_from_db()
    learner.user.refresh_from_db()
    assert learner.status == LearnerStatus.LEFT
    assert learner.user.is_active is False


def test_patch_entra_style_capitalised_ops_string_booleans_and_filters(scim, learner):
    manager = LearnerFactory(employee_id="M777")
    response = scim.patch(
        f"Users/{learner.pk}",
        patch_ops(
            {"op": "Replace", "path": "active", "value": "False"},
            {
                "op": "Add",
                "path": f"{ENTERPRISE}:manager",
                "value": str(manager.pk),
            },
            {
                "op": "Replace",
                "path": 'emails[type eq "work"].value',
                "value": "ignored@northwind.example",
            },
            {"op": "Add", "path": "name.givenName", "value": "Priyanka"},
        ),
    )
    assert response.status_code == 200, response.content
    learner.refresh_from_db()
    learner.user.refresh_from_db()
    assert learner.status == LearnerStatus.LEFT
    assert learner.manager_id == manager.pk
    assert learner.user.first_name == "Priyanka"
    # emails are not kept: the sign-in email is the userName.
    assert learner.user.email != "ignored@northwind.example"


def test_patch_add_path_less_enterprise_values(scim, learner):
    response = scim.patch(
        f"Users/{learner.pk}",
        patch_ops(
            {
                "op": "add",
                "value": {
                    f"{ENTERPRISE}:department": "Fraud",
                    f"{ENTERPRISE}:employeeNumber": "E424242",
                },
            }
        ),
    )
    assert response.status_code == 200, response.content
    learner.refresh_from_db()
    assert learner.department.name == "Fraud"
    assert learner.employee_id == "E424242"


def test_patch_remove_clears_the_manager_and_the_title(scim, learner):
    response = scim.patch(
        f"Users/{learner.pk}",
        patch_ops(
            {"op": "remove", "path": f"{ENTERPRISE}:manager"},
            {"op": "remove", "path": "title"},
        ),
    )
    assert response.status_code == 200, response.content
    learner.refresh_from_db()
    assert learner.manager_id is None
    assert learner.job_title == ""


def test_patch_with_an_unknown_path_changes_nothing(scim, learner):
    before = learner.job_title
    response = scim.patch(
        f"Users/{learner.pk}",
        patch_ops(
            {"op": "replace", "path": "title", "value": "Changed"},
            {"op": "replace", "path": "favouriteColour", "value": "teal"},
        ),
    )
    error_of(response, 400)
    learner.refresh_from_db()
    assert learner.job_title == before


def test_patch_without_operations_is_invalid(scim, learner):
    error_of(scim.patch(f"Users/{learner.pk}", {"schemas": [PATCH]}), 400)


# --- ETags ----------------------------------------------------------------------------


def test_if_match_with_the_current_version_applies(scim, learner):
    version = scim.get(f"Users/{learner.pk}")["ETag"]
    response = scim.patch(
        f"Users/{learner.pk}",
        patch_ops({"op": "replace", "path": "title", "value": "Team Lead"}),
        headers={"If-Match": version},
    )
    assert response.status_code == 200
    assert response["ETag"] != version


def test_if_match_with_a_stale_version_is_412_and_changes_nothing(scim, learner):
    stale = scim.get(f"Users/{learner.pk}")["ETag"]
    scim.patch(
        f"Users/{learner.pk}",
        patch_ops({"op": "replace", "path": "title", "value": "Team Lead"}),
    )
    for method, data in (
        ("patch", patch_ops({"op": "replace", "path": "title", "value": "Other"})),
        ("put", user_payload(learner.user.email)),
    ):
        response = getattr(scim, method)(
            f"Users/{learner.pk}", data, headers={"If-Match": stale}
        )
        error_of(response, 412)
    error_of(scim.delete(f"Users/{learner.pk}", headers={"If-Match": stale}), 412)
    learner.refresh_from_db()
    assert learner.job_title == "Team Lead"
    assert learner.deprovisioned_at is None


def test_if_none_match_with_the_current_version_is_not_modified(scim, learner):
    version = scim.get(f"Users/{learner.pk}")["ETag"]
    response = scim.get(f"Users/{learner.pk}", headers={"If-None-Match": version})
    assert response.status_code == 304


def test_a_change_by_another_route_changes_the_version(scim, learner):
    version = scim.get(f"Users/{learner.pk}")["ETag"]
    learner.user.last_name = "Raman-Shah"
    learner.user.save()
    assert scim.get(f"Users/{learner.pk}")["ETag"] != version


# --- deprovision and reprovision ------------------------------------------------------


@pytest.fixture
def enrolled_learner(learner):
    course = CoursePageFactory(title="Judging AI output")
    CourseEnrolment.objects.create(learner=learner, course_id=course.pk)
    return learner


def test_delete_deactivates_keeps_records_and_hides_the_user(scim, enrolled_learner):
    learner = enrolled_learner
    response = scim.delete(f"Users/{learner.pk}")
    assert response.status_code == 204
    learner.refresh_from_db()
    learner.user.refresh_from_db()
    assert learner.status == LearnerStatus.LEFT
    assert learner.deprovisioned_at is not None
    assert learner.user.is_active is False
    assert CourseEnrolment.objects.filter(learner=learner).count() == 1
    error_of(scim.get(f"Users/{learner.pk}"), 404)
    error_of(scim.delete(f"Users/{learner.pk}"), 404)
    body = listing(scim, f"filter=userName%20eq%20%22{learner.user.email}%22")
    assert body["totalResults"] == 0


def test_creating_a_deleted_user_again_brings_back_the_same_learner(
    scim, enrolled_learner
):
    learner = enrolled_learner
    scim.delete(f"Users/{learner.pk}")
    body = create(
        scim,
        email=learner.user.email,
        enterprise={"employeeNumber": learner.employee_id},
    )
    assert body["id"] == str(learner.pk)
    learner.refresh_from_db()
    learner.user.refresh_from_db()
    assert learner.status == LearnerStatus.ACTIVE
    assert learner.deprovisioned_at is None
    assert learner.user.is_active is True
    assert CourseEnrolment.objects.filter(learner=learner).count() == 1


def test_active_false_then_true_restores_access_and_keeps_records(
    scim, enrolled_learner
):
    learner = enrolled_learner
    for active in (False, True):
        response = scim.patch(
            f"Users/{learner.pk}",
            patch_ops({"op": "replace", "path": "active", "value": active}),
        )
        assert response.status_code == 200
        learner.refresh_from_db()
        learner.user.refresh_from_db()
        assert learner.user.is_active is active
    assert learner.status == LearnerStatus.ACTIVE
    assert CourseEnrolment.objects.filter(learner=learner).count() == 1
    summaries = list(
        AuditEvent.objects.filter(
            learner=learner, action=AuditAction.PROVISIONED
        ).values_list("summary", flat=True)
    )
    assert any("Deactivated" in s for s in summaries)
    assert any("Reactivated" in s for s in summaries)


def test_deprovisioning_a_superuser_keeps_their_account_usable(scim):
    from tests.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    learner = LearnerFactory(user=admin)
    assert scim.delete(f"Users/{learner.pk}").status_code == 204
    admin.refresh_from_db()
    assert admin.is_active is True


# --- bad input: the right error, nothing written --------------------------------------


def _counts():
    from django.contrib.auth import get_user_model

    return (
        get_user_model().objects.count(),
        Learner.objects.count(),
        Department.objects.count(),
        AuditEvent.objects.count(),
    )


def test_malformed_json_is_invalid_syntax(scim):
    before = _counts()
    error_of(scim.post("Users", "{not json"), 400, "invalidSyntax")
    error_of(scim.post("Users", "[1, 2]"), 400, "invalidSyntax")
    assert _counts() == before


def test_an_unknown_attribute_is_refused(scim):
    before = _counts()
    error_of(
        scim.post("Users", user_payload(favouriteColour="teal")), 400, "invalidSyntax"
    )
    assert _counts() == before


def test_a_missing_user_name_is_refused(scim):
    payload = user_payload()
    del payload["userName"]
    error_of(scim.post("Users", payload), 400, "invalidValue")


def test_a_duplicate_user_name_is_a_409_uniqueness(scim, learner):
    before = _counts()
    response = scim.post(
        "Users",
        user_payload(
            learner.user.email.upper(),
            enterprise={"employeeNumber": "NEW1", "department": "Brand New"},
        ),
    )
    error_of(response, 409, "uniqueness")
    assert _counts() == before


def test_a_duplicate_employee_number_is_a_409_uniqueness(scim, learner):
    before = _counts()
    response = scim.post(
        "Users",
        user_payload(
            "someone.new@northwind.example",
            enterprise={"employeeNumber": learner.employee_id, "department": "Fresh"},
        ),
    )
    error_of(response, 409, "uniqueness")
    assert _counts() == before


def test_changing_to_a_taken_user_name_is_a_409_and_changes_nothing(
    scim, learner, manager
):
    body = scim.get(f"Users/{learner.pk}").json()
    body["userName"] = manager.user.email
    body["title"] = "Should not stick"
    error_of(scim.put(f"Users/{learner.pk}", body), 409, "uniqueness")
    learner.refresh_from_db()
    assert learner.job_title != "Should not stick"


def test_a_manager_cycle_is_a_400_and_changes_nothing(scim, learner, manager):
    # learner reports to manager; making the manager report to the learner loops.
    before = _counts()
    response = scim.patch(
        f"Users/{manager.pk}",
        patch_ops(
            {"op": "replace", "path": "title", "value": "Changed"},
            {
                "op": "replace",
                "path": f"{ENTERPRISE}:manager",
                "value": {"value": str(learner.pk)},
            },
        ),
    )
    error_of(response, 400, "invalidValue")
    manager.refresh_from_db()
    assert manager.manager_id is None
    assert manager.job_title == "Head of Claims"
    assert _counts() == before


def test_being_ones_own_manager_is_refused(scim, learner):
    response = scim.patch(
        f"Users/{learner.pk}",
        patch_ops(
            {
                "op": "replace",
                "path": f"{ENTERPRISE}:manager.value",
                "value": str(learner.pk),
            }
        ),
    )
    error_of(response, 400, "invalidValue")


def test_an_unknown_manager_is_refused_on_create(scim):
    before = _counts()
    response = scim.post(
        "Users",
        user_payload(
            enterprise={"employeeNumber": "E1", "manager": {"value": "nobody"}}
        ),
    )
    error_of(response, 400, "invalidValue")
    assert _counts() == before


def test_a_client_chosen_id_is_ignored_the_academy_assigns_it(scim):
    body = create(scim, id="okta-chosen-id")
    assert body["id"] != "okta-chosen-id"
    assert Learner.objects.filter(pk=int(body["id"])).exists()


def test_unsupported_methods_are_405(scim, learner):
    error_of(scim.delete("Users"), 405)
    error_of(scim.post(f"Users/{learner.pk}", user_payload()), 405)


# --- query count ----------------------------------------------------------------------


def test_creating_users_is_a_constant_number_of_queries(scim):
    def one(n):
        payload = user_payload(
            f"person{n}@northwind.example",
            title="Claims Handler",
            enterprise={"employeeNumber": f"Q{n}", "department": "Claims"},
        )
        with CaptureQueriesContext(connection) as queries:
            response = scim.post("Users", payload)
        assert response.status_code == 201, response.content
        return len(queries.captured_queries)

    counts = [one(n) for n in range(1, 51)]
    # The first create also makes the department, and the first request finds
    # the site with its home page for the content cache; every later one costs
    # the same.
    assert counts[1] == counts[49]
    assert max(counts[1:]) == min(counts[1:])
    assert counts[0] <= counts[1] + 7


def test_a_response_body_is_json_with_the_scim_media_type(scim, learner):
    response = scim.get(f"Users/{learner.pk}")
    assert json.loads(response.content)["id"] == str(learner.pk)
