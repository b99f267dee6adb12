from datetime import timedelta

from django import forms
from django.utils import timezone

from courses import api as courses_api

from .models import Learner
from .selectors import learner_reporting_subtree


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
    learner = LearnerChoiceField(
        queryset=Learner.objects.none(), label="Person", empty_label="Choose a person"
    )
    course = forms.TypedChoiceField(coerce=int, label="Course")
    due_date = forms.DateField(
        label="Due date", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, manager: Learner, initial_learner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.manager = manager
        self.outside_subtree = False
        self.fields["learner"].queryset = (
            learner_reporting_subtree(manager_id=manager.pk)
            .select_related("user")
            .order_by("user__last_name", "user__first_name")
        )
        self.fields["course"].choices = [("", "Choose a course")] + [
            (c.id, c.title) for c in courses_api.course_choices()
        ]
        self.fields["due_date"].initial = timezone.localdate() + timedelta(days=30)
        self.fields["learner"].initial = initial_learner

    def full_clean(self):
        super().full_clean()
        raw = self.data.get("learner") if self.is_bound else None
        if raw and "learner" in self.errors and str(raw).isdigit():
            # A real person outside the manager's line: refused, not "invalid".
            self.outside_subtree = Learner.objects.filter(pk=int(raw)).exists()

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError("The due date cannot be in the past.")
        return due
