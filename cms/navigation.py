"""Which sections of the academy a person may use, in header order."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from accounts.access import can_access_admin
from accounts.personas import can_view_analytics
from learners import api as learners_api


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


def _url(name: str) -> str | None:
    # Sections ship one by one; a section not installed yet is simply not shown.
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation_for(request) -> list[NavItem]:
    user = getattr(request, "user", None)
    path = request.path
    wanted: list[tuple[str, str | None]] = [("Home", "/")]
    wanted.append(("Curricula", _curricula_url()))
    if user is not None and user.is_authenticated:
        wanted.append(("My learning", _url("learners:my_learning")))
        learner = learners_api.learner_for_user(user=user)
        if learner is not None and learners_api.learner_is_manager(
            learner_id=learner.pk
        ):
            wanted.append(("My team", _url("learners:my_team")))
        if can_view_analytics(user):
            wanted.append(("Analytics", _url("analytics:dashboard")))
        if can_access_admin(user):
            wanted.append(("Admin", "/admin/"))
    items = []
    for label, url in wanted:
        if url:
            active = path == url if url == "/" else path.startswith(url)
            items.append(NavItem(label=label, url=url, active=active))
    return items


def _curricula_url() -> str | None:
    from courses import api as courses_api

    return courses_api.curricula_index_url()
