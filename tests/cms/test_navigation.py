"""The header navigation: each person sees the sections they may use, in order.

The shell offers the navigation hook; courses, learners, analytics and accounts
each add their own link, so the order and who sees what are checked end to end.
"""

import pytest
from django.test import RequestFactory
from wagtail import hooks

from cms.navigation import NavItem, navigation_for
from core.hooks import NAVIGATION_HOOK, NavigationLink

EVERYONE = ["Home", "Curricula"]
SIGNED_IN = [*EVERYONE, "Courses", "My learning"]


@pytest.mark.parametrize(
    ("persona", "labels"),
    [
        ("anonymous", EVERYONE),
        ("learner", SIGNED_IN),
        ("manager", [*SIGNED_IN, "My team"]),
        ("ld_editor", [*SIGNED_IN, "Analytics", "Admin"]),
        ("ld_reviewer", [*SIGNED_IN, "Admin"]),
        ("academy_admin", [*SIGNED_IN, "Analytics", "Admin"]),
        ("leadership", [*SIGNED_IN, "Analytics"]),
    ],
)
def test_each_persona_sees_their_sections_in_header_order(
    client, persona_user, persona, labels
):
    user = persona_user[persona]
    if user is not None:
        client.force_login(user)
    items = client.get("/search/").context["main_navigation"]
    assert [item.label for item in items] == labels


def test_links_point_at_each_section(client, persona_user):
    client.force_login(persona_user["academy_admin"])
    items = client.get("/search/").context["main_navigation"]
    assert {item.label: item.url for item in items} == {
        "Home": "/",
        "Curricula": "/curricula/",
        "Courses": "/courses/",
        "My learning": "/my-learning/",
        "Analytics": "/analytics/",
        "Admin": "/admin/",
    }


def test_the_current_section_is_marked_active(client, persona_user):
    client.force_login(persona_user["manager"])
    html = client.get("/my-team/").content.decode()
    assert '<a href="/my-team/" aria-current="page">My team</a>' in html
    assert '<a href="/" aria-current="page">' not in html
    items = client.get("/").context["main_navigation"]
    assert [item.label for item in items if item.active] == ["Home"]


def test_home_is_not_active_inside_another_section(persona_user, rf: RequestFactory):
    request = rf.get("/my-learning/")
    request.user = persona_user["learner"]
    items = navigation_for(request)
    assert [item.label for item in items if item.active] == ["My learning"]


def test_another_app_can_add_a_link_in_its_place(persona_user, rf: RequestFactory):
    def help_link(request):
        return [NavigationLink(label="Help", url="/help/", order=18)]

    request = rf.get("/help/faq/")
    request.user = persona_user["learner"]
    with hooks.register_temporarily(NAVIGATION_HOOK, help_link):
        items = navigation_for(request)
    assert [item.label for item in items] == [
        "Home",
        "Curricula",
        "Courses",
        "Help",
        "My learning",
    ]
    assert NavItem(label="Help", url="/help/", active=True) in items


def test_a_link_without_a_url_is_left_out(persona_user, rf: RequestFactory):
    def unpublished(request):
        return [NavigationLink(label="Library", url="", order=50)]

    request = rf.get("/")
    request.user = persona_user["learner"]
    with hooks.register_temporarily(NAVIGATION_HOOK, unpublished):
        labels = [item.label for item in navigation_for(request)]
    assert "Library" not in labels


def test_the_shell_imports_no_other_app():
    import ast
    from pathlib import Path

    import cms

    apps = {"academy", "accounts", "courses", "learners", "analytics"}
    for path in Path(cms.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            assert not {name.split(".")[0] for name in names} & apps, path
