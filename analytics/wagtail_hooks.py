"""AI initiatives in the Wagtail admin, for Academy admins and L&D editors."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.viewsets.model import ModelViewSet

from accounts import api as accounts_api
from core.hooks import (
    CHANGE_IMPACT_HOOK,
    HOME_SECTIONS_HOOK,
    NAV_ORDER_ANALYTICS,
    NAVIGATION_HOOK,
    NavigationLink,
)
from learners import api as learners_api

from .models import Initiative
from .sections import home_targets_section


class InitiativeViewSet(ModelViewSet):
    model = Initiative
    icon = "rocket"
    menu_label = "Initiatives"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "stage", "department", "owner", "target_go_live"]
    list_filter = ["stage"]
    search_fields = ["name", "description"]
    list_export = ["name", "stage", "department", "owner", "target_go_live"]
    export_filename = "initiatives"
    copy_view_enabled = False
    inspect_view_enabled = True

    @property
    def panels(self):
        # Built on first use: the choosers belong to the learners app's admin.
        person = learners_api.learner_chooser_widget()
        return [
            FieldPanel("name"),
            FieldPanel("description"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("stage"), FieldPanel("target_go_live")]),
                    FieldPanel(
                        "department", widget=learners_api.department_chooser_widget()
                    ),
                    FieldPanel("owner", widget=person),
                ],
                heading="Where and who",
            ),
            InlinePanel(
                "required_roles",
                heading="Required roles",
                label="Required role",
                help_text="For example: 1 production engineer, 1 AI product "
                "manager, 10 critical business users.",
                panels=[FieldRowPanel([FieldPanel("role"), FieldPanel("headcount")])],
            ),
            InlinePanel(
                "members",
                heading="Team",
                label="Team member",
                panels=[
                    FieldRowPanel(
                        [
                            FieldPanel("learner", widget=person),
                            FieldPanel("responsibility"),
                        ]
                    )
                ],
            ),
        ]

    def get_queryset(self, request):
        return Initiative.objects.select_related("department", "owner__user")


@hooks.register("register_admin_viewset")
def register_initiative_viewset():
    return InitiativeViewSet("initiatives")


@hooks.register(HOME_SECTIONS_HOOK)
def home_targets(request):
    return home_targets_section(request)


@hooks.register(NAVIGATION_HOOK)
def analytics_navigation(request) -> list[NavigationLink]:
    """Analytics, for the groups that see organisation figures."""
    user = getattr(request, "user", None)
    if user is None or not accounts_api.can_view_analytics(user):
        return []
    return [
        NavigationLink(
            label="Analytics",
            url=reverse("analytics:dashboard"),
            order=NAV_ORDER_ANALYTICS,
        )
    ]


@hooks.register("construct_homepage_panels")
def add_flagged_checks_panel(request, panels):
    """Checks whose questions the item analysis flags, for L&D and Academy admins."""
    from .dashboard import dashboard_panels

    dashboard_panels(request, panels)


@hooks.register(CHANGE_IMPACT_HOOK)
def change_impact_panel(request, *, course_id: int, learner_ids) -> str:
    """The organisation's curriculum completion and readiness, today and if the
    change's renewals are not made (aggregates only), from today's snapshot when
    it is current, else from the live records (``analytics.impact``)."""
    from django.template.loader import render_to_string

    from .impact import change_impact

    impact = change_impact(course_id=course_id, learner_ids=learner_ids)
    return render_to_string(
        "analytics/includes/change_impact.html", {"impact": impact}, request=request
    )
