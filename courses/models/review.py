"""The L&D review step: approving a lesson asks whether the change is material.

A *material* change (the lesson now teaches something different) asks everyone
who completed the lesson to renew it; a minor one (wording, typos) touches
nobody. The reviewer answers on approval with a reason; the ``learners`` app
receives material changes through ``core.hooks.MATERIAL_CHANGE_HOOK`` and
applies them (ADR 0023).
"""

from __future__ import annotations

from django import forms
from wagtail import hooks
from wagtail.forms import TaskStateCommentForm
from wagtail.models import GroupApprovalTask

from core.hooks import MATERIAL_CHANGE_HOOK

#: How long a learner's renewal explanation may be: one sentence.
REASON_MAX_LENGTH = 200


class ChangeKind:
    MINOR = "minor"
    MATERIAL = "material"
    CHOICES = [
        (MINOR, "Minor: wording, layout or typos. Nobody needs to renew."),
        (
            MATERIAL,
            "Material: the lesson now teaches something different. Everyone who "
            "completed it renews it.",
        ),
    ]


class ReviewApprovalForm(TaskStateCommentForm):
    change = forms.ChoiceField(
        label="Is this change material?",
        choices=ChangeKind.CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text="Only asked for lessons. Material: learners who completed the "
        "lesson are asked to renew it, and see your reason.",
    )
    reason = forms.CharField(
        label="What changed, in one sentence (learners see it)",
        max_length=REASON_MAX_LENGTH,
        required=False,
        widget=forms.TextInput,
    )

    def clean(self):
        cleaned = super().clean()
        reason = (cleaned.get("reason") or "").strip()
        cleaned["reason"] = reason
        if cleaned.get("change") == ChangeKind.MATERIAL and not reason:
            self.add_error(
                "reason", "Say what changed: learners see it when they renew."
            )
        return cleaned


def check_signature(settings) -> tuple | None:
    """What a knowledge check asks: its mode and the questions of its pools."""
    if settings is None:
        return None
    return (
        settings.mode,
        tuple((pool.skill_id, pool.question_ids, pool.draw) for pool in settings.pools),
    )


def policy_version_changed(before, after) -> bool:
    """True when the lesson cites the same policy in a new version."""
    return (
        before is not None
        and after is not None
        and before.policy == after.policy
        and before.version != after.version
    )


class ReviewTask(GroupApprovalTask):
    """Group approval where every approval is asked "material or minor?"."""

    class Meta:
        verbose_name = "L&D review task"
        verbose_name_plural = "L&D review tasks"

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            # Approving always opens the form: the reviewer must answer.
            return [
                ("reject", "Request changes", True),
                ("approve", "Approve", True),
            ]
        return []

    def get_form_for_action(self, action):
        if action == "approve":
            return ReviewApprovalForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        from .lessons import LessonPage

        change = kwargs.pop("change", "") or ChangeKind.MINOR
        reason = kwargs.pop("reason", "")
        page = task_state.workflow_state.content_object.specific
        # The live lesson, before the approved revision is published.
        is_live_lesson = isinstance(page, LessonPage) and page.live
        policy_before = page.attestation if is_live_lesson else None
        settings_before = page.check_settings if is_live_lesson else None
        check_before = check_signature(settings_before)
        redirect_to = super().on_action(task_state, user, action_name, **kwargs)
        if action_name != "approve" or not isinstance(page, LessonPage):
            return redirect_to
        published = LessonPage.objects.get(pk=page.pk)
        policy_after = published.attestation
        check_changed = check_signature(published.check_settings) != check_before
        if policy_version_changed(policy_before, policy_after):
            # A new version of a policy the lesson asks learners to confirm is
            # always material: everyone confirms the new version.
            change = ChangeKind.MATERIAL
            reason = reason or (
                f"{policy_after.policy} is now version {policy_after.version}: "
                "read it and confirm it again."
            )
        if change != ChangeKind.MATERIAL:
            return redirect_to
        assessments = _assessments_to_reopen(
            page.pk, settings_before, published.check_settings, check_changed
        )
        for fn in hooks.get_hooks(MATERIAL_CHANGE_HOOK):
            url = fn(
                lesson_id=page.pk,
                revision_id=task_state.revision_id,
                reason=reason,
                user=user,
                check_changed=check_changed,
                assessment_lesson_ids=assessments,
            )
            redirect_to = url or redirect_to
        return redirect_to


def _assessments_to_reopen(lesson_id, before, after, check_changed) -> tuple:
    """The course's assessments in other lessons that draw a question this
    revision brought into or took out of the lesson's check."""
    if not check_changed:
        return ()
    from ..selectors.assessments import (
        assessments_sharing_questions,
        changed_question_ids,
    )

    return tuple(
        assessments_sharing_questions(lesson_id, changed_question_ids(before, after))
    )
