import uuid
from datetime import timedelta

from django import forms
from django.utils import timezone

from courses import api as courses_api

from .models import Learner, LearnerStatus
from .selectors import learner_reporting_subtree
from .services.team_actions import unavailable_reason


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Learner
        fields = ["reminder_emails"]
        labels = {
            "reminder_emails": "Email me reminders about due and overdue courses "
            "(and, if I manage people, a weekly digest of my team's overdue courses)"
        }


class LearnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Learner) -> str:
        title = f" — {obj.job_title}" if obj.job_title else ""
        return f"{obj.full_name}{title}"


class AssignCourseForm(forms.Form):
    """A course and a due date for one chosen person or for several from My team.

    With ``chosen`` (ids picked on My team) the people are fixed and travel as
    hidden values; otherwise the form offers everyone in the line who is at work.
    Whether the chosen ids are allowed is the service's to decide (one message).
    """

    learner = LearnerChoiceField(
        queryset=Learner.objects.none(),
        label="Person",
        empty_label="Choose a person",
        required=False,
    )
    learners = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.MultipleHiddenInput
    )
    course = forms.TypedChoiceField(coerce=int, label="Course")
    due_date = forms.DateField(
        label="Due date",
        # A date input only takes an ISO value; the locale's format shows empty.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    #: One per form shown: a second submit of the same form assigns nothing again.
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args, manager: Learner, initial_learner=None, chosen=(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.manager = manager
        self.chosen = [int(i) for i in chosen if str(i).isdigit()]
        self.fields["learner"].queryset = (
            learner_reporting_subtree(manager_id=manager.pk)
            .filter(status=LearnerStatus.ACTIVE)
            .select_related("user")
            .order_by("user__last_name", "user__first_name")
        )
        raw = self.data.getlist("learners") if self.is_bound else self.chosen
        self.fields["learners"].choices = [
            (str(i), str(i)) for i in raw if str(i).isdigit()
        ]
        if self.chosen:
            self.fields["learner"].widget = forms.HiddenInput()
            self.fields["learners"].initial = self.chosen
        self.fields["course"].choices = [("", "Choose a course")] + [
            (c.id, c.title) for c in courses_api.course_choices()
        ]
        self.fields["due_date"].initial = timezone.localdate() + timedelta(days=30)
        self.fields["learner"].initial = initial_learner
        self.fields["token"].initial = uuid.uuid4()

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError("The due date cannot be in the past.")
        return due

    def full_clean(self):
        super().full_clean()
        self.outside_subtree = False
        raw = self.data.get("learner") if self.is_bound else None
        if not (raw and "learner" in self.errors and str(raw).isdigit()):
            return
        person = (
            learner_reporting_subtree(manager_id=self.manager.pk)
            .filter(pk=int(raw))
            .select_related("user")
            .first()
        )
        if person is None:
            # A real person outside the manager's line: refused, not "invalid".
            self.outside_subtree = Learner.objects.filter(pk=int(raw)).exists()
        elif person.status != LearnerStatus.ACTIVE:
            self.errors["learner"] = self.error_class(
                [
                    f"{person.full_name} {unavailable_reason(person.status)}: "
                    "only people at work can be assigned a course."
                ]
            )

    def clean(self):
        cleaned = super().clean()
        ids = list(cleaned.get("learners") or [])
        if cleaned.get("learner") is not None:
            ids.append(cleaned["learner"].pk)
        if not ids and "learner" not in self.errors:
            self.add_error("learner", "Choose a person.")
        cleaned["learner_ids"] = ids
        return cleaned


class BadgeCheckForm(forms.Form):
    """A badge to check: pasted (the token or the JSON) or its downloaded file."""

    MAX_BYTES = 64 * 1024

    badge = forms.CharField(
        label="Paste the badge",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text="The badge's token (it starts with “eyJ”) or its JSON.",
    )
    badge_file = forms.FileField(
        label="Or choose the badge file",
        required=False,
        help_text="A .jwt or .json file downloaded from a certificate.",
    )

    def clean_badge_file(self):
        upload = self.cleaned_data.get("badge_file")
        if upload is None:
            return ""
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("That file is too large to be a badge.")
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                "That file is not a badge (it is not text)."
            ) from error

    def clean(self):
        cleaned = super().clean()
        empty = not (cleaned.get("badge") or "").strip()
        if empty and not cleaned.get("badge_file") and not self.errors:
            raise forms.ValidationError("Paste a badge or choose its file.")
        return cleaned

    def badge_text(self) -> str:
        return self.cleaned_data.get("badge_file") or self.cleaned_data["badge"]
