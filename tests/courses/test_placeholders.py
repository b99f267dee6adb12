"""Organisation placeholders, jurisdiction callouts and citations (ADR 0022)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from cms.api import OrganisationProfile, RiskTier, organisation_profile
from cms.models import OrganisationProfileSettings
from courses.models import LessonPage
from courses.placeholders import fill_html, fill_text, markdown_problems
from courses.services import stream_value
from tests.factories import LessonPageFactory

NORTHWIND = OrganisationProfile(
    name="Northwind Group",
    policy_name="the Northwind AI policy",
    policy_version="2026.2",
    approved_tools=("Northwind Assistant", "CodeAssist"),
    risk_tiers=(
        RiskTier("Tier 1", "Internal drafting"),
        RiskTier("Tier 2", "Customer-facing drafts"),
    ),
    incident_contact="the IT Service Desk",
    data_classes=("Public", "Internal", "Restricted"),
    jurisdictions=("uk", "eu"),
)


# --- Filling in, without a database ------------------------------------------------


def test_a_placeholder_is_filled_in_from_the_profile():
    html = fill_html("<p>Ask {{org.incident_contact}} at {{org.name}}.</p>", NORTHWIND)
    assert html == "<p>Ask the IT Service Desk at Northwind Group.</p>"


def test_inline_code_and_listings_keep_a_placeholder_verbatim():
    html = (
        "<p>Write <code>{{org.name}}</code> for {{org.name}}.</p>"
        '<pre class="x">{{org.name}}</pre>'
    )
    assert fill_html(html, NORTHWIND) == (
        "<p>Write <code>{{org.name}}</code> for Northwind Group.</p>"
        '<pre class="x">{{org.name}}</pre>'
    )


def test_a_list_reads_as_a_sentence_inside_text_and_as_a_list_on_its_own():
    inline = fill_html("<p>Use {{org.approved_tools}} only.</p>", NORTHWIND)
    assert inline == "<p>Use Northwind Assistant and CodeAssist only.</p>"
    alone = fill_html("<p>{{org.approved_tools}}</p>", NORTHWIND)
    assert alone == "<ul><li>Northwind Assistant</li><li>CodeAssist</li></ul>"


def test_risk_tiers_on_their_own_become_a_table_with_headers():
    html = fill_html("<p>{{org.risk_tiers}}</p>", NORTHWIND)
    assert '<th scope="col">Tier</th>' in html
    assert '<th scope="row">Tier 2</th><td>Customer-facing drafts</td>' in html
    assert fill_text("Tiers: {{org.risk_tiers}}.", NORTHWIND) == (
        "Tiers: Tier 1 and Tier 2."
    )


def test_filled_values_are_escaped():
    profile = OrganisationProfile(name="<b>Smith & Co</b>")
    assert fill_html("<p>{{org.name}}</p>", profile) == (
        "<p>&lt;b&gt;Smith &amp; Co&lt;/b&gt;</p>"
    )


def test_jurisdiction_name_joins_the_selected_jurisdictions():
    assert fill_text("{{org.jurisdiction_name}}", NORTHWIND) == "the UK and the EU"


def test_a_citation_becomes_a_numbered_link_to_its_source():
    html = fill_html("<p>78% do.[^wti]</p>", NORTHWIND, {"wti": 1})
    assert html == (
        '<p>78% do.<sup class="citation"><a href="#source-wti" '
        'aria-label="Source 1">[1]</a></sup></p>'
    )


def test_the_default_profile_reads_as_a_neutral_sentence():
    text = fill_text(
        "Under {{org.policy_name}}, tell {{org.incident_contact}}.",
        OrganisationProfile(),
    )
    assert text == (
        "Under your organisation's AI policy, tell your line manager and the IT "
        "service desk."
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("Hello {{org.ceo}}.", "unknown placeholder '{{org.ceo}}'"),
        ("Hello {{ org.name }}.", "is not a placeholder: write {{org.KEY}}"),
        ("Hello {{org.Name}}.", "is not a placeholder"),
        ("As shown.[^nowhere]", "the citation [^nowhere] names no source"),
    ],
)
def test_bad_placeholders_and_citations_are_reported_at_their_line(source, message):
    problems = markdown_problems(f"Intro.\n{source}", first_line=10, sources=[])
    assert [line for line, _ in problems] == [11]
    assert message in problems[0][1]


def test_placeholders_inside_code_are_not_checked():
    text = "Write `{{org.ceo}}`.\n```text\n{{org.ceo}}\n```\n"
    assert markdown_problems(text, first_line=1, sources=[]) == []


# --- On the page --------------------------------------------------------------------


pytestmark = pytest.mark.django_db


def _site():
    return Site.objects.get(is_default_site=True)


def _profile_to(**values):
    settings = OrganisationProfileSettings.for_site(_site())
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()


@pytest.fixture
def lesson():
    return LessonPageFactory(
        title="Reporting incidents",
        blocks=[
            ("heading", "How {{org.name}} handles incidents"),
            (
                "rich_text",
                "<p>Tell {{org.incident_contact}} at once.[^ico]</p>"
                "<p>Type <code>{{org.name}}</code> literally.</p>",
            ),
            (
                "jurisdiction",
                {
                    "jurisdiction": "uk",
                    "title": "UK GDPR",
                    "text": "<p>Tell the ICO.</p>",
                },
            ),
            (
                "jurisdiction",
                {"jurisdiction": "us", "title": "", "text": "<p>State laws vary.</p>"},
            ),
        ],
        objectives=stream_value(
            LessonPage,
            "objectives",
            [("objective", "Report an incident to {{org.incident_contact}}.")],
        ),
        sources=stream_value(
            LessonPage,
            "sources",
            [
                (
                    "source",
                    {
                        "id": "ico",
                        "title": "Personal data breaches: a guide",
                        "publisher": "Information Commissioner's Office",
                        "year": 2024,
                        "url": "https://ico.org.uk/",
                    },
                )
            ],
        ),
    )


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner.user)
    return client


def test_a_new_install_fills_lessons_from_the_neutral_default(signed_in, lesson):
    html = signed_in.get(lesson.url).content.decode()
    assert "How your organisation handles incidents" in html
    assert "Tell your line manager and the IT service desk at once." in html
    assert "<code>{{org.name}}</code>" in html
    assert "{{org.incident_contact}}" not in html


def test_objectives_show_at_the_top_and_sources_at_the_end(signed_in, lesson):
    html = signed_in.get(lesson.url).content.decode()
    objectives = html.index('id="objectives-title"')
    body = html.index('class="lesson__body"')
    sources = html.index('id="sources-title"')
    assert objectives < body < sources
    assert "Report an incident to your line manager" in html
    assert '<li id="source-ico"><a href="https://ico.org.uk/">' in html
    assert "Information Commissioner&#x27;s Office, 2024." in html
    assert 'href="#source-ico" aria-label="Source 1">[1]</a>' in html


def test_jurisdiction_callouts_show_only_for_the_profiles_jurisdictions(
    signed_in, lesson
):
    html = signed_in.get(lesson.url).content.decode()
    assert "Tell the ICO." in html  # the default selects every jurisdiction
    assert "State laws vary." in html
    _profile_to(jurisdiction_uk=True, jurisdiction_eu=False, jurisdiction_us=False)
    html = signed_in.get(lesson.url).content.decode()
    assert "Tell the ICO." in html
    assert "State laws vary." not in html
    assert "UK law</span>: UK GDPR" in html


def test_a_profile_change_reaches_a_cached_lesson_at_once(signed_in, lesson):
    signed_in.get(lesson.url)  # warm the content cache
    assert organisation_profile().name == "your organisation"
    _profile_to(name="Northwind Group")
    html = signed_in.get(lesson.url).content.decode()
    assert "How Northwind Group handles incidents" in html


def test_the_attestation_takes_the_policy_name_and_version_from_the_profile():
    page = LessonPageFactory(
        blocks=[
            (
                "attestation",
                {
                    "policy": "{{org.policy_name}}",
                    "version": "{{org.policy_version}}",
                    "statement": "I have read {{org.policy_name}}.",
                },
            )
        ]
    )
    _profile_to(policy_name="the Northwind AI policy", policy_version="2026.2")
    policy = LessonPage.objects.get(pk=page.pk).attestation
    assert (policy.policy, policy.version) == ("the Northwind AI policy", "2026.2")
    assert policy.statement == "I have read the Northwind AI policy."


# --- Refused when saved -------------------------------------------------------------


def test_an_unknown_placeholder_is_refused_when_the_lesson_is_saved():
    with pytest.raises(ValidationError) as error:
        LessonPageFactory(blocks=[("rich_text", "<p>Hello {{org.ceo}}.</p>")])
    assert "Unknown placeholder '{{org.ceo}}'" in str(error.value.message_dict["body"])


def test_a_placeholder_in_inline_code_is_not_refused():
    page = LessonPageFactory(blocks=[("rich_text", "<p><code>{{org.ceo}}</code></p>")])
    page.full_clean()


def test_citing_a_source_the_lesson_does_not_list_is_refused():
    with pytest.raises(ValidationError) as error:
        LessonPageFactory(blocks=[("rich_text", "<p>Most do.[^gartner]</p>")])
    assert "[^gartner] names no source" in str(error.value.message_dict["body"])


def test_the_admin_refuses_to_publish_a_lesson_with_an_unknown_placeholder(
    client, ld_editor
):
    from tests.courses.test_workflow import _lesson_form

    page = LessonPageFactory()
    client.force_login(ld_editor)
    data = _lesson_form(body="<p>Ask {{org.boss}}.</p>")
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "Unknown placeholder" in response.content.decode()
    page.refresh_from_db()
    assert "{{org.boss}}" not in str(page.body.raw_data)


def test_review_fields_are_stored_on_the_page():
    page = LessonPageFactory()
    page.content_owner = "grace.whitfield@example.com"
    page.last_reviewed = date(2026, 1, 5)
    page.save()
    page.refresh_from_db()
    assert (page.content_owner, page.last_reviewed) == (
        "grace.whitfield@example.com",
        date(2026, 1, 5),
    )
