"""General site pages and settings: the home page, standard pages, branding."""

from django.db import models
from django.http import Http404
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.hooks import HOME_SECTIONS_HOOK

from .blocks import PageBodyBlock
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
        """Find the page at a URL below the home page in two queries, however deep.

        Wagtail walks the tree one slug at a time, two queries per level (the
        child, then its specific page): six for a lesson. The page's URL path
        names it outright. No page type of the academy routes its own sub-URLs
        (``RoutablePageMixin``); one that did would need Wagtail's walk again.
        """
        if not path_components:
            return super().route(request, path_components)
        url_path = self.url_path + "/".join(path_components) + "/"
        page = (
            Page.objects.filter(
                path__startswith=self.path,
                depth=self.depth + len(path_components),
                url_path=url_path,
            )
            .specific()
            .first()
        )
        if page is None:
            raise Http404
        return page.route(request, [])


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
