"""What other apps may use of ``accounts``: the persona groups and access checks.

Personas are groups (``personas``); managers are the one exception, worked out by
``learners`` from reporting lines. docs/architecture.md, "People and permissions".
"""

from .access import can_access_admin, has_authenticator_app
from .personas import (
    ACADEMY_ADMINS,
    ALL_GROUPS,
    ANALYTICS_GROUPS,
    LD_EDITORS,
    LD_REVIEWERS,
    LEADERSHIP,
    can_see_individuals,
    can_view_analytics,
    register_group_permissions,
    user_in_groups,
)

__all__ = [
    "ACADEMY_ADMINS",
    "ALL_GROUPS",
    "ANALYTICS_GROUPS",
    "LD_EDITORS",
    "LD_REVIEWERS",
    "LEADERSHIP",
    "can_access_admin",
    "can_see_individuals",
    "can_view_analytics",
    "has_authenticator_app",
    "register_group_permissions",
    "group_emails",
    "user_in_groups",
]


def group_emails(name: str) -> list[str]:
    """The email addresses of the active members of the persona group ``name``."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(groups__name=name, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
