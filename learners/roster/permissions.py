"""Who may import rosters and edit assignment rules: Academy admins, nobody else.

Membership of the "Academy admins" group is the one source of truth for personas
(``accounts.personas``), so the admin screens ask the group directly rather than
through model permissions that could drift from it. Superusers pass, as everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies import BasePermissionPolicy

from accounts.api import ACADEMY_ADMINS, user_in_groups


def is_academy_admin(user) -> bool:
    return bool(user and user.is_active and user_in_groups(user, ACADEMY_ADMINS))


class AcademyAdminPermissionPolicy(BasePermissionPolicy):
    """Academy admins may perform ``actions`` on the model; nobody else may."""

    def __init__(self, model, actions: Iterable[str]):
        super().__init__(model)
        self.actions = frozenset(actions)

    def user_has_permission(self, user, action: str) -> bool:
        return action in self.actions and is_academy_admin(user)

    def user_has_any_permission(self, user, actions) -> bool:
        return bool(self.actions.intersection(actions)) and is_academy_admin(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not self.actions.intersection(actions):
            return users.none()
        return users.filter(
            Q(is_superuser=True) | Q(groups__name=ACADEMY_ADMINS)
        ).distinct()
