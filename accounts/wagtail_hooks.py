"""The accounts app's part of the site shell: the Admin link for staff, and
accounts with history deactivated rather than deleted."""

from allauth.socialaccount.models import SocialApp
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.api import delete_blockers
from core.hooks import NAV_ORDER_ADMIN, NAVIGATION_HOOK, NavigationLink

from .access import can_access_admin
from .personas import ACADEMY_ADMINS, user_in_groups
from .sso.forms import PROTOCOLS, IdentityProviderForm
from .sso.services import ENTERPRISE_PROVIDERS, SAML


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


# --- Identity providers (single sign-on), for Academy admins ---------------------


class AcademyAdminPolicy(BasePermissionPolicy):
    """Academy admins (and superusers) add, change, delete and see identity
    providers; nobody else, whatever model permissions they hold."""

    actions = frozenset({"add", "change", "delete", "view"})

    def _allowed(self, user) -> bool:
        return bool(
            user
            and user.is_active
            and (user.is_superuser or user_in_groups(user, ACADEMY_ADMINS))
        )

    def user_has_permission(self, user, action: str) -> bool:
        return action in self.actions and self._allowed(user)

    def user_has_any_permission(self, user, actions) -> bool:
        return bool(self.actions.intersection(actions)) and self._allowed(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not self.actions.intersection(actions):
            return users.none()
        return users.filter(
            Q(is_superuser=True) | Q(groups__name=ACADEMY_ADMINS)
        ).distinct()


register_permission_policy(SocialApp, AcademyAdminPolicy(SocialApp))


def _protocol(app: SocialApp) -> str:
    return dict(PROTOCOLS).get(app.provider, app.provider)


def _sp_metadata(app: SocialApp) -> str:
    if app.provider != SAML:
        return ""
    return reverse("saml_metadata", args=[app.client_id])


class IdentityProviderViewSet(ModelViewSet):
    model = SocialApp
    icon = "key"
    menu_label = "Identity providers"
    menu_order = 305
    add_to_settings_menu = True
    url_prefix = "identity-providers"
    name = "identity_providers"
    list_display = [
        "name",
        Column("protocol", label="Protocol", accessor=_protocol),
        Column("provider_id", label="Short name"),
        Column("sp_metadata", label="Our SAML metadata", accessor=_sp_metadata),
    ]
    ordering = ["name"]
    copy_view_enabled = False
    inspect_view_enabled = False
    add_item_label = "Add an identity provider"

    def get_queryset(self, request):
        return SocialApp.objects.filter(provider__in=ENTERPRISE_PROVIDERS)

    def get_form_class(self, for_update=False):
        return IdentityProviderForm


@hooks.register("register_admin_viewset")
def register_identity_provider_viewset():
    return IdentityProviderViewSet()
