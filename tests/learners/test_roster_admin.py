"""The roster import screens in the Wagtail admin: upload, progress, preview, apply.

Celery is eager, so the background jobs run when the request's transaction commits
(``django_capture_on_commit_callbacks`` plays the commit).
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learners.models import (
    AuditEvent,
    ImportStatus,
    Learner,
    LearnerStatus,
    RosterImport,
)
from learners.roster import services, writer
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "Employee Number,E-mail,First Name,Last Name,Department Name,Manager ID,Position"
)
ROWS = [
    "00101,sofia.lindqvist@nw.example,Sofia,Lindqvist,People,,People Systems Manager",
    "00102,kwame.mensah@nw.example,Kwame,Mensah,People,00101,Learning Designer",
    "00103,hiro.tanaka@nw.example,Hiro,Tanaka,Data Science,00101,Data Scientist",
    "=cmd|' /C calc'!A0,bad-email,Mallory,Hacker,People,,Clerk",
]


def csv_upload(*rows, header=HEADER, name="hr-export.csv"):
    data = ("\n".join([header, *rows]) + "\n").encode()
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def admin_client(client, academy_admin):
    client.force_login(academy_admin)
    return client


@pytest.fixture
def upload(admin_client, django_capture_on_commit_callbacks):
    def upload(file, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                reverse("roster_imports:add"), {"file": file, **fields}
            )
        return response

    return upload


def detail(record):
    return reverse("roster_imports:detail", args=[record.pk])


def test_upload_page_lists_the_fields_and_their_aliases(admin_client):
    response = admin_client.get(reverse("roster_imports:add"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Upload and check" in body
    assert "Employee Number" in body
    assert "Employment Status" in body


def test_upload_checks_the_file_in_the_background_and_shows_a_preview(
    upload, admin_client
):
    response = upload(csv_upload(*ROWS))

    record = RosterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(record)
    assert record.status == ImportStatus.PREVIEWED
    assert record.progress == 100
    assert record.file_name == "hr-export.csv"
    assert record.preview_counts["counts"]["created"] == 3
    assert record.preview_counts["counts"]["rejected"] == 1
    assert Learner.objects.count() == 0  # a preview changes nothing

    page = admin_client.get(detail(record)).content.decode()
    assert "Preview: nothing has changed yet" in page
    assert "Apply these changes" in page
    assert "Kwame Mensah" in page
    assert "Hiro Tanaka" in page
    assert "is not a valid email address" in page
    assert "hx-trigger" not in page  # finished: nothing to poll


def test_apply_imports_everything_and_forgets_the_file(
    upload, admin_client, academy_admin, django_capture_on_commit_callbacks
):
    upload(csv_upload(*ROWS), deactivate_missing="on")
    record = RosterImport.objects.get()
    stored = record.file.path

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("roster_imports:apply", args=[record.pk]))

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED
    assert record.applied_counts["counts"]["created"] == 3
    assert record.options["applied_by"] == academy_admin.pk
    assert not record.file
    assert not Path(stored).exists()  # the HR file is not kept once applied
    assert Learner.objects.get(employee_id="00102").manager.employee_id == "00101"
    assert AuditEvent.objects.filter(data__roster_import_id=record.pk).count() == 3


def test_applied_import_is_listed_in_the_history(upload, admin_client):
    upload(csv_upload(*ROWS))
    response = admin_client.get(reverse("roster_imports:index"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "hr-export.csv" in body
    assert "3 new · 0 updated · 0 deactivated · 1 rejected" in body
    assert "Sofia Lindqvist" in body


def test_report_download_lists_problems_and_neutralises_formulas(upload, admin_client):
    upload(csv_upload(*ROWS))
    record = RosterImport.objects.get()
    response = admin_client.get(reverse("roster_imports:report", args=[record.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="roster-import-{record.pk}-report.csv"'
    )
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "row,employee_id,level,message"
    assert lines[1].startswith("5,'=cmd|' /C calc'!A0,error,")


def test_upload_refuses_a_file_that_is_not_a_spreadsheet(upload):
    response = upload(SimpleUploadedFile("roster.csv", b"%PDF-1.7\n..."))
    assert response.status_code == 200
    assert "is a PDF document, not a spreadsheet" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_upload_refuses_files_over_the_size_limit_before_reading_them(
    upload, monkeypatch
):
    monkeypatch.setattr("learners.roster.forms.MAX_BYTES", 100)
    response = upload(csv_upload(*ROWS))
    assert "more than the 100 bytes allowed" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_upload_refuses_a_bad_column_mapping(upload):
    response = upload(csv_upload(*ROWS), mapping="Worker employee_id")
    body = response.content.decode()
    assert "is not of the form &quot;Source header=field&quot;" in body
    assert not RosterImport.objects.exists()


def test_a_file_that_cannot_be_read_fails_with_its_reason(upload, admin_client):
    upload(csv_upload("E1,e1@nw.example", header="Name,Office"))
    record = RosterImport.objects.get()
    assert record.status == ImportStatus.FAILED
    assert "no column for Employee ID" in record.error
    page = admin_client.get(detail(record)).content.decode()
    assert "This import failed" in page
    assert "Apply these changes" not in page


def test_mapping_and_day_first_dates_are_used(upload):
    upload(
        csv_upload(
            "W1,ann.lee@nw.example,03/04/2024",
            header="Worker,Email,Hire Date",
        ),
        mapping="Worker=employee_id",
        dayfirst="on",
    )
    record = RosterImport.objects.get()
    assert record.options["mapping"] == {"Worker": "employee_id"}
    assert record.options["dayfirst"] is True
    assert record.preview_counts["counts"]["created"] == 1


# --- progress -----------------------------------------------------------------------


def test_progress_fragment_polls_while_the_job_runs(admin_client, academy_admin):
    record = RosterImport.objects.create(
        created_by=academy_admin,
        file_name="hr-export.csv",
        file_sha256="0" * 64,
        status=ImportStatus.PREVIEWING,
    )
    services.progress_set(record.pk, 40, "Comparing with the academy")

    fragment = admin_client.get(
        reverse("roster_imports:progress", args=[record.pk])
    ).content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    assert 'value="40"' in fragment
    assert "Comparing with the academy" in fragment
    page = admin_client.get(detail(record)).content.decode()
    assert "vendor/htmx/htmx.min.js" in page
    assert '<meta http-equiv="refresh" content="3">' in page  # without JavaScript

    RosterImport.objects.filter(pk=record.pk).update(
        status=ImportStatus.PREVIEWED,
        preview_counts={"counts": {"created": 2}},
    )
    services.progress_set(record.pk, 100, "Ready to apply")
    fragment = admin_client.get(
        reverse("roster_imports:progress", args=[record.pk])
    ).content.decode()
    assert "hx-trigger" not in fragment
    assert "Preview: nothing has changed yet" in fragment


def test_progress_during_apply_claims_no_saved_work(
    upload, admin_client, monkeypatch, django_capture_on_commit_callbacks
):
    """Apply is one transaction: while it runs the page shows no percentage and
    no step as done, because a lost worker would take all of it back."""
    upload(csv_upload(*ROWS), deactivate_missing="on")
    record = RosterImport.objects.get()
    seen = {}
    deactivate = writer._missing_deactivate

    def look_at_the_page(plan):
        deactivate(plan)
        url = reverse("roster_imports:progress", args=[record.pk])
        seen["fragment"] = admin_client.get(url).content.decode()

    monkeypatch.setattr(writer, "_missing_deactivate", look_at_the_page)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("roster_imports:apply", args=[record.pk]))

    fragment = seen["fragment"]
    assert 'hx-trigger="every 1s"' in fragment
    assert "value=" not in fragment.split("<progress", 1)[1].split(">", 1)[0]
    assert "%</span>" not in fragment
    assert "Leavers deactivated" not in fragment
    assert "nothing is saved until all of it is" in fragment
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED
    assert (record.progress, record.progress_message) == (100, "Applied")


# --- apply: once, atomically --------------------------------------------------------


def test_apply_cannot_run_twice(
    upload, admin_client, django_capture_on_commit_callbacks
):
    upload(csv_upload(*ROWS))
    record = RosterImport.objects.get()
    url = reverse("roster_imports:apply", args=[record.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(url, follow=True)
    # No task is queued; the page shown after it may first create the academy
    # settings, which only moves the content cache's version.
    assert [c for c in callbacks if c.__module__ != "cms.fragments"] == []
    assert "cannot be applied now" in response.content.decode()
    assert Learner.objects.count() == 3


def test_failed_apply_changes_nothing_and_says_so(
    upload, admin_client, monkeypatch, django_capture_on_commit_callbacks
):
    existing = LearnerFactory(employee_id="00101", job_title="Old title")
    upload(csv_upload(*ROWS))
    record = RosterImport.objects.get()
    audit_before = AuditEvent.objects.count()

    def fail(*args, **kwargs):
        raise RuntimeError("connection lost")

    monkeypatch.setattr(writer, "_audit", fail)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("roster_imports:apply", args=[record.pk]))

    record.refresh_from_db()
    assert record.status == ImportStatus.FAILED
    assert "nothing was changed" in record.error
    existing.refresh_from_db()
    assert existing.job_title == "Old title"
    assert Learner.objects.count() == 1
    assert AuditEvent.objects.count() == audit_before
    page = admin_client.get(detail(record)).content.decode()
    assert "This import failed" in page


def test_preview_warns_when_another_import_was_applied_since(
    upload, admin_client, django_capture_on_commit_callbacks
):
    upload(csv_upload(*ROWS))
    upload(csv_upload(*ROWS[:1]))
    first, second = RosterImport.objects.order_by("id")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("roster_imports:apply", args=[second.pk]))
    page = admin_client.get(detail(first)).content.decode()
    assert "Another import was applied after this preview" in page


def test_the_person_importing_keeps_their_account_in_a_full_roster(
    upload, admin_client, academy_admin, django_capture_on_commit_callbacks
):
    LearnerFactory(employee_id="ADM1", user=academy_admin)
    upload(csv_upload(*ROWS), deactivate_missing="on")
    record = RosterImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("roster_imports:apply", args=[record.pk]))
    academy_admin.refresh_from_db()
    assert academy_admin.is_active
    assert Learner.objects.get(employee_id="ADM1").status == LearnerStatus.LEFT


# --- who may -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("learner", 403), ("ld_editor", 302), ("leadership", 403)],
)
def test_only_academy_admins_may_upload_or_apply(
    client, persona_user, persona, status, django_capture_on_commit_callbacks
):
    record = RosterImport.objects.create(
        file_name="hr-export.csv", file_sha256="0" * 64, status=ImportStatus.PREVIEWED
    )
    user = persona_user[persona]
    if user is not None:
        client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            client.post(reverse("roster_imports:add"), {"file": csv_upload(*ROWS)}),
            client.post(reverse("roster_imports:apply", args=[record.pk])),
            client.post(reverse("roster_imports:retry", args=[record.pk])),
            client.get(reverse("roster_imports:report", args=[record.pk])),
            client.get(reverse("roster_imports:progress", args=[record.pk])),
        ]
    assert [response.status_code for response in responses] == [status] * 5
    record.refresh_from_db()
    assert record.status == ImportStatus.PREVIEWED
    assert RosterImport.objects.count() == 1
