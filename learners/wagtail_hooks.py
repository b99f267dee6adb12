"""People in the Wagtail admin, for Academy admins: departments and learners."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django_celery_beat.models import PeriodicTask
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.views.generic.models import CreateView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from core.hooks import (
    COURSE_PANELS_HOOK,
    HOME_SECTIONS_HOOK,
    KNOWLEDGE_CHECK_URL_HOOK,
    LESSON_PANELS_HOOK,
    LESSON_PROGRESS_HOOK,
    MATERIAL_CHANGE_HOOK,
    NAV_ORDER_COURSES,
    NAV_ORDER_MY_LEARNING,
    NAV_ORDER_MY_TEAM,
    NAVIGATION_HOOK,
    NavigationLink,
)
from courses import api as courses_api

from . import dashboard, selectors
from .certificates_admin import CertificateViewSet
from .choosers import department_chooser_viewset, learner_chooser_viewset
from .models import AuditEvent, Department, Learner, Target
from .people_admin import DepartmentDeleteView, LearnerDeactivateView, LearnerDeleteView
from .search import people_search
from .services import enrolment as enrolment_services


class DepartmentViewSet(ModelViewSet):
    model = Department
    delete_view_class = DepartmentDeleteView
    icon = "group"
    menu_label = "Departments"
    list_display = ["name", "parent", "hr_code", "updated_at"]
    list_filter = ["parent"]
    search_fields = ["name", "hr_code"]
    list_export = ["name", "parent", "hr_code"]
    export_filename = "departments"
    copy_view_enabled = False
    inspect_view_enabled = True
    panels = [
        FieldPanel("name"),
        FieldPanel("parent", widget=department_chooser_viewset.widget_class),
        FieldPanel("hr_code"),
    ]


class RoleAwareSaveMixin:
    """A role given in the admin is "set by hand" and enrols the person at once."""

    def save_instance(self):
        old_role_id = (
            Learner.objects.filter(pk=self.object.pk)
            .values_list("role_id", flat=True)
            .first()
            if self.object.pk
            else None
        )
        role_changed = self.object.role_id != old_role_id
        if role_changed and "role_set_by_hand" not in self.form.changed_data:
            self.object.role_set_by_hand = self.object.role_id is not None
        instance = super().save_instance()
        enrolment_services.learner_role_changed(
            learner=instance, old_role_id=old_role_id, actor=self.request.user
        )
        return instance


class LearnerCreateView(RoleAwareSaveMixin, CreateView):
    pass


class LearnerEditView(RoleAwareSaveMixin, EditView):
    pass


class LearnerIndexView(IndexView):
    """People search reads the learner's own search column (a trigram index on
    PostgreSQL), not Wagtail's search index: an import is searchable the moment
    it commits (learners/search.py)."""

    is_searchable = True

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "department", "role")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return people_search(queryset, self.search_query)


class LearnerViewSet(ModelViewSet):
    index_view_class = LearnerIndexView
    add_view_class = LearnerCreateView
    edit_view_class = LearnerEditView
    delete_view_class = LearnerDeleteView
    model = Learner
    icon = "user"
    menu_label = "Learners"
    list_display = ["__str__", "employee_id", "department", "role", "status"]
    list_filter = ["status", "role", "department"]
    list_export = [
        "employee_id",
        "__str__",
        "department",
        "job_title",
        "role",
        "status",
    ]
    export_filename = "learners"
    copy_view_enabled = False
    inspect_view_enabled = True
    panels = [
        FieldPanel("user"),
        FieldRowPanel([FieldPanel("employee_id"), FieldPanel("status")]),
        MultiFieldPanel(
            [
                FieldPanel(
                    "department", widget=department_chooser_viewset.widget_class
                ),
                FieldPanel("manager", widget=learner_chooser_viewset.widget_class),
                FieldPanel("job_title"),
                FieldRowPanel([FieldPanel("role"), FieldPanel("role_set_by_hand")]),
            ],
            heading="Organisation",
        ),
        FieldRowPanel([FieldPanel("location"), FieldPanel("hire_date")]),
        FieldPanel("reminder_emails"),
    ]

    def get_queryset(self, request):
        return Learner.objects.select_related("user", "department", "role")

    @property
    def deactivate_view(self):
        return self.construct_view(LearnerDeactivateView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                f"deactivate/<{self.pk_path_converter}:pk>/",
                self.deactivate_view,
                name="deactivate",
            ),
        ]


class PeopleViewSetGroup(ModelViewSetGroup):
    menu_label = "People"
    menu_icon = "group"
    menu_order = 300
    items = (DepartmentViewSet("departments"), LearnerViewSet("people"))


@hooks.register("register_admin_viewset")
def register_people_viewsets():
    return [PeopleViewSetGroup(), learner_chooser_viewset, department_chooser_viewset]


# --- Audit trail and reminder schedules (Academy admins) ----------------------------


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "history"
    menu_label = "Audit trail"
    list_display = ["created_at", "learner", "action", "summary", "actor"]
    list_filter = ["action", "created_at"]
    search_fields = ["summary", "learner__employee_id", "learner__user__last_name"]
    list_export = ["created_at", "learner", "action", "summary", "actor"]
    export_filename = "audit-trail"
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["summary"]  # Never edited: only the view permission is granted.

    def get_queryset(self, request):
        return AuditEvent.objects.select_related("learner__user", "actor")


class ReminderScheduleViewSet(ModelViewSet):
    model = PeriodicTask
    icon = "date"
    menu_label = "Reminder schedules"
    list_display = ["name", "task", "crontab", "enabled", "last_run_at"]
    list_filter = ["enabled"]
    search_fields = ["name", "task"]
    form_fields = ["enabled", "description"]
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_queryset(self, request):
        return PeriodicTask.objects.select_related("crontab")


class TargetViewSet(ModelViewSet):
    model = Target
    icon = "pick"
    menu_label = "Targets"
    list_display = ["name", "scope_label", "metric", "target_percent", "deadline"]
    list_filter = ["metric", "role"]
    search_fields = ["name"]
    copy_view_enabled = True
    inspect_view_enabled = True
    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel(
                    "department", widget=department_chooser_viewset.widget_class
                ),
                FieldPanel("role"),
            ],
            heading="Who counts",
        ),
        FieldRowPanel([FieldPanel("metric"), FieldPanel("target_percent")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("deadline")]),
    ]


class LearningRecordsViewSetGroup(ModelViewSetGroup):
    menu_label = "Learning records"
    menu_icon = "history"
    menu_order = 310
    items = (
        TargetViewSet("targets"),
        AuditEventViewSet("audit_trail"),
        CertificateViewSet("certificates"),
        ReminderScheduleViewSet("reminder_schedules"),
    )


@hooks.register("register_admin_viewset")
def register_learning_records_viewsets():
    return LearningRecordsViewSetGroup()


@hooks.register("before_delete_page")
def refuse_deleting_content_with_learning_history(request, page):
    """Deleting a course or curriculum would erase people's history: unpublish it."""
    if selectors.page_has_learning_history(page_id=page.pk):
        messages.error(
            request,
            f"“{page.title}” has learners' progress or certificates attached, so it "
            "cannot be deleted. Unpublish it instead: history stays and it disappears "
            "from the site.",
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


# --- Learning actions on the course pages --------------------------------------------


@hooks.register(KNOWLEDGE_CHECK_URL_HOOK)
def knowledge_check_posts_to_learners(lesson_id: int) -> str:
    """Knowledge checks are scored and stored as attempts by the learners app."""
    return reverse("learners:lesson_check", kwargs={"lesson_id": lesson_id})


@hooks.register(LESSON_PANELS_HOOK)
def lesson_progress_panel(request, lesson_id: int) -> str | None:
    learner = selectors.learner_for_user(user=request.user)
    if learner is None:
        return None
    lesson = courses_api.lesson_context(lesson_id)
    if lesson is None:
        return None
    progress = selectors.course_progress(
        learner=learner, course_id=lesson.course_id
    ).get(lesson_id)
    renewal = (
        progress
        if progress is not None
        and progress.completed_at
        and (progress.renewal_reason or progress.renewal_expired_on)
        else None
    )
    confirmation = (
        selectors.policy_confirmation_for(learner=learner, policy=lesson.attestation)
        if lesson.attestation
        else None
    )
    return render_to_string(
        "learners/includes/lesson_panel.html",
        {
            "lesson": lesson,
            "progress": progress,
            "confirmation": confirmation,
            "renewal": renewal,
        },
        request=request,
    )


@hooks.register(LESSON_PROGRESS_HOOK)
def lesson_progress_statuses(request, course_id: int) -> dict[int, str] | None:
    """The learner's status in each lesson of the course, for the outline beside
    a lesson (the same query the progress panel reads)."""
    learner = selectors.learner_for_user(user=request.user)
    if learner is None:
        return None
    return selectors.lesson_statuses(learner=learner, course_id=course_id)


@hooks.register(COURSE_PANELS_HOOK)
def course_enrolment_panel(request, course_id: int) -> str | None:
    learner = selectors.learner_for_user(user=request.user)
    if learner is None:
        return None
    return render_to_string(
        "learners/includes/course_panel.html",
        {
            "course_id": course_id,
            "state": selectors.course_state_for(learner=learner, course_id=course_id),
        },
        request=request,
    )


# --- The home page -------------------------------------------------------------------


@hooks.register(HOME_SECTIONS_HOOK, order=-10)
def home_my_learning(request) -> str | None:
    """A signed-in learner's next step, first thing on the home page."""
    if not request.user.is_authenticated:
        return None
    learner = selectors.learner_for_user(user=request.user)
    if learner is None:
        return None
    dashboard = selectors.my_learning(learner=learner)
    next_up = next((row for row in dashboard.in_progress if row.resume_url), None)
    return render_to_string(
        "learners/includes/home_my_learning.html",
        {
            "dashboard": dashboard,
            "next_up": next_up,
            "curricula_url": (
                courses_api.curricula_index_url() if dashboard.is_empty else None
            ),
        },
        request=request,
    )


# --- The header navigation ----------------------------------------------------------


@hooks.register(NAVIGATION_HOOK)
def learning_navigation(request) -> list[NavigationLink]:
    """Courses (the catalogue) and My learning for everyone signed in; My team
    for people with reports."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    links = [
        NavigationLink(
            label="Courses",
            url=reverse("learners:catalogue"),
            order=NAV_ORDER_COURSES,
        ),
        NavigationLink(
            label="My learning",
            url=reverse("learners:my_learning"),
            order=NAV_ORDER_MY_LEARNING,
        ),
    ]
    learner = selectors.learner_for_user(user=user)
    if learner is not None and selectors.learner_has_reports(learner):
        links.append(
            NavigationLink(
                label="My team",
                url=reverse("learners:my_team"),
                order=NAV_ORDER_MY_TEAM,
            )
        )
    return links


# Roster imports and assignment rules register their own admin screens.
from .roster import wagtail_hooks as roster_hooks  # noqa: F401, E402


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    """This week's completions (analytics readers) and roster imports that need a
    look (whoever may see them), beside Wagtail's pages awaiting review."""
    dashboard.dashboard_panels(request, panels)


# --- Material changes to lessons (ADR 0023) -----------------------------------------


@hooks.register(MATERIAL_CHANGE_HOOK)
def material_change_recorded(
    *,
    lesson_id,
    revision_id,
    reason,
    user,
    check_changed=False,
    assessment_lesson_ids=(),
) -> str | None:
    """A reviewer approved a lesson revision as material: record it (once per
    revision) and send the reviewer to its preview, where it is applied."""
    from .services.renewals import RenewalError, material_change_record

    try:
        change = material_change_record(
            lesson_id=lesson_id,
            revision_id=revision_id,
            reason=reason,
            actor=user,
            check_changed=check_changed,
            assessment_lesson_ids=assessment_lesson_ids,
        )
    except RenewalError:
        return None
    return reverse("learners:material_change", kwargs={"change_id": change.pk})


@hooks.register("register_log_actions")
def register_material_change_log_actions(actions):
    actions.register_action(
        "learners.material_change_undo",
        "Undo material change",
        "Undid a material change: nobody is asked to renew the lesson",
    )


@hooks.register("after_edit_page")
def material_change_preview_after_approval(request, page):
    """Approving from the editing screen: go to the change just recorded, so the
    reviewer sees its preview and applies it (Wagtail would show the explorer)."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import MaterialChange, MaterialChangeStatus

    # The page object here predates the publish: find the change by its lesson.
    change = (
        MaterialChange.objects.filter(
            lesson_id=page.pk,
            approved_by=request.user,
            status=MaterialChangeStatus.PENDING,
            queued_at__isnull=True,
            created_at__gte=timezone.now() - timedelta(minutes=5),
        )
        .order_by("-created_at")
        .first()
    )
    if change is None:
        return None
    return redirect("learners:material_change", change_id=change.pk)
