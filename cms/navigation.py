"""Which sections of the academy a person may use, in header order.

The shell knows only Home: every other link comes from the app that owns the
section, through ``core.hooks.NAVIGATION_HOOK`` (each app decides who sees its link).
"""

from dataclasses import dataclass

from wagtail import hooks

from core.hooks import NAV_ORDER_HOME, NAVIGATION_HOOK, NavigationLink


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


def navigation_for(request) -> list[NavItem]:
    """The header links for this request, built once however many templates
    render with a ``RequestContext`` (panels and home sections render their own,
    and each runs the context processors)."""
    cached = getattr(request, "_academy_navigation", None)
    if cached is None:
        cached = request._academy_navigation = _build_navigation(request)
    return cached


def _build_navigation(request) -> list[NavItem]:
    links = [NavigationLink(label="Home", url="/", order=NAV_ORDER_HOME)]
    for fn in hooks.get_hooks(NAVIGATION_HOOK):
        links.extend(fn(request))
    # A stable sort: links with the same order keep their hook order.
    links.sort(key=lambda link: link.order)
    path = request.path
    return [
        NavItem(
            label=link.label,
            url=link.url,
            active=path == link.url if link.url == "/" else path.startswith(link.url),
        )
        for link in links
        if link.url
    ]
