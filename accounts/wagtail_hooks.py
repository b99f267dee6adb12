"""Accounts in the Wagtail admin: an account with history is deactivated, not
deleted."""

from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin import messages

from cms.admin_tools import delete_blockers


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
