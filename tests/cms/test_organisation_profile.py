"""The organisation profile setting: defaults, who may edit it, the demo company."""

import pytest
from wagtail.models import Site

from cms.api import OrganisationProfile, organisation_profile, organisation_profile_set
from cms.models import OrganisationProfileSettings
from courses.demo import demo_profile_load

pytestmark = pytest.mark.django_db


def _site():
    return Site.objects.get(is_default_site=True)


def _url():
    return f"/admin/settings/cms/organisationprofilesettings/{_site().pk}/"


def _form(**changes):
    data = {
        "name": "Fjordline Logistics",
        "policy_name": "the Fjordline AI policy",
        "policy_version": "3.1",
        "incident_contact": "the security desk",
        "jurisdiction_eu": "on",
        "approved_tools-count": "1",
        "approved_tools-0-type": "tool",
        "approved_tools-0-value": "Fjordline Copilot",
        "approved_tools-0-deleted": "",
        "approved_tools-0-order": "0",
        "risk_tiers-count": "1",
        "risk_tiers-0-type": "tier",
        "risk_tiers-0-value-name": "High",
        "risk_tiers-0-value-description": "Decisions about people.",
        "risk_tiers-0-deleted": "",
        "risk_tiers-0-order": "0",
        "data_classes-count": "1",
        "data_classes-0-type": "data_class",
        "data_classes-0-value": "Secret",
        "data_classes-0-deleted": "",
        "data_classes-0-order": "0",
    }
    data.update(changes)
    return data


def test_a_new_install_has_a_neutral_complete_profile():
    profile = organisation_profile()
    assert profile == OrganisationProfile()
    assert profile.name == "your organisation"
    assert profile.approved_tools
    assert profile.risk_tiers
    assert profile.data_classes
    assert profile.jurisdictions == ("uk", "eu", "us")
    assert profile.jurisdiction_name == "the UK, the EU and the US"


@pytest.mark.parametrize("persona", ["ld_editor", "academy_admin"])
def test_ld_editors_and_academy_admins_edit_the_profile(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url()).status_code == 200
    response = client.post(_url(), _form())
    assert response.status_code == 302
    profile = organisation_profile()
    assert profile.name == "Fjordline Logistics"
    assert profile.approved_tools == ("Fjordline Copilot",)
    assert profile.jurisdictions == ("eu",)
    assert profile.risk_tiers[0].description == "Decisions about people."


@pytest.mark.parametrize(
    ("persona", "status"),
    [("learner", 403), ("manager", 403), ("leadership", 403), ("ld_reviewer", 302)],
)
def test_others_may_not_edit_the_profile(client, persona, status, persona_user):
    client.force_login(persona_user[persona])
    assert client.get(_url()).status_code == status
    assert client.post(_url(), _form()).status_code == status
    assert organisation_profile().name == "your organisation"


def test_a_profile_without_a_jurisdiction_is_refused_with_a_message(client, ld_editor):
    client.force_login(ld_editor)
    data = _form()
    data.pop("jurisdiction_eu")
    response = client.post(_url(), data)
    assert response.status_code == 200
    assert "Choose at least one jurisdiction." in response.content.decode()
    assert organisation_profile().name == "your organisation"


def test_junk_posted_to_the_profile_never_fails(client, ld_editor):
    client.force_login(ld_editor)
    response = client.post(_url(), {"name": "x" * 500, "approved_tools-count": "z"})
    assert response.status_code in (200, 302)
    assert organisation_profile().name == "your organisation"


def test_the_demo_fills_the_profile_for_the_demo_company_once():
    assert demo_profile_load() is True
    profile = organisation_profile()
    assert profile.name == "Northwind Group"
    assert profile.policy_version == "2026.2"
    assert profile.jurisdictions == ("uk",)
    assert [tier.name for tier in profile.risk_tiers][-1] == "Prohibited"
    assert demo_profile_load() is False
    assert OrganisationProfileSettings.objects.count() == 1


def test_setting_an_unknown_jurisdiction_is_refused():
    with pytest.raises(ValueError, match="jurisdictions"):
        organisation_profile_set(
            site=_site(), profile=OrganisationProfile(jurisdictions=("fr",))
        )
