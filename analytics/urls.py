from django.urls import path, register_converter

from . import views


class ExportFormat:
    """``csv`` or ``xlsx``; any other suffix is not a URL of ours (404)."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "fmt")

app_name = "analytics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("readiness/", views.readiness, name="readiness"),
    path("skills/", views.skills, name="skills"),
    path("initiatives/", views.initiatives, name="initiatives"),
    path("initiatives/<int:initiative_id>/", views.initiative, name="initiative"),
    path(
        "initiatives/<int:initiative_id>/checklist.<fmt:fmt>",
        views.initiative_export,
        name="initiative_export",
    ),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("disagreement/", views.disagreement, name="disagreement"),
    path("items/", views.items, name="items"),
    path("items/export.<fmt:fmt>", views.items_export, name="items_export"),
    path(
        "export/learner-courses.<fmt:fmt>",
        views.learner_courses_export,
        name="learner_courses_export",
    ),
    path("export/<slug:table>.<fmt:fmt>", views.export, name="export"),
    path("refresh/", views.snapshot_refresh, name="refresh"),
    path("refresh/<int:snapshot_id>/", views.snapshot, name="snapshot"),
]
