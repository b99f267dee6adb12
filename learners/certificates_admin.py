"""Certificates in the admin, for Academy admins: find one, inspect it, revoke it.

Nobody adds, copies or deletes certificates here: they are issued by completing
and kept as history. "Edit" is the revoke form: a required reason, then the
revocation service (one audit entry); a revoked certificate cannot be revoked
again or restored.
"""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views.generic.models import EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import Certificate
from .services.credentials import RevocationError, certificate_revoke


class RevokeOnlyPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action in {"add", "delete", "copy"}:
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Certificate, RevokeOnlyPolicy(Certificate))


class CertificateRevokeForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["revocation_reason"]
        field.required = True
        field.label = "Reason for revoking"
        field.help_text = (
            "Recorded in the audit trail. The certificate's public page, PDF and "
            "badge will say it was revoked (not why). This cannot be undone."
        )

    def clean(self):
        cleaned = super().clean()
        if self.instance.revoked_at is not None:
            raise forms.ValidationError("This certificate is already revoked.")
        if not (cleaned.get("revocation_reason") or "").strip():
            self.add_error(
                "revocation_reason", "Give the reason the certificate is revoked."
            )
        return cleaned


class CertificateRevokeView(EditView):
    success_message = "Certificate “%(object)s” revoked."
    error_message = "The certificate was not revoked: see the reason below."

    def get_page_title(self):
        return "Revoke certificate"

    def save_instance(self):
        try:
            return certificate_revoke(
                certificate_id=self.object.pk,
                by=self.request.user,
                reason=self.form.cleaned_data["revocation_reason"],
            )
        except RevocationError:
            # Revoked by someone else a moment ago: nothing more to do.
            return Certificate.objects.get(pk=self.object.pk)

    def get_success_buttons(self):
        return []


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "tick-inverse"
    menu_label = "Certificates"
    edit_view_class = CertificateRevokeView
    list_display = ["item_title", "learner_name", "kind", "issued_on", "revoked_at"]
    list_filter = ["kind", "issued_on"]
    search_fields = ["learner_name", "item_title"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "uuid",
        "learner_name",
        "kind",
        "item_title",
        "issued_on",
        "revoked_at",
        "revocation_reason",
    ]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [FieldPanel("revocation_reason")], base_form_class=CertificateRevokeForm
    )
