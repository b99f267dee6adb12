"""The SCORM package library in the Wagtail admin (L&D editors upload)."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, UserColumn
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_views
from .models import ScormPackage


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
