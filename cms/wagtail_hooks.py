"""Admin hooks of the site shell that hold for every app's snippets."""

from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request

from .admin_tools import delete_blockers


@hooks.register("before_delete_snippet")
def refuse_deleting_snippets_still_in_use(request, instances):
    """A role, skill or blocker that people, rules or initiatives still use stays:
    the admin says what refers to it instead of failing."""
    instances = list(instances)
    blockers = delete_blockers(instances)
    if not blockers:
        return None
    names = ", ".join(f"“{instance}”" for instance in instances[:3])
    if len(instances) > 3:
        names += f" and {len(instances) - 3} more"
    messages.error(
        request,
        f"{names} cannot be deleted: {', '.join(blockers)} still refer to "
        f"{'it' if len(instances) == 1 else 'them'}. Change those first.",
    )
    return redirect(_back_url(request))


def _back_url(request) -> str:
    """The listing the delete was started from: the snippet's index for its own
    delete screen, the ``next`` page for a bulk action, else the dashboard."""
    next_url = get_valid_next_url_from_request(request)
    if next_url:
        return next_url
    match = request.resolver_match
    try:
        return reverse(f"{match.namespace}:index")
    except NoReverseMatch:
        return reverse("wagtailadmin_home")
