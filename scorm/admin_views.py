"""The package library in the Wagtail admin: upload, versions, what a version holds.

Thin views: parse the request, call one service or selector, render. A refused
upload shows the reason on the form and stores nothing.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from . import selectors, services
from .forms import PackageUploadForm
from .manifest import ManifestError
from .models import ScormPackage
from .package import PackageError
from .serving import content_base_url

PACKAGES = "scorm_packages"


def _index_crumb() -> dict:
    return {"url": reverse(f"{PACKAGES}:index"), "label": "SCORM packages"}


class PackageIndexView(IndexView):
    add_item_label = "Upload a package"

    def get_edit_url(self, instance):
        return reverse(f"{PACKAGES}:detail", args=[instance.pk])

    def get_base_queryset(self):
        return selectors.package_list()


class PackagePermissionMixin(PermissionCheckedMixin):
    model = ScormPackage
    permission_required = "view"


class _UploadMixin(PackagePermissionMixin, WagtailAdminTemplateMixin, FormView):
    form_class = PackageUploadForm
    template_name = "scorm/admin/upload.html"
    header_icon = "upload"
    package: ScormPackage | None = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "new_package": self.package is None}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            version = services.package_upload(
                source=upload,
                file_name=upload.name,
                title=form.cleaned_data.get("title", ""),
                package=self.package,
                actor=self.request.user,
            )
        except (PackageError, ManifestError) as exc:
            form.add_error("file", f'"{upload.name}" was not accepted: {exc}')
            return self.form_invalid(form)
        messages.success(
            self.request,
            f'"{version.package.title}" version {version.number} uploaded: SCORM '
            f"{version.schema_version}, {version.file_count} files.",
        )
        blocked = [
            row["url"] for row in version.external_references if not row["library"]
        ]
        if blocked:
            shown = ", ".join(blocked[:3]) + (" and more" if len(blocked) > 3 else "")
            messages.warning(
                self.request,
                f"{len(blocked)} external "
                f"{'address' if len(blocked) == 1 else 'addresses'} in this package "
                f"will not load for learners: {shown}. See the version's "
                '"External addresses" for the files that use them.',
            )
        return redirect(f"{PACKAGES}:detail", version.package_id)


class PackageUploadView(_UploadMixin):
    permission_required = "add"
    page_title = "Upload a SCORM package"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            _index_crumb(),
            {"url": "", "label": self.page_title},
        ]


class VersionUploadView(_UploadMixin):
    """A new zip for an existing package: a new version; old ones are kept."""

    permission_required = "change"

    # The permission is checked first (PermissionCheckedMixin.dispatch), then
    # the package is looked up: people without it never learn which ids exist.
    def get(self, request, *args, **kwargs):
        self.package = get_object_or_404(ScormPackage, pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.package = get_object_or_404(ScormPackage, pk=kwargs["pk"])
        return super().post(request, *args, **kwargs)

    def get_page_title(self):
        return f"New version of {self.package.title}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            _index_crumb(),
            {
                "url": reverse(f"{PACKAGES}:detail", args=[self.package.pk]),
                "label": self.package.title,
            },
            {"url": "", "label": "New version"},
        ]


class PackageDetailView(
    PackagePermissionMixin, WagtailAdminTemplateMixin, TemplateView
):
    """A package: its versions, and the organisation tree of one of them."""

    template_name = "scorm/admin/detail.html"
    header_icon = "doc-full"

    @cached_property
    def package(self) -> ScormPackage:
        return get_object_or_404(
            ScormPackage.objects.select_related("uploaded_by"), pk=self.kwargs["pk"]
        )

    @cached_property
    def version(self):
        number = self.kwargs.get("number")
        if number is None:
            return selectors.version_latest(package=self.package)
        version = selectors.version_get(package=self.package, number=number)
        if version is None:
            raise Http404("No such version.")
        return version

    def get_page_title(self):
        return self.package.title

    def get_page_subtitle(self):
        return f"Version {self.version.number}" if self.version else ""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            _index_crumb(),
            {"url": "", "label": self.package.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = self.version
        context.update(
            package=self.package,
            version=version,
            versions=selectors.package_versions(package=self.package),
            organisations=(
                selectors.version_outline(version=version) if version else []
            ),
            resources=(selectors.version_resources(version=version) if version else []),
            can_upload=self.permission_policy.user_has_permission(
                self.request.user, "change"
            ),
            # Launch URLs open sandboxed in a new tab, through a signed link.
            content_base_url=(
                content_base_url(version_id=version.pk, user_id=self.request.user.pk)
                if version
                else ""
            ),
        )
        return context
