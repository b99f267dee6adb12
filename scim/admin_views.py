"""SCIM clients in the Wagtail admin (Academy admins only): create, revoke, list.

A new client's token is rendered once, in the response to the form that created
it, and never again: only its hash is stored.
"""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from .models import ScimClient
from .tokens import TokenError, client_create, client_revoke

CLIENTS = "scim_clients"


def _index_crumb() -> dict:
    return {"url": reverse(f"{CLIENTS}:index"), "label": "SCIM clients"}


class ScimClientForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="The identity provider this token is for, e.g. “Okta” or “Entra ID”.",
    )


class ScimPermissionMixin(PermissionCheckedMixin):
    """Academy admins only; anyone else gets a 403 page. (A raised PermissionDenied
    would become Wagtail's redirect to the dashboard.)"""

    model = ScimClient
    permission_required = "view"

    def dispatch(self, request, *args, **kwargs):
        policy = self.permission_policy
        if policy is None or not policy.user_has_permission(
            request.user, self.permission_required
        ):
            return render(request, "scim/denied.html", status=403)
        return super().dispatch(request, *args, **kwargs)


class ScimClientIndexView(ScimPermissionMixin, IndexView):
    add_item_label = "New SCIM client"

    def get_edit_url(self, instance):
        return reverse(f"{CLIENTS}:revoke", args=[instance.pk])


class ScimClientCreateView(ScimPermissionMixin, WagtailAdminTemplateMixin, FormView):
    permission_required = "add"
    form_class = ScimClientForm
    template_name = "scim/client_create.html"
    page_title = "New SCIM client"
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            _index_crumb(),
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form):
        try:
            issued = client_create(
                name=form.cleaned_data["name"], actor=self.request.user
            )
        except TokenError as exc:
            form.add_error("name", str(exc))
            return self.form_invalid(form)
        # Rendered, not redirected: the token exists only in this response.
        return self.render_to_response(
            self.get_context_data(
                form=None,
                issued=issued,
                base_url=self.request.build_absolute_uri("/scim/v2"),
            )
        )


class ScimClientRevokeView(
    ScimPermissionMixin, WagtailAdminTemplateMixin, TemplateView
):
    permission_required = "change"
    template_name = "scim/client_revoke.html"
    header_icon = "key"

    @cached_property
    def object(self) -> ScimClient:
        return get_object_or_404(ScimClient, pk=self.kwargs["pk"])

    def get_page_title(self):
        return f"Revoke “{self.object.name}”"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            _index_crumb(),
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "client": self.object}

    def post(self, request, *args, **kwargs):
        if client_revoke(client=self.object):
            messages.success(
                request, f"The token of “{self.object.name}” no longer works."
            )
        else:
            messages.warning(request, f"“{self.object.name}” was already revoked.")
        return redirect(f"{CLIENTS}:index")
