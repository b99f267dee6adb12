"""The taxonomy and a flat course listing in the Wagtail admin; sign-in for pages.

Gaps are flagged, not refused: a skill without a blocker counts for no blocker's
readiness, and a course without skills for no role's skill coverage, so both get
a warning column and a filter in their listings.
"""

import django_filters
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count
from django.utils.cache import add_never_cache_headers
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.api import SnippetChooserWithoutCreation
from core.hooks import NAV_ORDER_CURRICULA, NAVIGATION_HOOK, NavigationLink

from . import selectors
from .bank_store import question_version_refresh
from .models import BankQuestion, CourseLevel, CoursePage, Role, RolloutBlocker, Skill

MISSING = "⚠ none"


@hooks.register("on_serve_page")
def require_sign_in_for_learning_pages(callback):
    """Curricula, courses and lessons are for signed-in people only.

    Anonymous visitors are sent to the login page and come back afterwards.
    Site search still lists these pages by title, so people can see what the
    academy offers before signing in.
    """

    def serve(page, request, serve_args, serve_kwargs):
        if getattr(page, "sign_in_required", False) and not (
            request.user.is_authenticated
        ):
            response = redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            add_never_cache_headers(response)
            return response
        return callback(page, request, serve_args, serve_kwargs)

    return serve


class HasRelatedFilterSet(WagtailFilterSet):
    """Base for "has at least one related X" yes/no filters."""

    related_name = ""

    def filter_has_related(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(**{f"{self.related_name}__isnull": False}).distinct()
        return queryset.filter(**{f"{self.related_name}__isnull": True})


class SkillFilterSet(HasRelatedFilterSet):
    related_name = "blocker_links"
    category = django_filters.ChoiceFilter(
        choices=lambda: [
            (category, category)
            for category in Skill.objects.order_by("category")
            .values_list("category", flat=True)
            .distinct()
            if category
        ],
    )
    has_blocker = django_filters.BooleanFilter(
        label="Mapped to a blocker", method="filter_has_related"
    )

    class Meta:
        model = Skill
        fields = ["category"]


class SkillViewSet(SnippetViewSet):
    model = Skill
    chooser_viewset_class = SnippetChooserWithoutCreation
    icon = "pick"
    menu_label = "Skills"
    list_display = [
        "name",
        "category",
        Column(
            "blockers",
            label="Rollout blockers",
            accessor=lambda skill: (
                ", ".join(
                    f"{link.blocker.name} ({link.weight})"
                    for link in skill.blocker_links.all()
                )
                or MISSING
            ),
        ),
        Column("course_count", label="Courses", accessor="course_count"),
    ]
    filterset_class = SkillFilterSet
    search_fields = ["name", "description", "category"]
    # A small list: plain database filtering, which also copes with the annotations.
    search_backend_name = None
    ordering = ["category", "name"]
    list_export = ["name", "slug", "category", "description"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return (
            Skill.objects.annotate(course_count=Count("course_links", distinct=True))
            .prefetch_related("blocker_links__blocker")
            .order_by("category", "name")
        )


class RolloutBlockerViewSet(SnippetViewSet):
    model = RolloutBlocker
    chooser_viewset_class = SnippetChooserWithoutCreation
    icon = "warning"
    menu_label = "Rollout blockers"
    list_display = [
        "name",
        "benchmark_percent",
        Column(
            "benchmark_source",
            label="Benchmark source",
            accessor="benchmark_source_listed",
        ),
        Column("skill_count", label="Skills mapped", accessor="skill_count"),
    ]
    search_fields = ["name", "description", "benchmark_source_title"]
    search_backend_name = None
    list_export = [
        "name",
        "slug",
        "benchmark_percent",
        "benchmark_source_title",
        "benchmark_source_publisher",
        "benchmark_source_year",
        "benchmark_source_url",
    ]
    copy_view_enabled = False

    def get_queryset(self, request):
        return RolloutBlocker.objects.annotate(
            skill_count=Count("skill_links", distinct=True)
        ).order_by("name")


class RoleViewSet(SnippetViewSet):
    model = Role
    chooser_viewset_class = SnippetChooserWithoutCreation
    icon = "user"
    menu_label = "Roles"
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    copy_view_enabled = False


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = "Taxonomy"
    menu_icon = "tag"
    menu_order = 250
    items = (SkillViewSet, RolloutBlockerViewSet, RoleViewSet)


register_snippet(TaxonomyViewSetGroup)


class BankQuestionFilterSet(WagtailFilterSet):
    class Meta:
        model = BankQuestion
        fields = ["kind", "status", "difficulty", "skills"]


class BankQuestionViewSet(SnippetViewSet):
    """The question bank: knowledge checks draw from its live questions."""

    model = BankQuestion
    chooser_viewset_class = SnippetChooserWithoutCreation
    icon = "help"
    menu_label = "Question bank"
    menu_order = 245
    add_to_admin_menu = True
    list_display = [
        "key",
        Column("stem", label="Question", accessor=lambda q: q.stem[:90]),
        "kind",
        "status",
        "difficulty",
        Column("version", label="Version"),
    ]
    filterset_class = BankQuestionFilterSet
    search_fields = ["stem", "key"]
    search_backend_name = None
    copy_view_enabled = False


register_snippet(BankQuestionViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def bank_question_version_after_save(request, instance):
    """A saved question gets its next version at once, so the admin shows it."""
    if isinstance(instance, BankQuestion):
        question_version_refresh(question_id=instance.pk)


class CourseFilterSet(PageFilterSet, HasRelatedFilterSet):
    related_name = "course_skills"
    level = django_filters.ChoiceFilter(choices=CourseLevel.choices)
    has_skills = django_filters.BooleanFilter(
        label="Teaches a skill", method="filter_has_related"
    )

    class Meta:
        model = CoursePage
        fields = ["level"]


class CourseIndexView(PageIndexView):
    def annotate_queryset(self, pages):
        return (
            super()
            .annotate_queryset(pages)
            .annotate(skill_count=Count("course_skills", distinct=True))
        )


class CourseListingViewSet(PageListingViewSet):
    model = CoursePage
    index_view_class = CourseIndexView
    icon = "doc-full-inverse"
    menu_label = "Course list"
    menu_order = 240
    add_to_admin_menu = True
    filterset_class = CourseFilterSet
    columns = [
        *PageIndexView.base_columns,
        Column("level", label="Level", accessor="get_level_display"),
        Column(
            "skill_count",
            label="Skills",
            accessor=lambda course: course.skill_count or MISSING,
        ),
    ]


@hooks.register("register_admin_viewset")
def register_course_listing():
    return CourseListingViewSet("course_list")


@hooks.register(NAVIGATION_HOOK)
def curricula_navigation(request) -> list[NavigationLink]:
    """Curricula, for everyone, once L&D has published the curricula index."""
    url = selectors.curricula_index_url()
    if url is None:
        return []
    return [NavigationLink(label="Curricula", url=url, order=NAV_ORDER_CURRICULA)]


@hooks.register("construct_homepage_panels")
def add_review_panel(request, panels):
    """Lessons past their yearly review, for L&D editors and Academy admins."""
    from .dashboard import dashboard_panels

    dashboard_panels(request, panels)
