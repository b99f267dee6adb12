import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from learners.models import Learner
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


def _grow_team(manager, size):
    User = get_user_model()
    start = Learner.objects.count()
    users = User.objects.bulk_create(
        User(
            email=f"report{start + i}@northwind.example",
            first_name="Report",
            last_name=f"{start + i:05d}",
        )
        for i in range(size)
    )
    users = User.objects.filter(email__in=[u.email for u in users])
    Learner.objects.bulk_create(
        Learner(
            user=u,
            employee_id=f"T{start + i:06d}",
            manager=manager,
            department=manager.department,
            job_title="Claims Handler",
        )
        for i, u in enumerate(users)
    )


def test_my_team_lists_the_whole_subtree(client, manager, learner):
    grandchild = LearnerFactory(
        manager=learner, user__first_name="Kofi", user__last_name="Mensah"
    )
    client.force_login(manager.user)
    html = client.get(reverse("learners:my_team")).content.decode()
    assert "Priya Raman" in html
    assert "Kofi Mensah" in html
    direct = client.get(reverse("learners:my_team") + "?direct=1").content.decode()
    assert "Kofi Mensah" not in direct
    assert grandchild.pk


@pytest.mark.parametrize(
    "params", ["?sort=evil", "?status=nope&department=x", "?page=999"]
)
def test_unknown_filters_fall_back_safely(client, manager, learner, params):
    client.force_login(manager.user)
    response = client.get(reverse("learners:my_team") + params)
    assert response.status_code == 200
    assert "Priya Raman" in response.content.decode()


def test_my_team_query_count_is_flat_across_team_sizes(client, manager, learner):
    client.force_login(manager.user)
    url = reverse("learners:my_team")
    client.get(url)  # creates the site settings (which moves the content version)
    client.get(url)  # fills the content cache
    counts = []
    for target in (1, 10, 100, 1000):
        have = Learner.objects.filter(manager=manager).count()
        if target > have:
            _grow_team(manager, target - have)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts


def test_export_csv_and_xlsx_neutralise_formulas(client, manager, learner):
    learner.job_title = '=HYPERLINK("http://evil.example")'
    learner.save()
    client.force_login(manager.user)
    response = client.get(reverse("learners:my_team_export", kwargs={"fmt": "csv"}))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Employee ID"
    titles = [row[4] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example")' in titles
    response = client.get(reverse("learners:my_team_export", kwargs={"fmt": "xlsx"}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet["E"]]
    assert '\'=HYPERLINK("http://evil.example")' in values


def test_learner_cannot_export_a_team(client, learner):
    client.force_login(learner.user)
    url = reverse("learners:my_team_export", kwargs={"fmt": "csv"})
    assert client.get(url).status_code == 403


def test_manager_sees_a_reports_completion_reasons(client, manager, learner):
    client.force_login(manager.user)
    url = reverse("learners:team_member", kwargs={"learner_id": learner.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert "Priya Raman" in response.content.decode()


def test_manager_cannot_open_someone_outside_the_line(
    client, manager, learner, other_learner
):
    client.force_login(manager.user)
    url = reverse("learners:team_member", kwargs={"learner_id": other_learner.pk})
    assert client.get(url).status_code == 404


MANAGER_PAGES = [
    ("get", "learners:my_team", {}),
    ("get", "learners:my_team_export", {"fmt": "xlsx"}),
    ("get", "learners:assign", {}),
    ("post", "learners:nudge", {"learner_id": 0}),
    ("get", "learners:team_member", {"learner_id": 0}),
]


@pytest.mark.parametrize(("method", "name", "kwargs"), MANAGER_PAGES)
@pytest.mark.parametrize("who", ["learner", "no_profile"])
def test_people_without_reports_get_403_from_every_manager_page(
    client, learner, ld_editor, method, name, kwargs, who
):
    client.force_login(learner.user if who == "learner" else ld_editor)
    kwargs = {k: (learner.pk if k == "learner_id" else v) for k, v in kwargs.items()}
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    assert response.status_code == 403
    assert not mail.outbox


@pytest.mark.parametrize(("method", "name", "kwargs"), MANAGER_PAGES)
def test_manager_pages_ask_anonymous_people_to_sign_in(client, method, name, kwargs):
    kwargs = {k: (1 if k == "learner_id" else v) for k, v in kwargs.items()}
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_manager_pages_answer_a_wrong_method_before_the_manager_check(client, learner):
    client.force_login(learner.user)
    url = reverse("learners:nudge", kwargs={"learner_id": learner.pk})
    assert client.get(url).status_code == 405


# --- Figures, sorts and filters over the kept figures (ADR 0027) -----------------


@pytest.fixture
def overdue_team(manager, learner, department):
    """Three reports: Ines missed a due date in September and one in October,
    Jonas missed one in October, Keiko is due next year; Lars (and Priya, the
    `learner`) have no courses."""
    from datetime import date

    from learners.models import CourseEnrolment, EnrolmentStatus
    from tests.factories import CoursePageFactory

    courses = [CoursePageFactory() for _ in range(3)]
    people = {}
    for first, last in (
        ("Ines", "Duarte"),
        ("Jonas", "Berg"),
        ("Keiko", "Sato"),
        ("Lars", "Holm"),
    ):
        people[first] = LearnerFactory(
            manager=manager,
            department=department,
            user__first_name=first,
            user__last_name=last,
        )
    enrol = CourseEnrolment.objects.create
    enrol(learner=people["Ines"], course=courses[0], due_date=date(2026, 9, 1))
    enrol(learner=people["Ines"], course=courses[1], due_date=date(2026, 10, 1))
    enrol(
        learner=people["Ines"],
        course=courses[2],
        due_date=date(2026, 8, 1),
        status=EnrolmentStatus.COMPLETED,  # completed: never overdue
    )
    enrol(learner=people["Jonas"], course=courses[0], due_date=date(2026, 10, 1))
    enrol(
        learner=people["Jonas"],
        course=courses[1],
        status=EnrolmentStatus.COMPLETED,
    )
    enrol(learner=people["Keiko"], course=courses[0], due_date=date(2027, 3, 1))
    return people


def _names(html: str, names) -> list[str]:
    return sorted((n for n in names if n in html), key=html.index)


def test_most_overdue_first_puts_the_longest_overdue_first(
    client, manager, overdue_team
):
    client.force_login(manager.user)
    html = client.get(reverse("learners:my_team") + "?sort=overdue").content.decode()
    names = ["Ines Duarte", "Jonas Berg", "Keiko Sato", "Lars Holm", "Priya Raman"]
    # Overdue since September, since October, due next year, then nothing due.
    assert _names(html, names)[:3] == ["Ines Duarte", "Jonas Berg", "Keiko Sato"]
    assert set(_names(html, names)[3:]) == {"Lars Holm", "Priya Raman"}


def test_overdue_filter_and_counts_follow_the_day(client, manager, overdue_team):
    from datetime import date

    from learners import team

    filters = team.TeamFilters(status="overdue")
    before = team.team_queryset(
        manager=manager, filters=filters, today=date(2026, 9, 15)
    )
    assert [p.user.first_name for p in before] == ["Ines"]
    after = team.team_queryset(
        manager=manager, filters=filters, today=date(2026, 12, 1)
    )
    assert sorted(p.user.first_name for p in after) == ["Ines", "Jonas"]
    rows = team.team_rows(
        [overdue_team[n].pk for n in ("Ines", "Jonas", "Keiko", "Lars")],
        today=date(2026, 12, 1),
    )
    assert [(p.user.first_name, p.overdue) for p in rows] == [
        ("Ines", 2),
        ("Jonas", 1),
        ("Keiko", 0),
        ("Lars", 0),
    ]
    assert [(p.assigned, p.completed) for p in rows] == [(3, 1), (2, 1), (1, 0), (0, 0)]
    totals = team.team_overview(manager=manager, today=date(2026, 12, 1)).totals
    assert (totals.people, totals.active) == (5, 5)
    assert (totals.completed_any, totals.overdue_people) == (2, 2)


def test_progress_sorts_by_share_completed(client, manager, overdue_team):
    client.force_login(manager.user)
    names = ["Ines Duarte", "Jonas Berg", "Keiko Sato"]
    html = client.get(reverse("learners:my_team") + "?sort=-progress").content.decode()
    # Jonas 1 of 2, Ines 1 of 3, Keiko 0 of 1.
    assert _names(html, names) == ["Jonas Berg", "Ines Duarte", "Keiko Sato"]


def test_the_count_shown_is_the_filtered_count(client, manager, overdue_team):
    client.force_login(manager.user)
    url = reverse("learners:my_team")
    assert "5 people match" in client.get(url).content.decode()
    html = client.get(url + "?status=overdue").content.decode()
    assert "2 people match" in html
    html = client.get(url + "?q=keiko").content.decode()
    assert "1 person matches" in html


def test_pages_after_the_first_continue_the_order(client, manager, learner):
    from learners.views import TEAM_PAGE_SIZE

    _grow_team(manager, TEAM_PAGE_SIZE + 3)
    client.force_login(manager.user)
    url = reverse("learners:my_team")
    first = client.get(url).context["page_obj"].object_list
    second = client.get(url + "?page=2").context["page_obj"].object_list
    seen = [p.pk for p in first] + [p.pk for p in second]
    assert len(seen) == len(set(seen)) == TEAM_PAGE_SIZE + 4
    expected = list(
        Learner.objects.filter(manager=manager)
        .order_by("user__last_name", "user__first_name", "pk")
        .values_list("pk", flat=True)
    )
    assert seen == expected


def test_curriculum_complete_filter_and_tag(client, manager, overdue_team):
    from learners import team
    from learners.models import CurriculumEnrolment, EnrolmentStatus
    from tests.factories import CurriculumPageFactory, RoleFactory

    role = RoleFactory(name="Claims analyst", slug="claims-analyst")
    curriculum = CurriculumPageFactory(role=role)
    for name in ("Ines", "Jonas"):
        overdue_team[name].role = role
        overdue_team[name].save()
    CurriculumEnrolment.objects.create(
        learner=overdue_team["Jonas"],
        curriculum=curriculum,
        status=EnrolmentStatus.COMPLETED,
    )
    client.force_login(manager.user)
    html = client.get(
        reverse("learners:my_team") + "?status=completed"
    ).content.decode()
    assert "Jonas Berg" in html
    assert "Ines Duarte" not in html
    assert "Curriculum complete</span>" in html
    overview = team.team_overview(manager=manager)
    assert overview.totals.completed_curriculum == 1
    assert overview.roles == [(role.pk, "Claims analyst")]


def _export_rows(client, params: str = "") -> list[list[str]]:
    url = reverse("learners:my_team_export", kwargs={"fmt": "csv"}) + params
    response = client.get(url)
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_export_rows_hold_each_person_as_the_page_shows_them(
    client, settings, manager, overdue_team
):
    """Every column, as plain values: the name falls back to the email, a missing
    department or role is blank, the status is its label, the counts are the
    kept figures and today's overdue courses, the last activity is local time."""
    from datetime import UTC, datetime

    from learners.models import CourseEnrolment, CurriculumEnrolment, EnrolmentStatus
    from tests.factories import CurriculumPageFactory, RoleFactory

    settings.TIME_ZONE = "Europe/Oslo"
    role = RoleFactory(name="Claims analyst", slug="claims-analyst")
    curriculum = CurriculumPageFactory(role=role)
    jonas = overdue_team["Jonas"]
    jonas.role = role
    jonas.job_title = "Claims Analyst"
    jonas.save()
    CurriculumEnrolment.objects.create(
        learner=jonas, curriculum=curriculum, status=EnrolmentStatus.COMPLETED
    )
    CourseEnrolment.objects.filter(learner=jonas, due_date__isnull=False).update(
        last_activity_at=datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    )
    lars = overdue_team["Lars"]
    lars.user.first_name = lars.user.last_name = ""
    lars.user.save()
    lars.department = None
    lars.status = "on_leave"
    lars.save()

    client.force_login(manager.user)
    rows = _export_rows(client, "?sort=overdue")
    assert rows[0] == [
        "Employee ID",
        "Name",
        "Email",
        "Department",
        "Job title",
        "Role",
        "Status",
        "Courses assigned",
        "Courses completed",
        "Courses overdue",
        "Role curriculum complete",
        "Last activity",
    ]
    by_name = {row[1]: row for row in rows[1:]}
    assert [row[1] for row in rows[1:4]] == ["Ines Duarte", "Jonas Berg", "Keiko Sato"]
    assert by_name["Jonas Berg"][3:] == [
        jonas.department.name,
        "Claims Analyst",
        "Claims analyst",
        "Active",
        "2",
        "1",
        "1",
        "yes",
        "2026-12-01 00:30",  # 23:30 UTC is half past midnight in Oslo
    ]
    assert by_name["Ines Duarte"][6:11] == ["Active", "3", "1", "2", "no"]
    assert by_name["Keiko Sato"][7:12] == ["1", "0", "0", "no", ""]
    # No name: the email stands for it; no department: blank.
    assert by_name[lars.user.email][0] == lars.employee_id
    assert by_name[lars.user.email][2:4] == [lars.user.email, ""]
    assert by_name[lars.user.email][6] == "On leave"
    # The page's filters narrow the export the same way.
    # (sorted by last name, as the page is by default)
    assert [row[1] for row in _export_rows(client, "?status=overdue")[1:]] == [
        "Jonas Berg",
        "Ines Duarte",
    ]
    assert [row[1] for row in _export_rows(client, "?status=completed")[1:]] == [
        "Jonas Berg"
    ]


def test_export_of_an_empty_selection_is_its_header(client, manager, learner):
    client.force_login(manager.user)
    rows = _export_rows(client, "?q=nobody-has-this-name")
    assert rows == [rows[0]]
    assert rows[0][0] == "Employee ID"
    url = reverse("learners:my_team_export", kwargs={"fmt": "xlsx"})
    sheet = load_workbook(io.BytesIO(client.get(url + "?q=nobody").content)).active
    assert [cell.value for cell in sheet[1]][:2] == ["Employee ID", "Name"]
    assert sheet.max_row == 1


def test_export_query_count_is_flat_across_team_sizes(client, manager, learner):
    client.force_login(manager.user)
    url = reverse("learners:my_team_export", kwargs={"fmt": "csv"})
    client.get(url)
    counts = []
    for target in (1, 50, 600):
        have = Learner.objects.filter(manager=manager).count()
        _grow_team(manager, target - have)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            body = (
                b"".join(response.streaming_content)
                if response.streaming
                else response.content
            )
        assert body.decode("utf-8-sig").count("\r\n") == target + 1
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
