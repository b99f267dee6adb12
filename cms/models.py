"""General site pages and settings: the home page, standard pages, branding."""

from django.db import models
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.hooks import HOME_SECTIONS_HOOK

from .blocks import PageBodyBlock


def home_sections(request) -> list[str]:
    """HTML fragments other apps add to the home page, in hook order."""
    return [html for fn in hooks.get_hooks(HOME_SECTIONS_HOOK) if (html := fn(request))]


class HomePage(Page):
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


class StandardPage(Page):
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
