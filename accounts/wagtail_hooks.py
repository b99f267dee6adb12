"""The accounts app's part of the site shell: the Admin link for staff, and
accounts with history deactivated rather than deleted."""

from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin import messages

from cms.api import delete_blockers
from core.hooks import NAV_ORDER_ADMIN, NAVIGATION_HOOK, NavigationLink

from .access import can_access_admin


@hooks.register(NAVIGATION_HOOK)
def admin_navigation(request) -> list[NavigationLink]:
    """Admin, for staff: the people who may open the Wagtail admin."""
    user = getattr(request, "user", None)
    if user is None or not can_access_admin(user):
        return []
    return [NavigationLink(label="Admin", url="/admin/", order=NAV_ORDER_ADMIN)]


@hooks.register("before_delete_user")
def refuse_deleting_accounts_with_history(request, user):
    blockers = delete_blockers([user])
    if not blockers:
        return None
    messages.error(
        request,
        f"{user} cannot be deleted: {', '.join(blockers)} still refer to this "
        "account. Deactivate it instead (untick “Active”): it can no longer sign "
        "in, and its history stays.",
    )
    return redirect("wagtailusers_users:edit", user.pk)
