"""Admin screens for people and departments that need more than Wagtail's generic
views: history is never deleted, and nothing answers a 500.

A person with learning records (enrolments, progress, attempts, certificates) is
not deleted: the admin says why and offers to mark them as left, which keeps their
history. A department, or a person, that anything else still refers to (people,
sub-departments, targets, initiatives) is not deleted either.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import DeleteView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from cms.api import delete_blockers

from . import selectors
from .models import Learner, LearnerStatus
from .services import learner_deactivate


class RefusingDeleteView(DeleteView):
    """Deletes what may go. Anything still referred to is refused, on the
    confirmation screen and on the post alike, with a message; nothing is deleted."""

    def refusal(self) -> str | None:
        """Why this object may not be deleted; None when it may."""
        blockers = delete_blockers([self.object])
        return self.blocked_message(", ".join(blockers)) if blockers else None

    def blocked_message(self, linked: str) -> str:
        return (
            f"“{self.object}” cannot be deleted: {linked} still refer to it. "
            "Change those first."
        )

    def refusal_buttons(self) -> list:
        return []

    def refuse(self, message: str):
        messages.error(self.request, message, buttons=self.refusal_buttons())
        return redirect(self.edit_url_name, self.object.pk)

    def get(self, request, *args, **kwargs):
        message = self.refusal()
        if message:
            return self.refuse(message)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        message = self.refusal()
        if message:
            return self.refuse(message)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # Something may start referring to the object after the check above.
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except (ProtectedError, RestrictedError):
            return self.refuse(self.refusal() or self.blocked_message("other records"))


class LearnerDeleteView(RefusingDeleteView):
    def refusal(self) -> str | None:
        if selectors.learner_has_learning_records(learner_id=self.object.pk):
            return (
                f"{self.object} has learning records (enrolments, progress or "
                "certificates), so they cannot be deleted: their history must stay. "
                "Mark them as left instead: they stop counting in the figures and "
                "can no longer sign in, and their history is kept."
            )
        return super().refusal()

    def blocked_message(self, linked: str) -> str:
        return (
            f"{self.object} cannot be deleted: {linked} still name them. Mark them "
            "as left instead, which keeps that history."
        )

    def refusal_buttons(self) -> list:
        if self.object.status == LearnerStatus.LEFT:
            return []
        return [
            messages.button(
                reverse("people:deactivate", args=[self.object.pk]), "Mark as left"
            )
        ]


class DepartmentDeleteView(RefusingDeleteView):
    def blocked_message(self, linked: str) -> str:
        return (
            f"“{self.object}” cannot be deleted: {linked} still belong to it. Move "
            "them to another department first."
        )


class LearnerDeactivateView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Confirm, then mark a person as left: their history stays."""

    model = Learner
    permission_required = "change"
    template_name = "learners/admin/learner_deactivate.html"
    header_icon = "user"

    @cached_property
    def learner(self) -> Learner:
        return get_object_or_404(
            Learner.objects.select_related("user"), pk=self.kwargs["pk"]
        )

    def get_page_title(self):
        return f"Mark {self.learner} as left"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("people:index"), "label": "Learners"},
            {
                "url": reverse("people:edit", args=[self.learner.pk]),
                "label": str(self.learner),
            },
            {"url": "", "label": "Mark as left"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["learner"] = self.learner
        context["already_left"] = self.learner.status == LearnerStatus.LEFT
        context["edit_url"] = reverse("people:edit", args=[self.learner.pk])
        return context

    def post(self, request, pk):
        learner = self.learner
        if learner_deactivate(learner_id=learner.pk, actor=request.user):
            messages.success(
                request,
                f"{learner} is marked as left. Their learning history is kept.",
            )
        else:
            messages.warning(request, f"{learner} had already left.")
        return redirect("people:edit", learner.pk)
