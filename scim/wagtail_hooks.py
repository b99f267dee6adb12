"""SCIM clients in the Wagtail admin, for Academy admins only."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import path
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts.api import ACADEMY_ADMINS, user_in_groups

from . import admin_views
from .models import ScimClient


def _is_academy_admin(user) -> bool:
    return bool(user and user.is_active and user_in_groups(user, ACADEMY_ADMINS))


class AcademyAdminPolicy(BasePermissionPolicy):
    """Academy admins may create ("add"), revoke ("change") and see clients."""

    actions = frozenset({"add", "change", "view"})

    def user_has_permission(self, user, action: str) -> bool:
        return action in self.actions and _is_academy_admin(user)

    def user_has_any_permission(self, user, actions) -> bool:
        return bool(self.actions.intersection(actions)) and _is_academy_admin(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not self.actions.intersection(actions):
            return users.none()
        return users.filter(
            Q(is_superuser=True) | Q(groups__name=ACADEMY_ADMINS)
        ).distinct()


register_permission_policy(ScimClient, AcademyAdminPolicy(ScimClient))


def _state(client: ScimClient) -> str:
    return "Revoked" if client.revoked_at else "Active"


class ScimClientViewSet(ModelViewSet):
    model = ScimClient
    icon = "key"
    menu_label = "SCIM clients"
    menu_order = 306
    add_to_settings_menu = True
    url_prefix = "scim-clients"
    list_display = [
        "name",
        Column("token_prefix", label="Token starts with"),
        Column("state", label="State", accessor=_state),
        DateColumn("created_at", label="Created"),
        DateColumn("last_used_at", label="Last used"),
    ]
    ordering = ["name"]
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = admin_views.ScimClientIndexView

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", admin_views.ScimClientCreateView.as_view(), name="add"),
            path(
                "<int:pk>/revoke/",
                admin_views.ScimClientRevokeView.as_view(),
                name="revoke",
            ),
        ]


@hooks.register("register_admin_viewset")
def register_scim_viewset():
    return ScimClientViewSet(admin_views.CLIENTS)
