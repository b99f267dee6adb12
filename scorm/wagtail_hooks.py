"""The SCORM package library in the Wagtail admin (L&D editors upload)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, UserColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_views
from .models import ScormAttempt, ScormPackage


class ScormPackageViewSet(ModelViewSet):
    model = ScormPackage
    icon = "doc-full"
    menu_label = "SCORM packages"
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "scorm-packages"
    index_view_class = admin_views.PackageIndexView
    list_display = [
        "title",
        Column("latest_number", label="Latest version"),
        Column("version_count", label="Versions"),
        DateColumn("created_at", label="Created"),
        UserColumn("uploaded_by", label="By"),
    ]
    search_fields = ["title"]
    ordering = ["title"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", admin_views.PackageUploadView.as_view(), name="add"),
            path("<int:pk>/", admin_views.PackageDetailView.as_view(), name="detail"),
            path(
                "<int:pk>/versions/<int:number>/",
                admin_views.PackageDetailView.as_view(),
                name="version",
            ),
            path(
                "<int:pk>/upload/",
                admin_views.VersionUploadView.as_view(),
                name="upload",
            ),
        ]


@hooks.register("register_admin_viewset")
def register_scorm_viewset():
    return ScormPackageViewSet(admin_views.PACKAGES)


class AttemptIndexView(IndexView):
    def get_edit_url(self, instance):
        return reverse("scorm_attempts:inspect", args=[instance.pk])

    def get_base_queryset(self):
        return ScormAttempt.objects.select_related(
            "learner__user", "lesson", "version__package"
        ).defer("cmi")


class ScormAttemptViewSet(ModelViewSet):
    """Learners' package attempts, read-only, for L&D and academy admins: each
    attempt's status, score and times, and its committed CMI values."""

    model = ScormAttempt
    icon = "list-ul"
    menu_label = "SCORM attempts"
    menu_order = 251
    add_to_admin_menu = True
    url_prefix = "scorm-attempts"
    index_view_class = AttemptIndexView
    list_display = [
        Column("learner", label="Learner"),
        Column("lesson", label="Lesson"),
        Column("number", label="Attempt"),
        Column("completion_status", label="Completion"),
        Column("success_status", label="Success"),
        Column("score_scaled", label="Score (scaled)"),
        DateColumn("updated_at", label="Last commit"),
    ]
    list_filter = ["completion_status", "success_status"]
    search_fields = ["learner__user__last_name", "learner__employee_id"]
    ordering = ["-updated_at"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "learner",
        "lesson",
        "version",
        "sco_identifier",
        "number",
        "session",
        "completion_status",
        "success_status",
        "score_scaled",
        "total_time",
        "started_at",
        "updated_at",
        "completed_at",
        "terminated_at",
        "cmi",
    ]
    copy_view_enabled = False
    exclude_form_fields: list[str] = []

    def get_urlpatterns(self):
        # Read-only: attempts are written by the run-time, never by hand.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<str:pk>/", self.inspect_view, name="inspect"),
        ]


@hooks.register("register_admin_viewset")
def register_scorm_attempt_viewset():
    return ScormAttemptViewSet("scorm_attempts")
