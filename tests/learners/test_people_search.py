"""People search reads the learner's own ``search_text`` column, set by every
write in the same transaction: no Wagtail search index, no indexing job
(learners/search.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.search.index import class_is_indexed

from learners.models import Learner
from learners.roster.services import ImportOptions, roster_import_run
from learners.search import (
    people_search,
    people_search_q,
    search_text,
    search_text_column,
)
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db

HEADER = "employee_id,email,first_name,last_name,department,manager,job_title,status"
ROWS = [
    "NW001,amara.okafor@nw.example,Amara,Okafor,Operations,,Chief Operating Officer,",
    "NW002,tomas.alvarez@nw.example,Tomás,Álvarez,Claims,NW001,Head of Claims,",
    "NW003,priya.raman@nw.example,Priya,Raman,Claims,NW002,Claims Handler,",
]


def roster(*lines) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


def found(query, queryset=None):
    people = people_search(queryset or Learner.objects.all(), query)
    return sorted(person.employee_id for person in people)


def import_file(data):
    # No commit callbacks run: people must be searchable without any job.
    return roster_import_run(
        data=data, file_name="hr.csv", options=ImportOptions(), actor=None
    )


def test_people_are_not_in_wagtails_search_index():
    assert not class_is_indexed(Learner)


def test_imported_people_are_searchable_without_any_background_job():
    import_file(roster(*ROWS))
    assert found("raman") == ["NW003"]
    assert found("ÁLVAREZ") == ["NW002"]
    assert found("claims") == ["NW002", "NW003"]  # job titles
    assert found("nw001") == ["NW001"]  # employee IDs
    assert found("amara.okafor@") == ["NW001"]  # emails
    assert found("priya raman") == ["NW003"]  # every word, any order
    assert found("raman priya") == ["NW003"]
    assert found("priya okafor") == []


def test_a_second_import_that_renames_someone_updates_their_search_text():
    import_file(roster(*ROWS))
    renamed = (
        ROWS[2]
        .replace("Raman", "Raman-Iyer")
        .replace("Claims Handler", "Senior Claims Handler")
    )
    import_file(roster(*ROWS[:2], renamed))
    assert found("raman-iyer") == ["NW003"]
    assert found("senior") == ["NW003"]


def test_renaming_an_account_updates_its_learner_in_the_same_transaction():
    person = LearnerFactory(user__first_name="Ines", user__last_name="Moreau")
    user = person.user
    user.last_name = "Moreau-Laurent"
    user.save()
    assert found("laurent") == [person.employee_id]
    # A sign-in saving last_login only touches nothing else.
    with CaptureQueriesContext(connection) as queries:
        user.save(update_fields=["last_login"])
    assert len(queries.captured_queries) == 1


def test_an_admin_edit_of_the_job_title_is_searchable_at_once():
    person = LearnerFactory(job_title="Underwriter")
    person.job_title = "Pricing Actuary"
    person.save()
    assert found("actuary") == [person.employee_id]


def test_the_python_and_pandas_texts_agree():
    import pandas as pd

    frame = pd.DataFrame(
        {
            "first_name": ["  Zoë ", None],
            "last_name": ["Adeyemi", "Berg"],
            "email": ["Zoe.Adeyemi@NW.example", "jonas@nw.example"],
            "employee_id": ["NW9", "NW10"],
            "job_title": ["Data  Engineer", ""],
        }
    )
    assert search_text_column(frame).tolist() == [
        search_text(
            " Zoë ", "Adeyemi", "Zoe.Adeyemi@NW.example", "NW9", "Data  Engineer"
        ),
        search_text("", "Berg", "jonas@nw.example", "NW10", ""),
    ]
    assert (
        search_text_column(frame)[0]
        == "zoë adeyemi zoe.adeyemi@nw.example nw9 data engineer"
    )


def test_an_empty_or_blank_query_changes_nothing():
    LearnerFactory()
    assert people_search(Learner.objects.all(), "   ").count() == 1


# --- the admin's people listing and chooser, and My team ------------------------------


@pytest.fixture
def admin(client, academy_admin):
    client.force_login(academy_admin)
    return client


def test_the_admin_people_listing_searches_the_column(admin):
    import_file(roster(*ROWS))
    html = admin.get("/admin/people/?q=priya+raman").content.decode()
    assert "Priya Raman" in html
    assert "Amara Okafor" not in html


def test_the_admin_people_search_is_a_flat_number_of_queries(admin):
    LearnerFactory.create_batch(3, job_title="Claims Handler")
    admin.get("/admin/people/?q=claims")
    with CaptureQueriesContext(connection) as few:
        admin.get("/admin/people/?q=claims")
    LearnerFactory.create_batch(20, job_title="Claims Handler")
    admin.get("/admin/people/?q=claims")  # rebuild what the new rows' saves expired
    with CaptureQueriesContext(connection) as many:
        admin.get("/admin/people/?q=claims")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_person_chooser_searches_the_column(admin):
    import_file(roster(*ROWS))
    response = admin.get("/admin/learner_chooser/results/?q=alvarez")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tomás Álvarez" in html
    assert "Priya Raman" not in html


def test_my_team_search_finds_people_in_the_subtree_only(client, manager, learner):
    LearnerFactory(manager=learner, user__first_name="Kofi", user__last_name="Mensah")
    LearnerFactory(
        user__first_name="Priya", user__last_name="Sharma", job_title="Claims Handler"
    )
    client.force_login(manager.user)
    html = client.get(reverse("learners:my_team") + "?q=priya").content.decode()
    assert "Priya Raman" in html
    assert "Priya Sharma" not in html  # not in this manager's team
    assert "Kofi Mensah" not in html
    html = client.get(reverse("learners:my_team") + "?q=mensah+kofi").content.decode()
    assert "Kofi Mensah" in html


@pytest.mark.postgres
def test_postgres_answers_a_search_from_the_trigram_index():
    LearnerFactory.create_batch(30)
    query = Learner.objects.filter(people_search_q("raman")).order_by().values("pk")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE learners_learner")
        # A 30-row table is read whole; on 100,000 people the planner picks the
        # index by itself (bench/people_search.py prints that it does).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "learners_learner_search_trgm" in plan
