"""Assignment rules in the admin: preview before saving, then applied retroactively."""

import re

import pytest
from django.urls import reverse

from courses.models import Role
from learners.models import AssignmentRule, AuditAction, AuditEvent, Learner
from learners.roster import services
from tests.factories import DepartmentFactory, LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def role():
    return {role.slug: role for role in Role.objects.all()}


@pytest.fixture
def people(role):
    """Five people with the roles the seeded rules would give them."""
    technology = DepartmentFactory(name="Technology")
    data = DepartmentFactory(name="Data", parent=technology)
    claims = DepartmentFactory(name="Claims")
    pe, pm, cbu = (
        role["production-engineer"],
        role["ai-product-manager"],
        role["critical-business-user"],
    )
    return {
        "hiro": LearnerFactory(
            user__first_name="Hiro",
            user__last_name="Tanaka",
            job_title="Data Analyst",
            department=data,
            role=cbu,
        ),
        "mei": LearnerFactory(
            user__first_name="Mei",
            user__last_name="Chen",
            job_title="Data Engineer",
            department=data,
            role=pe,
        ),
        "ines": LearnerFactory(
            user__first_name="Ines",
            user__last_name="Costa",
            job_title="Product Owner",
            department=claims,
            role=pm,
        ),
        "femi": LearnerFactory(
            user__first_name="Femi",
            user__last_name="Adeyemi",
            job_title="Data Analyst",
            department=claims,
            role=cbu,
        ),
        "rosa": LearnerFactory(
            user__first_name="Rosa",
            user__last_name="Quinn",
            job_title="Data Analyst",
            department=data,
            role=pm,
            role_set_by_hand=True,
        ),
        "data": data,
    }


@pytest.fixture
def admin_client(client, academy_admin):
    client.force_login(academy_admin)
    return client


@pytest.fixture
def enrolled(monkeypatch):
    calls = []

    def record(*, learner_ids, actor=None):
        calls.extend(learner_ids)
        return type("Counts", (), {})()

    monkeypatch.setattr("learners.roster.tasks.enrolments_sync_for_learners", record)
    return calls


def rule_form(role, **values):
    data = {
        "name": "Data department analysts",
        "match_type": "contains",
        "job_title_pattern": "analyst",
        "department": "",
        "role": role.pk,
        "active": "on",
        "position": "1",
    }
    data.update(values)
    return data


def token_of(response) -> str:
    match = re.search(
        r'name="preview_token" value="([0-9a-f]+)"', response.content.decode()
    )
    assert match, "no preview on the page"
    return match.group(1)


def test_seeded_rules_give_the_demo_organisation_its_roles():
    import pandas as pd

    from learners.demo import DEPARTMENTS
    from learners.roster.rules import roles_from_rules
    from learners.roster.selectors import rule_specs

    titles = {
        title: slug
        for plan in DEPARTMENTS
        for title, slug in plan.staff_titles
        if slug is not None
    }
    frame = pd.DataFrame(
        {"job_title": list(titles), "department_id": [None] * len(titles)},
        dtype=object,
    )
    slugs = dict(Role.objects.values_list("id", "slug"))
    given = roles_from_rules(frame, rule_specs(), {})["role_id"].map(slugs)
    assert dict(zip(titles, given, strict=True)) == titles


def test_preview_lists_who_gains_loses_or_changes_a_role_and_saves_nothing(
    admin_client, people, role
):
    AssignmentRule.objects.all().delete()
    AssignmentRule.objects.create(
        name="Engineers", job_title_pattern="engineer", role=role["production-engineer"]
    )
    form = rule_form(role["ai-product-manager"], department=people["data"].pk)

    response = admin_client.post(
        reverse("assignment_rules:add"), {**form, "action": "preview"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Save and apply" in body
    # Hiro (data analyst in Data) changes to AI product manager; Femi and Ines match
    # no rule any more and lose theirs; Mei keeps hers; Rosa's was set by hand.
    assert "<strong>0</strong> gain a role" in body
    assert "<strong>2</strong> lose their role" in body
    assert "<strong>1</strong> change role" in body
    assert "Hiro Tanaka" in body
    assert "Critical business user → AI product manager" in body
    assert "Femi Adeyemi" in body
    assert "Rosa Quinn" not in body
    assert AssignmentRule.objects.count() == 1
    assert (
        Learner.objects.get(pk=people["hiro"].pk).role == role["critical-business-user"]
    )


def test_save_without_the_preview_of_these_values_only_previews(
    admin_client, people, role
):
    form = rule_form(role["ai-product-manager"])
    preview = admin_client.post(
        reverse("assignment_rules:add"), {**form, "action": "preview"}
    )
    changed = {**form, "job_title_pattern": "data", "preview_token": token_of(preview)}
    response = admin_client.post(
        reverse("assignment_rules:add"), {**changed, "action": "save"}
    )
    assert response.status_code == 200
    assert "it changed since its preview" in response.content.decode()
    assert not AssignmentRule.objects.filter(name=form["name"]).exists()


def test_saving_applies_all_rules_retroactively_and_keeps_hand_set_roles(
    admin_client, people, role, enrolled, django_capture_on_commit_callbacks
):
    form = rule_form(role["ai-product-manager"], department=people["data"].pk)
    preview = admin_client.post(
        reverse("assignment_rules:add"), {**form, "action": "preview"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("assignment_rules:add"),
            {**form, "action": "save", "preview_token": token_of(preview)},
        )

    assert response.status_code == 302
    rule = AssignmentRule.objects.get(name=form["name"])
    assert AssignmentRule.objects.order_by("sort_order").first() == rule
    hiro = Learner.objects.get(pk=people["hiro"].pk)
    assert hiro.role == role["ai-product-manager"]
    assert (
        Learner.objects.get(pk=people["femi"].pk).role == role["critical-business-user"]
    )
    assert Learner.objects.get(pk=people["rosa"].pk).role == role["ai-product-manager"]
    event = AuditEvent.objects.get(learner=hiro, action=AuditAction.ROLE_CHANGED)
    assert event.data["rule_id"] == rule.pk
    assert "Data department analysts" in event.summary
    assert enrolled == [hiro.pk]


def test_editing_a_rule_previews_and_applies_the_change(
    admin_client, people, role, django_capture_on_commit_callbacks
):
    rule = AssignmentRule.objects.get(job_title_pattern="")  # the catch-all
    url = reverse("assignment_rules:edit", args=[rule.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="position" value="3"' in page.content.decode()
    form = {
        "name": rule.name,
        "match_type": "contains",
        "job_title_pattern": "",
        "department": "",
        "role": role["ai-product-manager"].pk,
        "active": "on",
        "position": "3",
    }
    preview = admin_client.post(url, {**form, "action": "preview"})
    assert "<strong>2</strong> change role" in preview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            url, {**form, "action": "save", "preview_token": token_of(preview)}
        )
    assert Learner.objects.get(pk=people["hiro"].pk).role == role["ai-product-manager"]


def test_deleting_a_rule_shows_its_impact_then_applies_the_rest(
    admin_client, people, role, django_capture_on_commit_callbacks
):
    rule = AssignmentRule.objects.get(job_title_pattern__startswith="product")
    url = reverse("assignment_rules:delete", args=[rule.pk])
    page = admin_client.get(url).content.decode()
    assert "Ines Costa" in page
    assert "AI product manager → Critical business user" in page
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url)
    assert not AssignmentRule.objects.filter(pk=rule.pk).exists()
    assert (
        Learner.objects.get(pk=people["ines"].pk).role == role["critical-business-user"]
    )
    assert list(AssignmentRule.objects.values_list("sort_order", flat=True)) == [0, 1]


def test_an_invalid_regular_expression_is_refused(admin_client, role):
    form = rule_form(role["ai-product-manager"], match_type="regex")
    form["job_title_pattern"] = "product (manager"
    response = admin_client.post(
        reverse("assignment_rules:add"), {**form, "action": "preview"}
    )
    assert "not a valid regular expression" in response.content.decode()
    assert "Save and apply" not in response.content.decode()


def test_rules_index_lists_rules_in_order(admin_client):
    body = admin_client.get(reverse("assignment_rules:index")).content.decode()
    first = body.index("Engineers, data scientists and MLOps")
    last = body.index("Everyone else")
    assert first < last


def test_without_active_rules_nobody_changes(people):
    AssignmentRule.objects.update(active=False)
    assert services.rules_impact(rules=services.rules_candidate()).total == 0


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("learner", 403), ("ld_reviewer", 302), ("leadership", 403)],
)
def test_only_academy_admins_may_change_rules(
    client, persona_user, persona, status, role
):
    user = persona_user[persona]
    if user is not None:
        client.force_login(user)
    rule = AssignmentRule.objects.first()
    responses = [
        client.post(
            reverse("assignment_rules:add"), rule_form(role["ai-product-manager"])
        ),
        client.post(reverse("assignment_rules:delete", args=[rule.pk])),
    ]
    assert [r.status_code for r in responses] == [status, status]
    assert AssignmentRule.objects.filter(pk=rule.pk).exists()


def test_a_new_rule_goes_before_the_catch_all_unless_placed(
    admin_client, people, role, django_capture_on_commit_callbacks
):
    form = rule_form(role["ai-product-manager"], position="")
    preview = admin_client.post(
        reverse("assignment_rules:add"), {**form, "action": "preview"}
    )
    assert "<strong>2</strong> change role" in preview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("assignment_rules:add"),
            {**form, "action": "save", "preview_token": token_of(preview)},
        )
    names = list(
        AssignmentRule.objects.order_by("sort_order").values_list("name", flat=True)
    )
    assert names[-2:] == ["Data department analysts", "Everyone else"]


def test_a_rule_placed_after_a_catch_all_is_flagged(admin_client, people, role):
    form = rule_form(role["ai-product-manager"], position="9")
    response = admin_client.post(
        reverse("assignment_rules:add"), {**form, "action": "preview"}
    )
    body = response.content.decode()
    assert "This rule never gives anyone a role" in body
    assert "Nobody's role changes" in body
