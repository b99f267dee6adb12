"""Roster imports and assignment rules in the Wagtail admin (Academy admins only).

Imported from ``learners/wagtail_hooks.py``. Permission policies are registered
first, before anything asks Wagtail for the models' fallback policies.
"""

from django.urls import path
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, UserColumn
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from ..models import AssignmentRule, ImportStatus, RosterImport
from . import admin_views
from .permissions import AcademyAdminPermissionPolicy

register_permission_policy(
    RosterImport,
    # Imports are uploaded ("add"), applied ("change") and kept: never deleted.
    AcademyAdminPermissionPolicy(RosterImport, actions=("add", "change", "view")),
)
register_permission_policy(
    AssignmentRule,
    AcademyAdminPermissionPolicy(
        AssignmentRule, actions=("add", "change", "delete", "view")
    ),
)

_STATUS_PRIMARY = {ImportStatus.APPLIED, ImportStatus.PREVIEWED}


def _counts_text(record: RosterImport) -> str:
    applied = record.status == ImportStatus.APPLIED
    summary = (record.applied_counts if applied else record.preview_counts) or {}
    counts = summary.get("counts")
    if not counts:
        return ""
    return (
        f"{counts['created']} new · {counts['updated']} updated · "
        f"{counts['deactivated']} deactivated · {counts['rejected']} rejected"
    )


class RosterImportViewSet(ModelViewSet):
    model = RosterImport
    icon = "upload"
    menu_label = "Roster imports"
    add_to_admin_menu = False
    url_prefix = "roster-imports"
    index_view_class = admin_views.RosterImportIndexView
    list_display = [
        "file_name",
        DateColumn("created_at", label="When"),
        UserColumn("created_by", label="Who"),
        StatusTagColumn(
            "get_status_display",
            label="Status",
            primary=lambda record: record.status in _STATUS_PRIMARY,
        ),
        Column("counts", label="Counts", accessor=_counts_text),
        Column(
            "file_sha256",
            label="SHA-256",
            accessor=lambda record: record.file_sha256[:12],
        ),
    ]
    list_filter = ["status"]
    search_fields = ["file_name", "file_sha256"]
    ordering = ["-created_at"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", admin_views.RosterUploadView.as_view(), name="add"),
            path(
                "<int:pk>/", admin_views.RosterImportDetailView.as_view(), name="detail"
            ),
            path(
                "<int:pk>/progress/",
                admin_views.RosterImportProgressView.as_view(),
                name="progress",
            ),
            path(
                "<int:pk>/apply/",
                admin_views.RosterImportApplyView.as_view(),
                name="apply",
            ),
            path(
                "<int:pk>/retry/",
                admin_views.RosterImportRetryView.as_view(),
                name="retry",
            ),
            path(
                "<int:pk>/report.csv",
                admin_views.RosterImportReportView.as_view(),
                name="report",
            ),
        ]


class AssignmentRuleViewSet(ModelViewSet):
    model = AssignmentRule
    icon = "list-ol"
    menu_label = "Assignment rules"
    url_prefix = "assignment-rules"
    # Order is set with the "Position" field, so that it can be previewed too.
    sort_order_field = None
    list_display = [
        "name",
        Column("match_type", label="Match", accessor="get_match_type_display"),
        "job_title_pattern",
        "department",
        "role",
        "active",
    ]
    ordering = ["sort_order", "id"]
    list_per_page = 200
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", admin_views.RuleCreateView.as_view(), name="add"),
            path("edit/<int:pk>/", admin_views.RuleEditView.as_view(), name="edit"),
            path(
                "delete/<int:pk>/", admin_views.RuleDeleteView.as_view(), name="delete"
            ),
        ]


class RosterViewSetGroup(ModelViewSetGroup):
    menu_label = "HR roster"
    menu_icon = "upload"
    menu_order = 305
    items = (
        RosterImportViewSet(admin_views.IMPORTS),
        AssignmentRuleViewSet(admin_views.RULES),
    )


@hooks.register("register_admin_viewset")
def register_roster_viewsets():
    return RosterViewSetGroup()
