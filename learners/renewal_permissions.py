"""Who may preview, apply and undo material changes (ADR 0023)."""

from accounts import api as accounts_api


def can_review_changes(user) -> bool:
    """L&D reviewers approve lesson changes; Academy admins oversee them."""
    return accounts_api.user_in_groups(
        user, accounts_api.LD_REVIEWERS, accounts_api.ACADEMY_ADMINS
    )


def can_undo_changes(user) -> bool:
    """Only Academy admins take a material change back."""
    return accounts_api.user_in_groups(user, accounts_api.ACADEMY_ADMINS)
