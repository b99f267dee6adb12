"""Who may do what in analytics, and what they may see (DESIGN.md §2)."""

from __future__ import annotations

from django.conf import settings

from accounts import personas

from .privacy import Audience


def can_refresh(user) -> bool:
    """L&D editors and Academy admins may compute the figures on demand."""
    return personas.user_in_groups(user, personas.LD_EDITORS, personas.ACADEMY_ADMINS)


def audience_for(user) -> Audience:
    """What ``user`` may see: individuals (Academy admins) or aggregates only."""
    return Audience(
        see_individuals=personas.can_see_individuals(user),
        min_group_size=settings.ANALYTICS_MIN_GROUP_SIZE,
    )
