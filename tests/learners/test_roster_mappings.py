"""Column mappings saved per source (an HR system's export) and chosen again on
the next upload; a bad mapping is a clear error and saves nothing."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learners.models import RosterImport, RosterMapping
from learners.roster.problems import RosterFileError
from learners.roster.services import mapping_save

pytestmark = pytest.mark.django_db

PERSONIO = (Path(__file__).parent / "hris" / "personio.csv").read_bytes()


def personio():
    return SimpleUploadedFile("personio.csv", PERSONIO, content_type="text/csv")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def admin_client(client, academy_admin):
    client.force_login(academy_admin)
    return client


def post(client, **fields):
    return client.post(reverse("roster_imports:add"), {"file": personio(), **fields})


def test_a_mapping_typed_once_is_saved_for_its_source_and_chosen_next_time(
    admin_client, academy_admin
):
    response = post(admin_client, mapping="ID=employee_id", save_mapping_as="Personio")
    assert response.status_code == 302
    saved = RosterMapping.objects.get()
    assert saved.source == "Personio"
    assert saved.mapping == {"ID": "employee_id"}
    assert saved.updated_by == academy_admin

    response = post(admin_client, saved_mapping=saved.pk)
    assert response.status_code == 302
    latest = RosterImport.objects.order_by("-pk").first()
    assert latest.options["mapping"] == {"ID": "employee_id"}


def test_saving_under_the_same_name_in_any_case_replaces_the_mapping(admin_client):
    post(admin_client, mapping="ID=employee_id", save_mapping_as="Personio")
    post(
        admin_client,
        mapping="ID=employee_id\nOffice=location",
        save_mapping_as="  personio ",
    )
    saved = RosterMapping.objects.get()
    assert saved.mapping == {"ID": "employee_id", "Office": "location"}


def test_a_bad_mapping_is_a_clear_error_and_saves_nothing(admin_client):
    response = post(admin_client, mapping="ID=staff_number", save_mapping_as="Personio")
    assert response.status_code == 200
    assert "not a roster field" in response.content.decode()
    assert not RosterMapping.objects.exists()
    assert not RosterImport.objects.exists()


def test_saving_without_a_mapping_is_refused(admin_client):
    response = post(admin_client, save_mapping_as="Personio")
    assert response.status_code == 200
    assert "no column mapping to save" in response.content.decode()
    assert not RosterMapping.objects.exists()


def test_a_saved_mapping_stored_badly_is_refused_by_the_service():
    with pytest.raises(RosterFileError, match="not a roster field"):
        mapping_save(source="Personio", mapping={"ID": "nickname"})
    with pytest.raises(RosterFileError, match="Name the source"):
        mapping_save(source="  ", mapping={"ID": "employee_id"})
    assert not RosterMapping.objects.exists()


def test_people_without_roster_permission_cannot_save_mappings(client, ld_editor):
    client.force_login(ld_editor)
    response = post(client, mapping="ID=employee_id", save_mapping_as="Personio")
    assert response.status_code in (302, 403)
    assert not RosterMapping.objects.exists()
