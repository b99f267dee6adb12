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
