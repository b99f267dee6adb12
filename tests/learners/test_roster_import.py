"""The roster import against the database: apply, idempotence, atomicity, leavers.

Files are built in memory; ``roster_import_run`` is the one service both the command
and (through the preview/apply tasks) the admin use.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from courses.models import Role
from learners.models import (
    ACTIVE_STATUSES,
    AssignmentRule,
    AuditAction,
    AuditEvent,
    Department,
    ImportStatus,
    Learner,
    LearnerStatus,
    RosterImport,
)
from learners.roster import writer
from learners.roster.problems import RosterFileError
from learners.roster.services import ImportOptions, roster_import_run
from tests.factories import DepartmentFactory, LearnerFactory, UserFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()
HEADER = "Employee ID,Work Email,First Name,Last Name,Dept,Manager ID,Job Title,Status"
NORTHWIND = [
    "NW001,amara.okafor@nw.example,Amara,Okafor,Operations,,Chief Operating Officer,",
    "NW002,tomas.alvarez@nw.example,Tomás,Álvarez,Claims,NW001,Head of Claims,",
    "NW003,priya.raman@nw.example,Priya,Raman,claims ,NW002,Claims Handler,Active",
    "NW004,jonas.berg@nw.example,Jonas,Berg,CLAIMS,NW002,Data Scientist,on leave",
    "NW005,mei.tanaka@nw.example,Mei,Tanaka,Digital Products,NW001,Product Owner,",
]


def roster(*lines, header=HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Import a file as the command does, running what waits for the commit
    (enrolments) as a real commit would."""

    def run(data, *, actor=None, dry_run=False, **options):
        with django_capture_on_commit_callbacks(execute=True):
            return roster_import_run(
                data=data,
                file_name="northwind-hr.csv",
                options=ImportOptions(**options),
                actor=actor,
                dry_run=dry_run,
            )

    return run


def table_sizes():
    return {
        "users": User.objects.count(),
        "learners": Learner.objects.count(),
        "departments": Department.objects.count(),
        "audit": AuditEvent.objects.count(),
        "imports": RosterImport.objects.count(),
    }


def learner(employee_id):
    return Learner.objects.select_related("user", "department", "manager", "role").get(
        employee_id=employee_id
    )


@pytest.fixture
def role():
    return {role.slug: role for role in Role.objects.all()}


@pytest.fixture
def enrolled(monkeypatch):
    """Learner ids handed to the enrolment service after an apply."""
    calls = []

    def record(*, learner_ids, actor=None):
        calls.extend(learner_ids)
        return SimpleNamespace(curriculum_enrolments_created=0)

    monkeypatch.setattr("learners.roster.tasks.enrolments_sync_for_learners", record)
    return calls


# --- a first import ------------------------------------------------------------------


def test_first_import_creates_people_departments_and_reporting_lines(
    role, enrolled, run
):
    result = run(roster(*NORTHWIND))

    counts = result.plan.counts
    assert counts["created"] == 5
    assert counts["departments_created"] == 3
    assert Department.objects.filter(name__iexact="claims").count() == 1
    priya = learner("NW003")
    assert priya.user.email == "priya.raman@nw.example"
    assert priya.user.get_full_name() == "Priya Raman"
    assert priya.user.is_active
    assert not priya.user.has_usable_password()
    assert priya.manager.employee_id == "NW002"
    assert priya.manager.manager.employee_id == "NW001"
    assert learner("NW004").status == LearnerStatus.ON_LEAVE
    # The seeded rules: engineers and scientists, product people, everyone else.
    assert learner("NW004").role == role["production-engineer"]
    assert learner("NW005").role == role["ai-product-manager"]
    assert priya.role == role["critical-business-user"]
    assert not priya.role_set_by_hand
    assert sorted(enrolled) == sorted(Learner.objects.values_list("id", flat=True))


def test_the_run_is_recorded_with_file_name_hash_counts_and_report(academy_admin, run):
    data = roster(*NORTHWIND, "NW006,not-an-email,Rosa,Costa,Claims,,Clerk,")
    result = run(data, actor=academy_admin)

    record = result.roster_import
    assert record.status == ImportStatus.APPLIED
    assert record.created_by == academy_admin
    assert record.file_name == "northwind-hr.csv"
    assert len(record.file_sha256) == 64
    assert record.applied_at is not None
    assert record.applied_counts["counts"]["created"] == 5
    assert record.applied_counts["counts"]["rejected"] == 1
    assert record.report == [
        {
            "row": 7,
            "employee_id": "NW006",
            "level": "error",
            "message": 'Email "not-an-email" is not a valid email address.',
        }
    ]


def test_changes_carry_the_import_in_the_audit_trail(academy_admin, run):
    run(roster(*NORTHWIND))
    changed = [line.replace("Claims Handler", "MLOps Engineer") for line in NORTHWIND]
    result = run(roster(*changed), actor=academy_admin)

    import_id = result.roster_import.pk
    events = AuditEvent.objects.filter(learner__employee_id="NW003").order_by("id")
    imported = [e for e in events if e.action == AuditAction.IMPORTED]
    assert imported[-1].data["roster_import_id"] == import_id
    assert imported[-1].data["changes"]["job_title"] == [
        "Claims Handler",
        "MLOps Engineer",
    ]
    assert imported[-1].actor == academy_admin
    role_event = events.filter(action=AuditAction.ROLE_CHANGED).get()
    assert role_event.data["roster_import_id"] == import_id
    assert role_event.data["source"] == "rule"
    assert "Critical business user → Production engineer" in role_event.summary
    assert imported[0].data == {
        "roster_import_id": import_id - 1,
        "row": 4,
        "created": True,
    }


def test_formula_like_values_are_stored_exactly_as_text(run):
    run(roster('E1,e1@nw.example,=HYPERLINK("http://x"),@team,+44 20,-,=SUM(A1),'))
    person = learner("E1")
    assert person.user.first_name == '=HYPERLINK("http://x")'
    assert person.user.last_name == "@team"
    assert person.department.name == "+44 20"
    assert person.job_title == "=SUM(A1)"


# --- idempotence and dry runs ------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(enrolled, run):
    data = roster(*NORTHWIND)
    run(data)
    before = table_sizes()
    stamps = dict(Learner.objects.values_list("employee_id", "updated_at"))
    enrolled.clear()

    result = run(data)

    counts = result.plan.counts
    assert counts["unchanged"] == 5
    assert {name: value for name, value in counts.items() if value} == {"unchanged": 5}
    assert table_sizes() == {**before, "imports": before["imports"] + 1}
    assert dict(Learner.objects.values_list("employee_id", "updated_at")) == stamps
    assert enrolled == []


def test_the_same_people_in_a_messier_file_are_unchanged_too(run):
    run(roster(*NORTHWIND))
    lines = []
    for line in reversed(NORTHWIND):
        cells = line.split(",")
        cells[1] = cells[1].replace("nw.example", "NW.Example")
        cells[2] = f"  {cells[2]} "
        cells[4] = f" {cells[4].upper()}  "
        cells[7] = {"": "", "Active": "ACTIVE", "on leave": "On-Leave"}[cells[7]]
        lines.append(";".join(cells))
    header = (
        "Emp ID;E-mail;Given Name;Surname;Department Name;Manager Employee ID;"
        "Position;Employment Status"
    )
    messy = b"\xef\xbb\xbf" + roster(*lines, header=header).replace(b"\n", b"\r\n")

    result = run(messy)

    assert result.plan.counts["unchanged"] == 5
    assert not result.plan.has_changes


def test_dry_run_writes_nothing(run):
    LearnerFactory(employee_id="NW009", status=LearnerStatus.ACTIVE)
    before = table_sizes()

    result = run(roster(*NORTHWIND), dry_run=True, deactivate_missing=True)

    assert result.roster_import is None
    assert result.plan.counts["created"] == 5
    assert result.plan.counts["deactivated"] == 1
    assert table_sizes() == before
    assert learner("NW009").status == LearnerStatus.ACTIVE


def test_a_failure_midway_through_apply_leaves_the_database_as_it_was(monkeypatch, run):
    run(roster(*NORTHWIND[:2]))
    before = table_sizes()
    titles = dict(Learner.objects.values_list("employee_id", "job_title"))

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    # Accounts, people and departments are written before the audit trail.
    monkeypatch.setattr(writer, "_audit", fail)
    changed = [line.replace("Head of Claims", "Claims Director") for line in NORTHWIND]
    with pytest.raises(RuntimeError):
        run(roster(*changed))

    assert table_sizes() == {**before, "imports": before["imports"] + 1}
    assert dict(Learner.objects.values_list("employee_id", "job_title")) == titles
    failed = RosterImport.objects.latest("id")
    assert failed.status == ImportStatus.FAILED
    assert "nothing was changed" in failed.error


def test_an_unreadable_file_raises_and_is_recorded_as_failed(run):
    with pytest.raises(RosterFileError, match="PDF"):
        run(b"%PDF-1.7 not a roster")
    failed = RosterImport.objects.get()
    assert failed.status == ImportStatus.FAILED
    assert "PDF" in failed.error
    assert Learner.objects.count() == 0


def test_queries_are_set_based_never_one_per_row(django_assert_max_num_queries, run):
    def lines(count, offset):
        return [
            f"E{offset + i:05d},p{offset + i}@nw.example,Ann,Lee,"
            f"Dept {i % 3},E{offset:05d},Clerk,"
            for i in range(count)
        ]

    run(roster(*lines(10, 0)))  # Departments and rules exist from here on.
    with django_assert_max_num_queries(40) as small:
        run(roster(*lines(20, 1000)))
    with django_assert_max_num_queries(80) as large:
        run(roster(*lines(400, 5000)))
    assert Learner.objects.count() == 430
    # 20 times the rows: only bulk inserts split into more batches (SQLite takes
    # 999 parameters per statement), so far fewer than one query per 20 rows.
    extra = len(large.captured_queries) - len(small.captured_queries)
    assert extra < (400 - 20) / 20


# --- the database knows things the file does not -----------------------------------


def test_email_already_used_by_another_employee_rejects_the_row(run):
    LearnerFactory(employee_id="HR1", user__email="priya.raman@nw.example")
    result = run(roster(*NORTHWIND))
    assert not Learner.objects.filter(employee_id="NW003").exists()
    (problem,) = [p for p in result.plan.problems if p.level == "error"]
    assert (problem.row, problem.employee_id) == (4, "NW003")
    assert 'employee ID "HR1"' in problem.message
    assert result.plan.counts["rejected"] == 1


def test_manager_not_in_the_file_or_the_academy_is_a_warning(run):
    result = run(roster("E1,e1@nw.example,Ann,Lee,Claims,X99,Clerk,"))
    assert learner("E1").manager is None
    assert [p.level for p in result.plan.problems] == ["warning"]
    assert "X99" in result.plan.problems[0].message


def test_manager_already_in_the_academy_is_linked_from_a_partial_file(run):
    boss = LearnerFactory(employee_id="B1")
    run(roster("E1,e1@nw.example,Ann,Lee,Claims,B1,Clerk,"))
    assert learner("E1").manager == boss


def test_manager_loop_across_file_and_academy_is_broken_and_warned(run):
    top = LearnerFactory(employee_id="A1")
    LearnerFactory(employee_id="A2", manager=top)
    # The file makes A1 report to A2, who reports to A1 in the academy.
    result = run(
        roster("A1,a1@nw.example,Ann,Lee,Claims,A2,Clerk,"),
    )
    assert learner("A1").manager is None
    assert learner("A2").manager == top
    assert "loop" in result.plan.problems[0].message


def test_staff_account_without_a_profile_is_linked_not_duplicated(run):
    grace = UserFactory(email="grace.whitfield@nw.example", first_name="G")
    run(roster("NW050,grace.whitfield@nw.example,Grace,Whitfield,L&D,,Designer,"))
    grace.refresh_from_db()
    assert learner("NW050").user == grace
    assert grace.first_name == "Grace"
    assert grace.check_password(PASSWORD)  # the login still works
    assert User.objects.filter(email__iexact=grace.email).count() == 1


def test_email_change_updates_the_login(run):
    run(roster(*NORTHWIND))
    moved = [line.replace("priya.raman@", "priya.r@") for line in NORTHWIND]
    result = run(roster(*moved))
    assert learner("NW003").user.email == "priya.r@nw.example"
    assert result.plan.counts["updated"] == 1


# --- roles -------------------------------------------------------------------------


def test_role_column_wins_and_is_kept_by_later_imports_and_rules(role, run):
    header = HEADER + ",Academy Role"
    run(roster(*[line + "," for line in NORTHWIND], header=header))
    with_role = [
        line + (",ai-product-manager" if line.startswith("NW003") else ",")
        for line in NORTHWIND
    ]
    run(roster(*with_role, header=header))
    priya = learner("NW003")
    assert priya.role == role["ai-product-manager"]
    assert priya.role_set_by_hand
    # A later file without the column leaves the role to nobody but an admin.
    run(roster(*NORTHWIND))
    assert learner("NW003").role == role["ai-product-manager"]


def test_role_set_by_hand_is_kept_by_the_rules(role, run):
    run(roster(*NORTHWIND))
    Learner.objects.filter(employee_id="NW004").update(
        role=role["critical-business-user"], role_set_by_hand=True
    )
    result = run(roster(*[line.replace("Scientist", "Engineer") for line in NORTHWIND]))
    assert learner("NW004").role == role["critical-business-user"]
    assert result.plan.counts["role_changed"] == 0


def test_unknown_role_in_the_file_warns_and_changes_nothing(role, run):
    run(roster(*NORTHWIND))
    header = HEADER + ",Academy Role"
    result = run(roster(*[line + ",Wizard" for line in NORTHWIND], header=header))
    assert learner("NW004").role == role["production-engineer"]
    assert len([p for p in result.plan.problems if "Wizard" in p.message]) == 5


def test_new_roles_bring_their_curriculum(enrolled, run):
    run(roster(*NORTHWIND))
    enrolled.clear()
    moved = [line.replace("Claims Handler", "ML Engineer") for line in NORTHWIND]
    run(roster(*moved))
    assert enrolled == [learner("NW003").pk]


def test_without_rules_the_import_keeps_roles(role, run):
    AssignmentRule.objects.all().delete()
    run(roster(*NORTHWIND))
    assert not Learner.objects.filter(role__isnull=False).exists()


# --- leavers -------------------------------------------------------------------------


def test_leavers_are_deactivated_not_deleted_and_cannot_sign_in(client, run):
    priya = LearnerFactory(employee_id="NW003", user__email="priya.raman@nw.example")
    LearnerFactory(employee_id="NW004", manager=priya)
    history = AuditEvent.objects.create(
        learner=priya, action=AuditAction.ENROLLED, summary="Enrolled."
    )
    result = run(roster("NW003,priya.raman@nw.example,Priya,Raman,,,,Leaver"))

    assert result.plan.counts["deactivated"] == 1
    priya.refresh_from_db()
    priya.user.refresh_from_db()
    assert priya.status == LearnerStatus.LEFT
    assert not priya.user.is_active
    assert priya.status not in ACTIVE_STATUSES  # analytics stop counting them
    assert AuditEvent.objects.filter(pk=history.pk).exists()  # history stays
    assert learner("NW004").manager == priya

    response = client.post(
        reverse("account_login"),
        {"login": "priya.raman@nw.example", "password": PASSWORD},
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)


def test_people_coming_back_are_reactivated(run):
    LearnerFactory(
        employee_id="NW003",
        user__email="priya.raman@nw.example",
        user__is_active=False,
        status=LearnerStatus.LEFT,
    )
    result = run(roster("NW003,priya.raman@nw.example,Priya,Raman,,,,active"))
    assert result.plan.counts["reactivated"] == 1
    assert learner("NW003").user.is_active


def test_full_roster_deactivates_people_missing_from_it(academy_admin, run):
    gone = LearnerFactory(employee_id="NW900")
    admin_profile = LearnerFactory(employee_id="NW901", user=academy_admin)
    result = run(roster(*NORTHWIND), actor=academy_admin, deactivate_missing=True)

    gone.refresh_from_db()
    gone.user.refresh_from_db()
    assert gone.status == LearnerStatus.LEFT
    assert not gone.user.is_active
    # The person running the import is marked as left but can still sign in.
    admin_profile.refresh_from_db()
    academy_admin.refresh_from_db()
    assert admin_profile.status == LearnerStatus.LEFT
    assert academy_admin.is_active
    assert result.plan.counts["deactivated"] == 2
    event = AuditEvent.objects.filter(learner=gone).get()
    assert event.data["roster_import_id"] == result.roster_import.pk


def test_partial_file_deactivates_nobody_missing(run):
    other = LearnerFactory(employee_id="NW900", department=DepartmentFactory())
    run(roster(*NORTHWIND))
    other.refresh_from_db()
    assert other.status == LearnerStatus.ACTIVE


def test_imported_people_and_departments_can_be_found_by_search(run):
    from wagtail.search.backends import get_search_backend

    from learners.search import people_search

    run(roster(*NORTHWIND))
    backend = get_search_backend()
    found = people_search(Learner.objects.all(), "Raman")
    assert [person.employee_id for person in found] == ["NW003"]
    assert [d.name for d in backend.search("Digital", Department)] == [
        "Digital Products"
    ]
