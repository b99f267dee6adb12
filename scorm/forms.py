from django import forms
from django.conf import settings

from .package import describe_size


class PackageUploadForm(forms.Form):
    """A SCORM zip; the title only when it starts a new package."""

    title = forms.CharField(
        max_length=255,
        required=False,
        help_text="Leave blank to use the title the package gives itself.",
    )
    file = forms.FileField(
        label="SCORM package (.zip)",
        help_text=(
            "A SCORM 1.2 or 2004 package exported from your authoring tool, up to "
            f"{describe_size(settings.SCORM_MAX_UPLOAD_BYTES)}. It is checked "
            "before anything is stored."
        ),
    )

    def __init__(self, *args, new_package: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not new_package:
            del self.fields["title"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.SCORM_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f'"{upload.name}" is {describe_size(upload.size)}, more than the '
                f"{describe_size(limit)} allowed."
            )
        return upload
