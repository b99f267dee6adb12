"""A create is a fixed, small number of queries: what a first push of thousands
of people costs per request (docs/benchmarks.md, "SCIM provisioning")."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.api import Role
from learners.models import AssignmentRule, AuditAction, Learner
from scim.models import ScimClient
from scim.tokens import client_revoke
from tests.factories import LearnerFactory, UserFactory

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

pytestmark = pytest.mark.django_db


def queries_per_create() -> int:
    """The transaction's two statements, then on PostgreSQL: ``SET LOCAL
    synchronous_commit``, the look-ups sent together (the email's account and the
    employee ID's owner, the department, the manager if any), and one statement
    writing the account, the profile and the audit events. Elsewhere the look-ups
    and the writes go one by one: the email and employee ID, the department, the
    account, the profile, the audit events. The token and the assignment rules
    come from the cache."""
    return 5 if connection.vendor == "postgresql" else 7


def queries_for_a_manager() -> int:
    """On PostgreSQL the manager's look-up goes with the others."""
    return 0 if connection.vendor == "postgresql" else 1


def payload(n, *, title="Claims Handler", manager=None):
    enterprise = {"employeeNumber": f"Q{n:05d}", "department": "Claims"}
    if manager is not None:
        enterprise["manager"] = {"value": str(manager)}
    return {
        "schemas": [USER, ENTERPRISE],
        "userName": f"person{n}@northwind.example",
        "name": {"givenName": "Noor", "familyName": f"Haddad {n}"},
        "title": title,
        "active": True,
        ENTERPRISE: enterprise,
    }


def create(scim, n, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = scim.post("Users", payload(n, **kwargs))
    assert response.status_code == 201, response.content
    return response.json(), [q["sql"] for q in queries.captured_queries]


def test_a_create_costs_a_pinned_number_of_queries(scim):
    create(scim, 1)  # makes the department, caches the token and the rules
    counts = [len(create(scim, n)[1]) for n in range(2, 12)]
    assert counts == [queries_per_create()] * 10


def test_a_manager_costs_the_same_whoever_it_is(scim):
    boss, _ = create(scim, 1)
    _, queries = create(scim, 2, manager=boss["id"])
    assert len(queries) == queries_per_create() + queries_for_a_manager()
    _, queries = create(scim, 3, manager=boss["id"])
    assert len(queries) == queries_per_create() + queries_for_a_manager()


def test_a_created_account_has_an_unusable_password_and_no_hash(scim):
    body, queries = create(scim, 1)
    learner = Learner.objects.select_related("user").get(pk=body["id"])
    assert not learner.user.has_usable_password()
    assert learner.user.password.startswith("!")


def test_the_answer_is_what_a_read_says(scim):
    boss, _ = create(scim, 1)
    created, _ = create(scim, 2, manager=boss["id"])
    read = scim.get(f"Users/{created['id']}").json()
    # The version covers the manager's name and the department's: all as read.
    assert created == read
    assert created[ENTERPRISE]["department"] == "Claims"


def test_a_rule_changed_between_creates_applies_to_the_next_create(scim):
    create(scim, 1, title="Data Engineer")  # the rules are cached now
    role = Role.objects.create(name="Claims specialist")
    AssignmentRule.objects.create(
        name="Claims",
        match_type="contains",
        job_title_pattern="Claims",
        role=role,
        sort_order=-1,
    )
    body, _ = create(scim, 2, title="Claims Handler")
    assert Learner.objects.get(pk=body["id"]).role_id == role.pk


def test_a_deactivated_rule_stops_applying_at_once(scim):
    body, _ = create(scim, 1, title="Data Engineer")
    learner = Learner.objects.get(pk=body["id"])
    assert learner.role_id is not None
    AssignmentRule.objects.update(active=False)  # no signals: the save path below
    for rule in AssignmentRule.objects.all():
        rule.save()
    body, _ = create(scim, 2, title="Data Engineer")
    assert Learner.objects.get(pk=body["id"]).role_id is None


def test_a_revoked_token_stops_working_at_once_though_it_was_cached(scim):
    create(scim, 1)
    client_revoke(client=ScimClient.objects.get())
    response = scim.post("Users", payload(2))
    assert response.status_code == 401


def test_a_deleted_client_stops_working_at_once(scim):
    create(scim, 1)
    ScimClient.objects.all().delete()
    assert scim.post("Users", payload(2)).status_code == 401


def test_a_taken_employee_number_is_refused_in_the_same_query(scim):
    LearnerFactory(employee_id="Q00002", user__email="wei.zhang@northwind.example")
    response = scim.post("Users", payload(2))
    assert response.status_code == 409
    assert "employee number" in response.json()["detail"]


def _rows_examined(plan: dict) -> dict[str, int]:
    """Rows each table's scans read (returned plus filtered out), over a plan."""
    seen: dict[str, int] = {}
    nodes = [plan]
    while nodes:
        node = nodes.pop()
        nodes.extend(node.get("Plans", []))
        table = node.get("Relation Name")
        if table:
            rows = node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
            seen[table] = seen.get(table, 0) + rows * node.get("Actual Loops", 1)
    return seen


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="reads PostgreSQL's query plans"
)
def test_finding_the_email_and_employee_id_reads_two_rows_not_every_person(scim):
    """Each create looks up the email's account and the employee ID's owner. An
    OR across the two tables can only be answered by reading both whole, so
    every create would cost more as the academy grows: each lookup must go
    straight to its row through its unique index, whatever the headcount."""
    for n in range(1, 25):
        create(scim, n)
    _, queries = create(scim, 25)
    # On PostgreSQL the look-ups go together in one round trip: take this one.
    statements = [part for sql in queries for part in sql.split(";\n")]
    lookup = next(sql for sql in statements if "UNION ALL" in sql)
    with connection.cursor() as cursor:
        # As on a large table: an index is preferred wherever one can be used.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + lookup)
        plan = cursor.fetchone()[0][0]["Plan"]
    examined = _rows_examined(plan)
    assert examined, plan
    assert all(rows <= 2 for rows in examined.values()), examined


def test_an_account_without_a_profile_is_linked_not_duplicated(scim):
    """An account made earlier (a staff member, say) gets its profile from the
    push: one account, the names sent, and the audit trail says it was linked."""
    account = UserFactory(
        email="person7@northwind.example", first_name="", last_name=""
    )
    body, _ = create(scim, 7)
    learner = Learner.objects.select_related("user").get(pk=body["id"])
    assert learner.user_id == account.pk
    assert learner.user.first_name == "Noor"
    assert learner.user.last_name == "Haddad 7"
    event = learner.audit_events.get(action=AuditAction.PROVISIONED)
    assert "Linked to an existing account." in event.summary
    assert event.data["created"] is True
    assert body["meta"]["created"]


def test_a_create_writes_its_role_change_to_the_audit_trail(scim):
    body, _ = create(scim, 1, title="Data Engineer")
    learner = Learner.objects.get(pk=body["id"])
    actions = set(learner.audit_events.values_list("action", flat=True))
    assert actions == {AuditAction.PROVISIONED, AuditAction.ROLE_CHANGED}
    assert all(
        event.created_at is not None and event.data["source"]
        for event in learner.audit_events.all()
    )


def test_a_manager_given_as_a_huge_number_is_refused_not_a_crash(scim):
    body = payload(1)
    body[ENTERPRISE]["manager"] = {"value": "9" * 30}
    response = scim.post("Users", body)
    assert response.status_code == 400
    assert "no user" in response.json()["detail"]
    assert not Learner.objects.exists()
