"""The accounts app's part of the site shell: the Admin link for staff."""

from wagtail import hooks

from core.hooks import NAV_ORDER_ADMIN, NAVIGATION_HOOK, NavigationLink

from .access import can_access_admin


@hooks.register(NAVIGATION_HOOK)
def admin_navigation(request) -> list[NavigationLink]:
    """Admin, for staff: the people who may open the Wagtail admin."""
    user = getattr(request, "user", None)
    if user is None or not can_access_admin(user):
        return []
    return [NavigationLink(label="Admin", url="/admin/", order=NAV_ORDER_ADMIN)]
