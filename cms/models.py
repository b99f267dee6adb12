"""General site pages and settings: the home page, standard pages, branding."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404
from wagtail import blocks, hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.hooks import HOME_SECTIONS_HOOK
from core.prepared import PreparedQuery

from . import profile
from .blocks import PageBodyBlock
from .forms import JunkTolerantStreamForm
from .fragments import CachedViewRestrictionsMixin, content_cached


def home_sections(request) -> list[str]:
    """HTML fragments other apps add to the home page, in hook order."""
    return [html for fn in hooks.get_hooks(HOME_SECTIONS_HOOK) if (html := fn(request))]


class HomePage(CachedViewRestrictionsMixin, Page):
    """The academy's front door: what it is for and where to start."""

    intro = models.TextField(
        blank=True,
        help_text="One or two sentences under the title, shown to everyone.",
    )
    body = StreamField(PageBodyBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = home_sections(request)
        return context

    def route(self, request, path_components):
        """Find the page at a URL below the home page in one query, however deep.

        Wagtail walks the tree one slug at a time, two queries per level (the
        child, then its specific page): six for a lesson. The page's URL path
        names it outright, and which page (and of which type) a URL path names
        is cached for the content version, which any page saved, moved or
        deleted moves (ADR 0016): what is left is reading the page itself. No
        page type of the academy routes its own sub-URLs (``RoutablePageMixin``);
        one that did would need Wagtail's walk again.
        """
        if not path_components:
            return super().route(request, path_components)
        url_path = self.url_path + "/".join(path_components) + "/"
        depth = self.depth + len(path_components)

        def find() -> tuple[int, int] | None:
            return (
                Page.objects.filter(
                    path__startswith=self.path, depth=depth, url_path=url_path
                )
                .values_list("pk", "content_type_id")
                .first()
            )

        found = content_cached(f"cms:route:{self.pk}:{url_path}", find)
        if found is None:
            raise Http404
        pk, content_type_id = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # a page type whose code is gone
            model = Page
        found = _page_by_id(model)(pk=pk)
        if not found:
            raise Http404
        return found[0].route(request, [])


# One compiled query per page type (a lesson's is a join of three tables): every
# page view reads its page by id (core/prepared.py).
_PAGES_BY_ID: dict[type, PreparedQuery] = {}


def _page_by_id(model: type) -> PreparedQuery:
    if model not in _PAGES_BY_ID:
        _PAGES_BY_ID[model] = PreparedQuery(
            lambda pk: model._default_manager.filter(pk=pk).order_by()
        )
    return _PAGES_BY_ID[model]


class StandardPage(CachedViewRestrictionsMixin, Page):
    """A plain page for guidance, policies and help."""

    intro = models.TextField(blank=True)
    body = StreamField(PageBodyBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = "standard page"


@register_setting(icon="site")
class AcademySettings(BaseSiteSetting):
    """Branding shown in the header and footer of every page."""

    organisation_name = models.CharField(
        max_length=120,
        blank=True,
        help_text="Shown beside the academy name, e.g. 'Northwind Group'.",
    )
    tagline = models.CharField(max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in the admin's sidebar; without one the academy's mark is.",
    )
    support_email = models.EmailField(
        blank=True, help_text="Where learners can ask for help; shown in the footer."
    )

    class Meta:
        verbose_name = "academy settings"

    @classmethod
    def for_site(cls, site):
        """Every page's header and footer read these: from the content cache
        (saving them moves the content version, ``cms/fragments.py``)."""
        if site is None:
            return super().for_site(site)
        return content_cached(
            f"cms:academy-settings:{site.pk}",
            lambda: super(AcademySettings, cls).for_site(site),
        )


class RiskTierBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=60)
    description = blocks.TextBlock(rows=2)

    class Meta:
        icon = "warning"
        label_format = "{name}"


def _default_tools():
    return [("tool", tool) for tool in profile.DEFAULT_APPROVED_TOOLS]


def _default_classes():
    return [("data_class", name) for name in profile.DEFAULT_DATA_CLASSES]


def _default_tiers():
    return [
        ("tier", {"name": name, "description": description})
        for name, description in profile.DEFAULT_RISK_TIERS
    ]


class LabelledCharBlock(blocks.CharBlock):
    """A text block whose input is named by its label for assistive technology:
    a lone field in a stream block shows its label only as the block's heading."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field.widget.attrs.setdefault("aria-label", str(self.label))


@register_setting(icon="group")
class OrganisationProfileSettings(BaseSiteSetting):
    """What lessons say about the organisation: its name, AI policy, tools, risk
    tiers, data classes, incident contact and jurisdictions (ADR 0022)."""

    name = models.CharField(
        "organisation name",
        max_length=120,
        default=profile.DEFAULT_NAME,
        help_text="As it reads inside a sentence, e.g. 'Northwind Group'.",
    )
    policy_name = models.CharField(
        "AI policy name",
        max_length=120,
        default=profile.DEFAULT_POLICY_NAME,
        help_text="As it reads inside a sentence, e.g. 'the Northwind AI policy'.",
    )
    policy_version = models.CharField(
        "AI policy version",
        max_length=40,
        default=profile.DEFAULT_POLICY_VERSION,
        help_text="Lessons that ask learners to confirm the policy ask everyone "
        "again when this changes.",
    )
    approved_tools = StreamField(
        [("tool", LabelledCharBlock(max_length=120, label="Tool"))],
        default=_default_tools,
        min_num=1,
        help_text="The AI tools staff may use for work.",
    )
    risk_tiers = StreamField(
        [("tier", RiskTierBlock())],
        default=_default_tiers,
        min_num=1,
        help_text="The policy's risk tiers, lowest first.",
    )
    incident_contact = models.CharField(
        max_length=200,
        default=profile.DEFAULT_INCIDENT_CONTACT,
        help_text="Who to tell about an AI incident, as it reads inside a "
        "sentence, e.g. 'the security desk (ext. 4400)'.",
    )
    data_classes = StreamField(
        [("data_class", LabelledCharBlock(max_length=60, label="Class"))],
        default=_default_classes,
        min_num=1,
        help_text="The data classification names, least sensitive first.",
    )
    jurisdiction_uk = models.BooleanField("United Kingdom", default=True)
    jurisdiction_eu = models.BooleanField("European Union", default=True)
    jurisdiction_us = models.BooleanField("United States", default=True)

    base_form_class = JunkTolerantStreamForm
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("policy_name"), FieldPanel("policy_version")]),
        FieldPanel("incident_contact"),
        FieldPanel("approved_tools"),
        FieldPanel("risk_tiers"),
        FieldPanel("data_classes"),
        MultiFieldPanel(
            [
                FieldPanel("jurisdiction_uk"),
                FieldPanel("jurisdiction_eu"),
                FieldPanel("jurisdiction_us"),
            ],
            heading="Jurisdictions",
            help_text="Lessons show the law notes of every jurisdiction chosen.",
        ),
    ]

    class Meta:
        verbose_name = "organisation profile"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jurisdiction_uk=True)
                | models.Q(jurisdiction_eu=True)
                | models.Q(jurisdiction_us=True),
                name="cms_organisationprofile_one_jurisdiction",
            )
        ]

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if not (self.jurisdiction_uk or self.jurisdiction_eu or self.jurisdiction_us):
            raise ValidationError(
                {"jurisdiction_uk": "Choose at least one jurisdiction."}
            )

    def as_profile(self) -> profile.OrganisationProfile:
        return profile.OrganisationProfile(
            name=self.name,
            policy_name=self.policy_name,
            policy_version=self.policy_version,
            approved_tools=tuple(block.value for block in self.approved_tools),
            risk_tiers=tuple(
                profile.RiskTier(
                    name=block.value["name"], description=block.value["description"]
                )
                for block in self.risk_tiers
            ),
            incident_contact=self.incident_contact,
            data_classes=tuple(block.value for block in self.data_classes),
            jurisdictions=tuple(
                code
                for code in profile.JURISDICTIONS
                if getattr(self, f"jurisdiction_{code}")
            ),
        )


def organisation_profile(site=None) -> profile.OrganisationProfile:
    """The profile of ``site`` (default: the default site), from the content cache;
    saving the profile moves the content version (``cms/fragments.py``)."""

    def build() -> profile.OrganisationProfile:
        # Read, never create: a row saved while a page is shown would move the
        # content version in the middle of the request (``cms/fragments.py``).
        if site is not None:
            settings = OrganisationProfileSettings.objects.filter(site=site).first()
        else:
            settings = OrganisationProfileSettings.objects.filter(
                site__is_default_site=True
            ).first()
        return settings.as_profile() if settings else profile.OrganisationProfile()

    key = site.pk if site is not None else "default"
    return content_cached(f"cms:organisation-profile:{key}", build)
