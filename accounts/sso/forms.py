"""The admin form for an identity provider: a SAML IdP from its metadata (pasted
or fetched from a URL), or an OpenID provider from its issuer URL and client."""

from __future__ import annotations

from allauth.socialaccount.models import SocialApp
from django import forms
from django.core.validators import URLValidator
from wagtail.admin.forms import WagtailAdminModelForm

from .metadata import MetadataError, metadata_fetch, metadata_parse
from .services import (
    DEFAULT_SAML_ATTRIBUTES,
    OIDC,
    SAML,
    SamlAttributes,
    identity_provider_save,
    oidc_settings,
    saml_attributes_of,
    saml_settings,
)

PROTOCOLS = [(SAML, "SAML 2.0"), (OIDC, "OpenID Connect")]
ATTRIBUTE_LABELS = {
    "email": "Email attribute",
    "first_name": "Given name attribute",
    "last_name": "Family name attribute",
    "employee_id": "Employee id attribute",
}


class IdentityProviderForm(WagtailAdminModelForm):
    protocol = forms.ChoiceField(choices=PROTOCOLS, initial=SAML)
    slug = forms.SlugField(
        max_length=40,
        help_text="Short name in this provider's URLs, e.g. “northwind”. The SAML "
        "service provider metadata is then at /accounts/saml/northwind/metadata/.",
    )
    metadata_xml = forms.CharField(
        label="SAML: IdP metadata XML",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Paste the identity provider's metadata, or give its URL below.",
    )
    metadata_url = forms.URLField(
        label="SAML: IdP metadata URL",
        required=False,
        assume_scheme="https",
        help_text="Fetched once when you save (10 second limit). Save again to "
        "pick up a new signing certificate.",
    )
    server_url = forms.CharField(
        label="OpenID Connect: issuer URL",
        required=False,
        help_text="The issuer, e.g. https://login.northwind.example; its "
        "/.well-known/openid-configuration is read at sign-in.",
    )
    oidc_client_id = forms.CharField(
        label="OpenID Connect: client id", required=False, max_length=191
    )
    oidc_secret = forms.CharField(
        label="OpenID Connect: client secret",
        required=False,
        max_length=191,
        widget=forms.PasswordInput(render_value=False),
        help_text="Leave empty when editing to keep the current secret.",
    )

    class Meta:
        model = SocialApp
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in ATTRIBUTE_LABELS.items():
            self.fields[f"attr_{key}"] = forms.CharField(
                label=f"SAML: {label.lower()}",
                max_length=255,
                required=False,
                initial=DEFAULT_SAML_ATTRIBUTES[key],
            )
        self.fields["name"].help_text = "The button people see on the sign-in page."
        app = self.instance
        if app.pk:
            self.fields["protocol"].disabled = True
            self.fields["slug"].disabled = True
            self.initial.update(protocol=app.provider, slug=app.provider_id)
            settings = app.settings or {}
            if app.provider == SAML:
                self.initial["metadata_url"] = settings.get("metadata_source_url", "")
                attributes = saml_attributes_of(app)
                for key in ATTRIBUTE_LABELS:
                    self.initial[f"attr_{key}"] = getattr(attributes, key)
            else:
                self.initial["server_url"] = settings.get("server_url", "")
                self.initial["oidc_client_id"] = app.client_id

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        taken = SocialApp.objects.filter(provider_id=slug).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("Another identity provider uses this name.")
        return slug

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("protocol") == SAML:
            self._clean_saml(cleaned)
        elif cleaned.get("protocol") == OIDC:
            self._clean_oidc(cleaned)
        return cleaned

    def _clean_saml(self, cleaned) -> None:
        xml = (cleaned.get("metadata_xml") or "").strip()
        url = cleaned.get("metadata_url") or ""
        if xml and url:
            self.add_error(
                "metadata_url", "Give the metadata XML or its URL, not both."
            )
            return
        if not xml and not url:
            self.add_error(
                "metadata_xml",
                "Paste the identity provider's metadata or give its URL.",
            )
            return
        field = "metadata_xml" if xml else "metadata_url"
        try:
            cleaned["metadata"] = metadata_parse(xml or metadata_fetch(url))
        except MetadataError as error:
            self.add_error(field, str(error))
        for key in ATTRIBUTE_LABELS:
            if not (cleaned.get(f"attr_{key}") or "").strip():
                cleaned[f"attr_{key}"] = DEFAULT_SAML_ATTRIBUTES[key]

    def _clean_oidc(self, cleaned) -> None:
        server_url = (cleaned.get("server_url") or "").strip().rstrip("/")
        try:
            URLValidator(schemes=["https", "http"])(server_url)
        except forms.ValidationError:
            self.add_error("server_url", "Enter the issuer's URL.")
        cleaned["server_url"] = server_url
        if not cleaned.get("oidc_client_id"):
            self.add_error("oidc_client_id", "Enter the client id.")
        if not cleaned.get("oidc_secret") and not (
            self.instance.pk and self.instance.secret
        ):
            self.add_error("oidc_secret", "Enter the client secret.")

    def save(self, commit=True):
        cleaned = self.cleaned_data
        protocol = cleaned["protocol"]
        if protocol == SAML:
            settings = saml_settings(
                metadata=cleaned["metadata"],
                attributes=SamlAttributes(
                    **{key: cleaned[f"attr_{key}"] for key in ATTRIBUTE_LABELS}
                ),
                metadata_url=cleaned.get("metadata_url") or "",
            )
            return identity_provider_save(
                app=self.instance,
                protocol=SAML,
                name=cleaned["name"],
                slug=cleaned["slug"],
                settings=settings,
            )
        return identity_provider_save(
            app=self.instance,
            protocol=OIDC,
            name=cleaned["name"],
            slug=cleaned["slug"],
            settings=oidc_settings(server_url=cleaned["server_url"]),
            client_id=cleaned["oidc_client_id"],
            secret=cleaned.get("oidc_secret") or self.instance.secret,
        )
