"""No admin screen of the academy answers a 500, whatever is posted to it.

For each staff persona (second factor passed) and a superuser, every URL that this
project's admin viewsets and hooks register under ``/admin/`` is sent junk form
data (and an empty form), with the ids of real objects that have history attached
and with ids that do not exist. A 4xx, a form with errors or a redirect is fine; a
500 is not. Each post runs in a savepoint that is rolled back, so a delete in one
request does not hide the next screen's object.
"""

import datetime

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.admin.viewsets import viewsets

from tests.conftest import give_totp, record_second_factor
from tests.factories import DepartmentFactory
from tests.learners.conftest import world  # noqa: F401 - a fixture
from tests.test_url_matrix import owned  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

OUR_MODULES = ("academy.", "accounts.", "cms.", "courses.", "learners.", "analytics.")
OUR_APPS = {"accounts", "cms", "courses", "learners", "analytics"}
JUNK_ID = "987654"
JUNK_FORM = {
    "name": "",
    "title": "x" * 300,
    "slug": "not a slug!",
    "user": JUNK_ID,
    "employee_id": "",
    "department": "not-a-number",
    "parent": JUNK_ID,
    "manager": "-1",
    "role": "zzz",
    "status": "nobody-knows",
    "job_title": "x" * 500,
    "hire_date": "31/02/2020",
    "target_percent": "-5",
    "metric": "?",
    "start_date": "2030-01-01",
    "deadline": "yesterday",
    "enabled": "maybe",
    "description": '=HYPERLINK("http://evil.example")',
    "q": "'; DROP TABLE learners_learner; --",
    "file": "not a file",
    "code": "000",
    "next": "https://evil.example/",
}


def _model_label(viewset) -> str | None:
    model = getattr(viewset, "model", None)
    if model is None or isinstance(model, str):
        return model
    return model._meta.label


def project_namespaces() -> dict[str, str | None]:
    """URL namespace -> model label of every admin viewset of this project: its own
    classes, and Wagtail's (snippet choosers, users) for this project's models."""
    get_resolver().url_patterns  # noqa: B018 - registers the admin viewsets
    found = {}
    for viewset in viewsets.viewsets:
        label = _model_label(viewset)
        ours = type(viewset).__module__.startswith(OUR_MODULES)
        if ours or (label and label.split(".")[0] in OUR_APPS):
            found[viewset.url_namespace] = label
    return found


def _walk(patterns, route="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield route + str(entry.pattern), namespace, entry


def project_admin_urls() -> list[tuple[str, str, str | None]]:
    """(route, view name, model label) for this project's admin URLs."""
    namespaces = project_namespaces()
    found = []
    for route, namespace, entry in _walk(get_resolver().url_patterns):
        if not route.startswith("admin/"):
            continue
        ns = namespace.rstrip(":").rsplit(":", 1)[-1]
        module = getattr(entry.callback, "__module__", "")
        if ns in namespaces or module.startswith(OUR_MODULES):
            found.append((route, f"{namespace}{entry.name}", namespaces.get(ns)))
    return found


def _fill(route: str, values: dict[str, str]) -> str | None:
    """The route with each ``<conv:name>`` replaced; None if one has no value."""
    import re

    out = route
    for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        value = values.get(name)
        if value is None:
            return None
        placeholder = f"<{converter}:{name}>" if converter else f"<{name}>"
        out = out.replace(placeholder, value)
    if re.search(r"[\^$(\[]", out):
        return None  # A regex route: none of ours.
    return "/" + out


def _ids_of(label: str | None) -> list[str]:
    from django.apps import apps

    ids = [JUNK_ID]
    if label:
        model = apps.get_model(label)
        ids += [str(pk) for pk in model.objects.values_list("pk", flat=True)[:6]]
    return ids


@pytest.fixture
def history(owned, world, department):  # noqa: F811
    """Objects with history attached: a learner with records, a department with
    people and a sub-department, a role people hold, a target."""
    from learners.models import Target

    DepartmentFactory(name="Claims intake", parent=department)
    Target.objects.create(
        name="Half of Claims through their track",
        department=department,
        role=world.role,
        target_percent=50,
        start_date=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 12, 31),
    )
    return owned


@pytest.fixture
def superuser(db):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser(
        email="ines.carvalho@northwind.example", password="a-long-pass-phrase"
    )
    give_totp(root)
    return root


def test_the_walk_finds_the_project_screens():
    names = {name for _, name, _ in project_admin_urls()}
    for expected in (
        "people:delete",
        "people:edit",
        "departments:delete",
        "learner_chooser:choose",
        "department_chooser:choose",
        "targets:add",
        "roster_imports:apply",
        "initiatives:delete",
        "wagtailsnippets_courses_role:delete",
        "wagtailsnippets_courses_bankquestion:edit",
    ):
        assert expected in names


@pytest.mark.parametrize(
    "persona", ["ld_editor", "ld_reviewer", "academy_admin", "leadership", "superuser"]
)
def test_no_admin_post_answers_a_500(history, persona_user, superuser, persona):
    user = superuser if persona == "superuser" else persona_user[persona]
    client = Client(raise_request_exception=False)
    client.force_login(user)
    record_second_factor(client.session, user)
    failures = []
    for route, name, label in project_admin_urls():
        ids = _ids_of(label)
        for pk in ids:
            values = dict.fromkeys(("pk", "id", "object_id", "instance_id"), pk)
            url = _fill(route, values)
            if url is None:
                continue
            for data in (JUNK_FORM, {}):
                sid = transaction.savepoint()
                try:
                    response = client.post(url, data)
                finally:
                    transaction.savepoint_rollback(sid)
                if response.status_code >= 500:
                    failures.append(f"{name} {url} {'junk' if data else 'empty'}")
            if "<" not in route:
                break  # No id in the route: one object is enough.
    assert not failures, "\n".join(failures)
