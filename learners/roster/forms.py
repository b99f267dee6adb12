"""Admin forms: the roster upload and an assignment rule with its preview."""

from __future__ import annotations

import json

from django import forms
from django.utils.crypto import constant_time_compare, salted_hmac

from courses import api as courses_api

from ..models import AssignmentRule, Department, RosterMapping
from .files import describe_size, recognise
from .problems import RosterFileError
from .rules import REGEX, regex_problem
from .services import MAX_BYTES, ImportOptions, mapping_parse


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="Roster file",
        help_text=(
            f"A CSV (UTF-8) or Excel .xlsx export, up to {describe_size(MAX_BYTES)} "
            "and 200,000 rows. Nothing changes until you apply the preview."
        ),
    )
    deactivate_missing = forms.BooleanField(
        required=False,
        label="This file lists everyone",
        help_text=(
            "People in the academy who are not in this file have left: deactivate "
            "them. Leave unticked for a partial file (one department, new starters)."
        ),
    )
    dayfirst = forms.BooleanField(
        required=False,
        label="Dates are written day first",
        help_text="Read 01/02/2024 as 1 February 2024. ISO dates always work.",
    )
    mapping = forms.CharField(
        required=False,
        label="Column mapping",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Only for headers the academy does not recognise, one per line: "
            "Source header=field, e.g. Worker No=employee_id."
        ),
    )

    saved_mapping = forms.ModelChoiceField(
        queryset=RosterMapping.objects.order_by("source"),
        required=False,
        empty_label="None",
        label="Saved column mapping",
        help_text="A mapping saved for this file's source (HR system). Lines typed "
        "above are added to it, and win where both name a header.",
    )
    save_mapping_as = forms.CharField(
        required=False,
        max_length=100,
        label="Save the mapping for source",
        help_text="E.g. Personio: choose it next time. Saving under a name already "
        "used replaces that mapping.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            # Refused before reading or parsing anything.
            raise forms.ValidationError(
                f'"{upload.name}" is {describe_size(upload.size)}, more than the '
                f"{describe_size(MAX_BYTES)} allowed. Remove columns the academy "
                "does not need, or split the file."
            )
        data = upload.read()
        try:
            recognise(data, filename=upload.name, max_bytes=MAX_BYTES)
        except RosterFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        self.file_bytes = data
        return upload

    def clean_mapping(self):
        try:
            return mapping_parse(self.cleaned_data["mapping"].splitlines())
        except RosterFileError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self):
        cleaned = super().clean()
        saved = cleaned.get("saved_mapping")
        typed = cleaned.get("mapping") or {}
        cleaned["mapping"] = {**(saved.mapping if saved else {}), **typed}
        name = (cleaned.get("save_mapping_as") or "").strip()
        if name and not cleaned["mapping"]:
            self.add_error(
                "save_mapping_as",
                "There is no column mapping to save: type one above or choose a "
                "saved one.",
            )
        return cleaned

    def options(self) -> ImportOptions:
        return ImportOptions(
            mapping=self.cleaned_data["mapping"],
            dayfirst=self.cleaned_data["dayfirst"],
            deactivate_missing=self.cleaned_data["deactivate_missing"],
        )


class DepartmentPathChoiceField(forms.ModelChoiceField):
    """Departments labelled with their path ("Technology › Data Science")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._paths: dict[int, str] | None = None

    def label_from_instance(self, obj: Department) -> str:
        if self._paths is None:
            self._paths = department_paths()
        return self._paths.get(obj.pk, obj.name)


def department_paths() -> dict[int, str]:
    """Every department's path, from one query."""
    rows = {
        pk: (name, parent)
        for pk, name, parent in Department.objects.values_list("id", "name", "parent")
    }
    paths: dict[int, str] = {}
    for pk in rows:
        parts, node, seen = [], pk, set()
        while node is not None and node not in seen:
            seen.add(node)
            name, parent = rows[node]
            parts.append(name)
            node = parent
        paths[pk] = " › ".join(reversed(parts))
    return paths


class AssignmentRuleForm(forms.ModelForm):
    position = forms.IntegerField(
        min_value=1,
        required=False,
        label="Position",
        help_text=(
            "Rules are tried from position 1 down; the first one that matches gives "
            "its role. Leave empty to keep the rule where it is; a new rule goes "
            "before the first rule that matches everyone."
        ),
    )

    class Meta:
        model = AssignmentRule
        fields = [
            "name",
            "match_type",
            "job_title_pattern",
            "department",
            "role",
            "active",
        ]
        help_texts = {
            "job_title_pattern": (
                'Case-insensitive, e.g. "engineer" or, as a regular expression, '
                '"product (manager|owner)". Leave empty to match any job title.'
            ),
            "department": "Optional: only people in this department or below it.",
            "active": "Inactive rules are kept but not used.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"] = DepartmentPathChoiceField(
            queryset=Department.objects.order_by("name"),
            required=False,
            help_text=self.Meta.help_texts["department"],
        )
        self.fields["role"].queryset = courses_api.role_list()
        if self.instance.pk and not self.is_bound:
            position = list(
                AssignmentRule.objects.order_by("sort_order", "id").values_list(
                    "id", flat=True
                )
            ).index(self.instance.pk)
            self.fields["position"].initial = position + 1

    def clean(self):
        cleaned = super().clean()
        pattern = (cleaned.get("job_title_pattern") or "").strip()
        cleaned["job_title_pattern"] = pattern
        if cleaned.get("match_type") == REGEX and pattern:
            problem = regex_problem(pattern)
            if problem:
                self.add_error("job_title_pattern", problem)
        return cleaned

    def signature(self) -> str:
        """A token for exactly these values: Save needs the token of its preview."""
        data = self.cleaned_data
        payload = json.dumps(
            {
                "rule": self.instance.pk,
                "name": data.get("name"),
                "match_type": data.get("match_type"),
                "pattern": data.get("job_title_pattern"),
                "department": getattr(data.get("department"), "pk", None),
                "role": getattr(data.get("role"), "pk", None),
                "active": data.get("active"),
                "position": data.get("position"),
                # Another rule saved meanwhile changes the impact too.
                "rules": list(
                    AssignmentRule.objects.order_by("sort_order", "id").values_list(
                        "id", "updated_at"
                    )
                ),
            },
            sort_keys=True,
            default=str,
        )
        return salted_hmac("learners.roster.rule-preview", payload).hexdigest()

    def preview_matches(self, token: str) -> bool:
        return bool(token) and constant_time_compare(token, self.signature())
