"""Wagtail admin screens for roster imports and assignment rules (Academy admins).

Thin views: parse the request, call one service or selector, render. The import's
own page polls a small fragment (htmx, with a meta refresh when JavaScript is off)
while the background job runs, then shows the dry-run preview and the Apply button.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.log_actions import log

from core.exports import download_response

from ..models import AssignmentRule, ImportStatus, RosterImport
from . import selectors, services
from .fields import ALIASES, LABELS, REQUIRED, SOURCE_FIELDS
from .forms import AssignmentRuleForm, RosterUploadForm
from .plan import CHANGE_COUNTS, COUNT_LABELS
from .problems import RosterFileError
from .report import problems_frame

IMPORTS = "roster_imports"
RULES = "assignment_rules"
#: Problems listed on the page; the CSV report has all of them.
PROBLEMS_SHOWN = 200
RUNNING = (ImportStatus.UPLOADED, ImportStatus.PREVIEWING, ImportStatus.APPLYING)
_EXAMPLE_TITLES = {
    "created": "New people",
    "updated": "People updated",
    "moved": "Moved department",
    "manager_changed": "Manager changed",
    "role_changed": "Role changed",
    "deactivated": "Deactivated",
    "reactivated": "Reactivated",
}


def _imports_index_crumb() -> dict:
    return {"url": reverse(f"{IMPORTS}:index"), "label": "Roster imports"}


def _rules_index_crumb() -> dict:
    return {"url": reverse(f"{RULES}:index"), "label": "Assignment rules"}


# --- roster imports ----------------------------------------------------------------


class RosterImportIndexView(IndexView):
    """The history: every run, newest first; a run's title opens its page."""

    add_item_label = "Upload a roster"

    def get_edit_url(self, instance):
        return reverse(f"{IMPORTS}:detail", args=[instance.pk])

    def get_base_queryset(self):
        return selectors.roster_import_list()


class RosterPermissionMixin(PermissionCheckedMixin):
    model = RosterImport
    permission_required = "view"


class RosterUploadView(RosterPermissionMixin, WagtailAdminTemplateMixin, FormView):
    permission_required = "add"
    form_class = RosterUploadForm
    template_name = "learners/roster/upload.html"
    page_title = "Upload a roster"
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            _imports_index_crumb(),
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fields"] = [
            {
                "name": name,
                "label": LABELS[name],
                "required": name in REQUIRED,
                "aliases": ", ".join(ALIASES.get(name, ())),
            }
            for name in SOURCE_FIELDS
        ]
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        save_as = form.cleaned_data.get("save_mapping_as", "").strip()
        if save_as:
            try:
                services.mapping_save(
                    source=save_as,
                    mapping=form.cleaned_data["mapping"],
                    actor=self.request.user,
                )
            except RosterFileError as exc:
                form.add_error("save_mapping_as", str(exc))
                return self.form_invalid(form)
        record = services.roster_import_upload(
            data=form.file_bytes,
            file_name=upload.name,
            options=form.options(),
            actor=self.request.user,
        )
        return redirect(f"{IMPORTS}:detail", record.pk)


class RosterImportDetailView(
    RosterPermissionMixin, WagtailAdminTemplateMixin, TemplateView
):
    """One run: live progress while it works, then its preview or its result."""

    template_name = "learners/roster/detail.html"
    header_icon = "upload"

    @cached_property
    def object(self) -> RosterImport:
        return get_object_or_404(
            RosterImport.objects.select_related("created_by"), pk=self.kwargs["pk"]
        )

    def get_page_title(self):
        return f"Roster import #{self.object.pk}"

    def get_page_subtitle(self):
        return self.object.file_name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            _imports_index_crumb(),
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(status_context(self.object))
        return context


def status_context(record: RosterImport) -> dict:
    percent, message = services.progress_get(record)
    heartbeat = record.heartbeat_at
    applied = record.status == ImportStatus.APPLIED
    summary = (record.applied_counts if applied else record.preview_counts) or {}
    counts = summary.get("counts", {})
    examples = summary.get("examples", {})
    report = record.report or []
    return {
        "record": record,
        "running": record.status in RUNNING,
        "percent": percent,
        "progress_message": message,
        "heartbeat_at": heartbeat,
        "progress_url": reverse(f"{IMPORTS}:progress", args=[record.pk]),
        "apply_url": reverse(f"{IMPORTS}:apply", args=[record.pk]),
        "retry_url": reverse(f"{IMPORTS}:retry", args=[record.pk]),
        "can_retry": record.status == ImportStatus.INTERRUPTED and bool(record.file),
        "interrupted_apply": record.interrupted_during == ImportStatus.APPLYING,
        "report_url": reverse(f"{IMPORTS}:report", args=[record.pk]),
        "upload_url": reverse(f"{IMPORTS}:add"),
        "can_apply": record.status == ImportStatus.PREVIEWED and bool(record.file),
        "applied": applied,
        "has_changes": any(counts.get(name) for name in CHANGE_COUNTS),
        "counts": [
            {"name": name, "label": label, "value": counts.get(name, 0)}
            for name, label in COUNT_LABELS.items()
        ],
        "examples": [
            {
                "name": name,
                "title": title,
                "people": examples.get(name, []),
                "total": counts.get(name, 0),
            }
            for name, title in _EXAMPLE_TITLES.items()
            if examples.get(name)
        ],
        "unknown_columns": summary.get("unknown_columns", []),
        "column_map": summary.get("column_map", {}),
        "new_departments": summary.get("new_departments", []),
        "total_rows": summary.get("total_rows", 0),
        "problems": report[:PROBLEMS_SHOWN],
        "problem_total": len(report),
        "errors": sum(1 for problem in report if problem.get("level") == "error"),
        "stale": record.status == ImportStatus.PREVIEWED
        and selectors.roster_import_applied_after(roster_import=record),
        "deactivate_missing": bool(record.options.get("deactivate_missing")),
    }


class RosterImportProgressView(RosterPermissionMixin, TemplateView):
    """The status fragment the page polls; the whole preview once it is ready."""

    template_name = "learners/roster/_status.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = get_object_or_404(RosterImport, pk=self.kwargs["pk"])
        context.update(status_context(record))
        return context


class RosterImportApplyView(RosterPermissionMixin, View):
    permission_required = "change"

    def get(self, request, pk):
        return redirect(f"{IMPORTS}:detail", pk)

    def post(self, request, pk):
        record = get_object_or_404(RosterImport, pk=pk)
        if services.roster_import_apply_start(roster_import=record, actor=request.user):
            messages.success(request, "Applying the import: all of it, or nothing.")
        else:
            messages.warning(
                request,
                "This import cannot be applied now: it is not a finished preview, or "
                "it is already being applied.",
            )
        return redirect(f"{IMPORTS}:detail", pk)


class RosterImportRetryView(RosterPermissionMixin, View):
    """Run an interrupted import again (its worker was lost)."""

    permission_required = "change"

    def get(self, request, pk):
        return redirect(f"{IMPORTS}:detail", pk)

    def post(self, request, pk):
        record = get_object_or_404(RosterImport, pk=pk)
        if services.roster_import_retry(roster_import=record, actor=request.user):
            messages.success(request, "Running the import again.")
        else:
            messages.warning(
                request, "Only an interrupted import whose file is kept can be retried."
            )
        return redirect(f"{IMPORTS}:detail", pk)


class RosterImportReportView(RosterPermissionMixin, View):
    def get(self, request, pk):
        record = get_object_or_404(RosterImport, pk=pk)
        return download_response(
            problems_frame(record.report or []),
            filename=f"roster-import-{record.pk}-report",
            fmt="csv",
        )


# --- assignment rules --------------------------------------------------------------


class RulePermissionMixin(PermissionCheckedMixin):
    model = AssignmentRule


class RuleFormView(RulePermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Create or edit a rule: "Preview" shows who gains, loses or changes a role;
    "Save and apply" (only with the preview of exactly these values) saves the rule
    and applies all rules to everyone, retroactively."""

    form_class = AssignmentRuleForm
    template_name = "learners/roster/rule_form.html"
    header_icon = "list-ol"
    rule: AssignmentRule | None = None

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            _rules_index_crumb(),
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.rule}

    def form_valid(self, form):
        rule = form.save(commit=False)
        position = form.cleaned_data["position"]
        token = self.request.POST.get("preview_token", "")
        if self.request.POST.get("action") == "save" and form.preview_matches(token):
            is_new = rule.pk is None
            impact = services.rule_save(
                rule=rule, position=position, actor=self.request.user
            )
            log(
                instance=rule,
                action="wagtail.create" if is_new else "wagtail.edit",
                user=self.request.user,
            )
            messages.success(
                self.request,
                f"Rule “{rule.name}” saved and applied: {len(impact.gain)} gained a "
                f"role, {len(impact.lose)} lost one, {len(impact.change)} changed.",
            )
            return redirect(f"{RULES}:index")
        if self.request.POST.get("action") == "save":
            messages.warning(
                self.request,
                "Check what the rule does now, then save: it changed since its "
                "preview.",
            )
        impact = services.rules_impact(
            rules=services.rules_candidate(rule=rule, position=position)
        )
        return self.render_to_response(
            self.get_context_data(
                form=form,
                impact=impact,
                preview_token=form.signature(),
                shadowed_by=services.rule_shadowed_by(rule=rule, position=position),
            )
        )


class RuleCreateView(RuleFormView):
    permission_required = "add"
    page_title = "New assignment rule"


class RuleEditView(RuleFormView):
    permission_required = "change"

    def dispatch(self, request, *args, **kwargs):
        if self.user_has_permission(self.permission_required):
            self.rule = get_object_or_404(AssignmentRule, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Edit rule “{self.rule.name}”"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["delete_url"] = reverse(f"{RULES}:delete", args=[self.rule.pk])
        return context


class RuleDeleteView(RulePermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_required = "delete"
    template_name = "learners/roster/rule_delete.html"
    header_icon = "list-ol"

    @cached_property
    def rule(self) -> AssignmentRule:
        return get_object_or_404(AssignmentRule, pk=self.kwargs["pk"])

    def get_page_title(self):
        return f"Delete rule “{self.rule.name}”"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            _rules_index_crumb(),
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rule"] = self.rule
        context["impact"] = services.rules_impact(
            rules=services.rules_candidate(rule=self.rule, deleting=True)
        )
        return context

    def post(self, request, pk):
        rule = self.rule
        log(instance=rule, action="wagtail.delete", user=request.user)
        impact = services.rule_delete(rule=rule, actor=request.user)
        messages.success(
            request,
            f"Rule “{rule.name}” deleted and the rules applied: {len(impact.gain)} "
            f"gained a role, {len(impact.lose)} lost one, {len(impact.change)} "
            "changed.",
        )
        return redirect(f"{RULES}:index")
