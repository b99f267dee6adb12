"""An Academy admin imports an HR roster in the browser: upload, watch the progress
bar, read the preview, apply. Celery is eager here, so the upload's background job
finishes before the page loads; the live progress bar is shown with a job held
"in progress" in the database and moved on from the test."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from accounts import personas
from learners.models import ImportStatus, Learner, RosterImport
from learners.roster import services
from tests.conftest import give_totp
from tests.e2e.conftest import current_totp, sign_in
from tests.factories import UserFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

ROSTER = (
    "\ufeffEmployee Number,Work Email,First Name,Last Name,Department,Manager ID,"
    "Position,Employment Status\r\n"
    "00101,amara.okafor@northwind.example,Amara,Okafor,Operations,,COO,Active\r\n"
    "00102,tomas.alvarez@northwind.example,Tomás,Álvarez,Claims,00101,"
    "Head of Claims,\r\n"
    "00103,hiro.tanaka@northwind.example,Hiro,Tanaka,claims,00102,"
    "Data Scientist,on leave\r\n"
    "00104,not-an-email,Rosa,Costa,Claims,00102,Claims Handler,\r\n"
)


def sign_in_as_admin(page, live_server, user, secret, next_path):
    """Password, then the authenticator code (allauth labels that field "Code")."""
    sign_in(page, live_server, user.email, PASSWORD, next_path=next_path)
    page.get_by_label("Code").fill(current_totp(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


@pytest.fixture
def admin(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory(
        email="sofia.lindqvist@northwind.example",
        first_name="Sofia",
        last_name="Lindqvist",
    )
    user.groups.add(Group.objects.get(name=personas.ACADEMY_ADMINS))
    return user, give_totp(user)


def test_admin_uploads_previews_and_applies_a_roster(
    live_server, page, admin, tmp_path
):
    user, secret = admin
    roster = tmp_path / "northwind-hr.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    sign_in_as_admin(page, live_server, user, secret, "/admin/roster-imports/")

    page.get_by_role("link", name="Upload a roster").first.click()
    page.get_by_label("Roster file").set_input_files(str(roster))
    page.get_by_role("button", name="Upload and check").click()

    status = page.locator("#roster-import-status")
    expect(status.get_by_role("heading", level=2)).to_have_text(
        "Preview: nothing has changed yet"
    )
    expect(status.locator("[data-count=created] td")).to_have_text("3")
    expect(status.locator("[data-count=rejected] td")).to_have_text("1")
    expect(status.get_by_text('Email "not-an-email" is not a valid')).to_be_visible()
    status.get_by_text("New people (3)").click()
    expect(status.get_by_text("Tomás Álvarez")).to_be_visible()
    assert Learner.objects.count() == 0

    status.get_by_role("button", name="Apply these changes").click()
    expect(page.locator("#roster-import-status h2")).to_contain_text("Applied")
    assert Learner.objects.get(employee_id="00103").manager.employee_id == "00102"
    record = RosterImport.objects.get()
    assert record.status == ImportStatus.APPLIED

    page.goto(f"{live_server.url}/admin/roster-imports/")
    expect(page.get_by_role("link", name="northwind-hr.csv")).to_be_visible()
    expect(
        page.get_by_text("3 new · 0 updated · 0 deactivated · 1 rejected")
    ).to_be_visible()


def test_progress_bar_moves_while_the_job_runs_then_shows_the_preview(
    live_server, page, admin
):
    user, secret = admin
    record = RosterImport.objects.create(
        created_by=user,
        file_name="northwind-hr.csv",
        file_sha256="a" * 64,
        status=ImportStatus.PREVIEWING,
    )
    services.progress_set(record.pk, 10, "Reading the file")
    sign_in_as_admin(
        page, live_server, user, secret, f"/admin/roster-imports/{record.pk}/"
    )

    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("value", "10")
    expect(page.get_by_text("Reading the file")).to_be_visible()

    # The job moves on; the page polls and the bar follows without a reload.
    services.progress_set(record.pk, 60, "Working out the changes")
    expect(bar).to_have_attribute("value", "60", timeout=10_000)
    expect(page.get_by_text("Working out the changes")).to_be_visible()

    RosterImport.objects.filter(pk=record.pk).update(
        status=ImportStatus.PREVIEWED,
        preview_counts={
            "counts": {"created": 12, "rejected": 0},
            "examples": {},
            "column_map": {"Employee Number": "employee_id"},
            "unknown_columns": [],
            "total_rows": 12,
        },
    )
    services.progress_set(record.pk, 100, "Ready to apply")
    expect(
        page.get_by_role("heading", name="Preview: nothing has changed yet")
    ).to_be_visible(timeout=10_000)
    expect(page.locator("[data-count=created] td")).to_have_text("12")
    expect(page.get_by_role("progressbar")).to_have_count(0)
