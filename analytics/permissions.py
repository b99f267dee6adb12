"""Who may do what in analytics, and what they may see.

docs/architecture.md, "People and permissions".
"""

from __future__ import annotations

from django.conf import settings

from accounts import api as accounts_api

from .privacy import Audience


def can_refresh(user) -> bool:
    """L&D editors and Academy admins may compute the figures on demand."""
    return accounts_api.user_in_groups(
        user, accounts_api.LD_EDITORS, accounts_api.ACADEMY_ADMINS
    )


def audience_for(user) -> Audience:
    """What ``user`` may see: individuals (Academy admins) or aggregates only."""
    return Audience(
        see_individuals=accounts_api.can_see_individuals(user),
        min_group_size=settings.ANALYTICS_MIN_GROUP_SIZE,
    )
