"""Target progress in words and on the home page, for every persona."""

from datetime import date

import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analytics.presenters.departments import departments_by_gap
from analytics.presenters.targets import (
    forecast_in_words,
    target_cards,
    targets_hidden,
    targets_table,
)
from analytics.presenters.wording import per_week
from analytics.privacy import Audience
from learners.models import Target
from tests.factories import DepartmentFactory

ADMIN = Audience(see_individuals=True, min_group_size=5)
LEADERSHIP = Audience(see_individuals=False, min_group_size=5)
TODAY = date(2026, 11, 25)


def _row(**overrides):
    row = {
        "target_id": 1,
        "name": "Half of the organisation through its role curriculum",
        "scope": "Whole organisation",
        "department_id": None,
        "role_id": None,
        "population": 600,
        "completed": 240,
        "percent": 40.0,
        "target_percent": 50.0,
        "target_count": 300,
        "status": "on_track",
        "pace_per_week": 12.0,
        "forecast_date": "2027-01-01",
        "needed_per_week": 2.0,
        "start_date": "2026-06-01",
        "deadline": "2027-06-30",
    }
    row.update(overrides)
    return row


# --- the forecast in words (hand-made cases) --------------------------------------


def test_an_empty_population_has_nothing_to_forecast():
    row = _row(population=0, completed=0, percent=0.0, target_count=0)
    row.update(status="off_track", forecast_date=None, needed_per_week=None)
    assert forecast_in_words(row, today=TODAY) == (
        "Nobody is in this target's scope yet, so there is nothing to forecast."
    )


def test_a_met_target_says_so_with_the_counts():
    row = _row(completed=312, percent=52.0, status="met", needed_per_week=0.0)
    assert forecast_in_words(row, today=TODAY) == (
        "Target met: 312 of 600 people have completed, against a target of 50% "
        "by 30 June 2027."
    )


def test_a_passed_deadline_says_how_many_people_are_still_missing():
    row = _row(deadline="2026-10-31", status="off_track", needed_per_week=None)
    assert forecast_in_words(row, today=TODAY) == (
        "The deadline, 31 October 2026, has passed short of the target: 60 more "
        "people would need to complete to reach 50%."
    )


def test_no_recent_completions_gives_no_forecast_but_the_pace_needed():
    row = _row(completed=0, percent=0.0, status="off_track", pace_per_week=0.0)
    row.update(forecast_date=None, needed_per_week=9.23)
    assert forecast_in_words(row, today=TODAY) == (
        "Nobody in scope has completed in the last 8 weeks, so there is no forecast "
        "yet: 300 more people still need to complete. About 9.3 completions a week "
        "are needed to reach 50% by 30 June 2027."
    )


def test_on_track_gives_the_date_and_the_weeks_to_spare():
    text = forecast_in_words(_row(), today=TODAY)
    assert text == (
        "At the recent pace of 12 completions a week, the target will be met "
        "around 1 January 2027, 25 weeks before the deadline."
    )


def test_behind_pace_gives_the_late_date_and_the_pace_needed():
    row = _row(pace_per_week=1.5, forecast_date="2027-08-04", status="at_risk")
    row["needed_per_week"] = 2.0
    assert forecast_in_words(row, today=TODAY) == (
        "At the recent pace of 1.5 completions a week, the target would be met "
        "around 4 August 2027, 5 weeks after the deadline. About 2 completions a "
        "week are needed to reach 50% by 30 June 2027."
    )


def test_one_person_left_and_small_needs_read_as_plain_english():
    row = _row(completed=299, percent=49.8, status="off_track", pace_per_week=0.0)
    row.update(forecast_date=None, needed_per_week=1.0)
    assert forecast_in_words(row, today=TODAY) == (
        "Nobody in scope has completed in the last 8 weeks, so there is no forecast "
        "yet: 1 more person still needs to complete. About 1 completion a week is "
        "needed to reach 50% by 30 June 2027."
    )
    row["needed_per_week"] = 0.04
    assert forecast_in_words(row, today=TODAY).endswith(
        "Fewer than one completion a week is needed to reach 50% by 30 June 2027."
    )


def test_a_pace_is_rounded_to_the_nearest_a_need_always_up():
    assert per_week(0.125) == "0.1"
    assert per_week(1.125) == "1.1"
    assert per_week(10.125) == "10"
    assert per_week(0.04, up=True) == "0.1"
    assert per_week(10.2, up=True) == "11"
    assert per_week(1234.0, up=True) == "1,234"


# --- cards and the department table -----------------------------------------------


def test_a_target_over_fewer_than_five_people_is_hidden_from_leadership_only():
    targets = pd.DataFrame([_row(population=3, completed=1, percent=33.3)])
    (hidden,) = target_cards(targets, LEADERSHIP, today=TODAY)
    assert hidden.hidden
    assert hidden.percent is None
    assert hidden.completed is None
    assert hidden.status is None
    assert hidden.forecast.startswith("Hidden: fewer than 5 people")
    (shown,) = target_cards(targets, ADMIN, today=TODAY)
    assert not shown.hidden
    assert shown.completed == 1


def test_a_role_target_that_would_give_away_the_rest_of_its_scope_is_hidden():
    departments = pd.DataFrame({"department_id": [7], "population": [8]})
    targets = pd.DataFrame(
        [
            # Claims (8 people), role X (6): the other 2 would be given away.
            _row(target_id=1, department_id=7, role_id=3, population=6, completed=3),
            # The organisation (600), role X (597): 3 people outside the role.
            _row(target_id=2, role_id=3, population=597, completed=300),
            # The organisation, role Y (400): 200 outside it, safe.
            _row(target_id=3, role_id=4, population=400, completed=100),
            # Claims as a whole: nothing to subtract.
            _row(target_id=4, department_id=7, population=8, completed=4),
        ]
    )
    scopes = {"departments": departments, "total": 600}
    assert targets_hidden(targets, LEADERSHIP, **scopes) == {1, 2}
    assert targets_hidden(targets, ADMIN, **scopes) == set()
    cards = target_cards(targets, LEADERSHIP, today=TODAY, **scopes)
    assert [card.hidden for card in cards] == [True, True, False, False]
    assert "outside its role" in cards[0].forecast
    table = targets_table(targets, LEADERSHIP, **scopes)
    assert [row.get("suppressed", False) for row in table.rows] == [
        True,
        True,
        False,
        False,
    ]
    assert table.rows[0]["completed"] is None


def test_departments_are_listed_by_gap_with_hidden_ones_last():
    departments = pd.DataFrame(
        {
            "department_id": [1, 2, 3, 4, 5],
            "parent_id": [None, None, None, None, None],
            "name": ["Claims", "Finance", "Legal", "Risk", "Empty"],
            "path": ["Claims", "Finance", "Legal", "Risk", "Empty"],
            "depth": [0, 0, 0, 0, 0],
            "population": [10, 20, 8, 2, 0],
            "completed": [5, 4, 0, 0, 0],
            "percent": [50.0, 20.0, 0.0, 0.0, 0.0],
            "target_count": [5, 10, 4, 1, 0],
            "shortfall": [0, 6, 4, 1, 0],
            "gap_points": [0.0, 30.0, 50.0, 50.0, 0.0],
        }
    )
    table = departments_by_gap(departments, LEADERSHIP, total=45)
    order = [row["path"] for row in table.rows]
    assert order[:3] == ["Legal", "Finance", "Claims"]
    assert order[3:] == ["Empty", "Risk"]  # by name, so place reveals nothing
    risk = next(row for row in table.rows if row["path"] == "Risk")
    assert risk["suppressed"]
    assert risk["gap_points"] is None
    limited = departments_by_gap(departments, LEADERSHIP, total=45, limit=2)
    assert [row["path"] for row in limited.rows] == ["Legal", "Finance"]
    assert "3 more in the full table" in limited.caption
    with_goal = departments_by_gap(
        departments, LEADERSHIP, total=45, target_percent=50.0
    )
    assert with_goal.caption.startswith(
        "Measured against the organisation-wide target of 50% of people"
    )


# --- the home page -----------------------------------------------------------------

HEADING = "Progress towards our targets"
DEPARTMENTS = "Departments furthest from the target"


def _home(client, persona_user, persona):
    user = persona_user[persona]
    if user is not None:
        client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def more_targets(org, initiative):
    """A department target and a role target beside the seeded organisation one."""
    from analytics import services
    from analytics.models import SnapshotTrigger

    Target.objects.create(
        name="Claims Intake first",
        department=org.intake,
        target_percent=80,
        start_date=date(2026, 1, 1),
        deadline=date(2027, 3, 31),
    )
    Target.objects.create(
        name="Every critical business user",
        role=org.role,
        target_percent=90,
        start_date=date(2026, 1, 1),
        deadline=date(2027, 6, 30),
    )
    return services.snapshot_run(run_key="test:targets", trigger=SnapshotTrigger.MANUAL)


ORGANISATION_TARGET = "Half of the organisation through its role curriculum"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["ld_editor", "academy_admin", "leadership"])
def test_analytics_personas_see_every_target_and_the_departments(
    client, persona_user, more_targets, persona
):
    html = _home(client, persona_user, persona)
    assert HEADING in html
    for name in (ORGANISATION_TARGET, "Claims Intake first", "Every critical"):
        assert name in html
    assert html.count('class="target-card__forecast"') == 3
    assert "<progress" in html
    assert DEPARTMENTS in html
    assert "Claims Intake" in html


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["learner", "manager", "ld_reviewer"])
def test_other_people_see_the_organisation_target_but_no_departments(
    client, persona_user, more_targets, persona
):
    html = _home(client, persona_user, persona)
    assert HEADING in html
    assert ORGANISATION_TARGET in html
    assert html.count('class="target-card__forecast"') == 1
    assert "Claims Intake first" not in html
    assert "Every critical business user" not in html
    assert DEPARTMENTS not in html


@pytest.mark.django_db
def test_a_small_organisation_is_hidden_on_the_home_page_except_from_admins(
    client, persona_user, settings
):
    from analytics import services
    from analytics.models import SnapshotTrigger
    from tests.factories import LearnerFactory

    for first, last in (("Lena", "Fischer"), ("Omar", "Haddad"), ("Mei", "Tanaka")):
        LearnerFactory(user__first_name=first, user__last_name=last)
    services.snapshot_run(run_key="test:small", trigger=SnapshotTrigger.MANUAL)
    settings.ANALYTICS_MIN_GROUP_SIZE = 50
    for persona in ("learner", "leadership"):
        client.logout()
        html = _home(client, persona_user, persona)
        assert "Hidden: fewer than 50 people in this target" in html, persona
        assert "<progress" not in html, persona
    client.logout()
    html = _home(client, persona_user, "academy_admin")
    assert "Hidden: fewer than" not in html
    assert "<progress" in html


@pytest.mark.django_db
def test_anonymous_visitors_see_no_figures(client, persona_user, snapshot):
    html = _home(client, persona_user, "anonymous")
    assert HEADING not in html


@pytest.mark.django_db
def test_before_the_first_snapshot_analytics_people_get_a_next_step(
    client, persona_user
):
    html = _home(client, persona_user, "ld_editor")
    assert "after the first snapshot" in html
    assert "Compute the figures now" in html
    client.logout()
    assert "after the first snapshot" not in _home(client, persona_user, "learner")


@pytest.mark.django_db
def test_the_home_page_query_count_does_not_grow_with_departments(
    client, persona_user, org, initiative
):
    from analytics import services
    from analytics.models import SnapshotTrigger

    client.force_login(persona_user["leadership"])
    services.snapshot_run(run_key="test:few", trigger=SnapshotTrigger.MANUAL)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for i in range(30):
        DepartmentFactory(name=f"Regional office {i}", parent=org.operations)
    services.snapshot_run(run_key="test:many", trigger=SnapshotTrigger.MANUAL)
    client.get("/")  # the cached parts the new rows' saves expired are rebuilt
    with CaptureQueriesContext(connection) as many:
        response = client.get("/")
    assert "Regional office" in response.content.decode()
    assert len(many) == len(few)


@pytest.mark.django_db
def test_the_overview_shows_the_bars_the_forecast_and_the_gap_table(
    client, persona_user, snapshot
):
    client.force_login(persona_user["leadership"])
    html = client.get("/analytics/").content.decode()
    assert "Progress towards the targets" in html
    assert 'class="target-card__forecast"' in html
    assert DEPARTMENTS in html
