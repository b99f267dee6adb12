"""Panels of the admin dashboard that the people and progress app knows about.

Registered through Wagtail's ``construct_homepage_panels`` hook; each panel shows
only what its reader may see and renders nothing when it has nothing to say.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from accounts import api as accounts_api
from courses import api as courses_api

from .models import CourseEnrolment, EnrolmentStatus, ImportStatus, RosterImport
from .roster.permissions import is_academy_admin

#: Roster imports this recent that failed or were interrupted are listed.
ATTENTION_DAYS = 14
TOP_COURSES = 5


def week_start(today=None):
    today = today or timezone.localdate()
    return today - timedelta(days=today.weekday())


class CompletionsThisWeekPanel(Component):
    """Course completions since Monday, and the courses most completed."""

    name = "completions_this_week"
    template_name = "learners/admin/dashboard_completions.html"
    order = 150

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        since = week_start()
        start = timezone.make_aware(datetime.combine(since, time.min))
        done = CourseEnrolment.objects.filter(
            status=EnrolmentStatus.COMPLETED, completed_at__gte=start
        )
        totals = done.aggregate(
            completions=Count("pk"), people=Count("learner", distinct=True)
        )
        rows = list(
            done.values("course_id")
            .annotate(
                n=Count("pk"),
                title=Subquery(
                    courses_api.course_title_query(course_id=OuterRef("course_id"))
                ),
            )
            .order_by("-n", "course_id")[:TOP_COURSES]
        )
        min_size = settings.ANALYTICS_MIN_GROUP_SIZE
        individuals = accounts_api.can_see_individuals(request.user)
        courses = [
            {
                "title": row["title"] or f"Course {row['course_id']}",
                "count": row["n"] if individuals or row["n"] >= min_size else None,
            }
            for row in rows
        ]
        return {
            "since": since,
            "completions": totals["completions"],
            "people": totals["people"],
            "courses": courses,
            "min_size": min_size,
            "analytics_url": reverse("analytics:dashboard"),
        }


class RosterImportsAttentionPanel(Component):
    """Recent roster imports that failed or stopped: someone should look."""

    name = "roster_imports_attention"
    template_name = "learners/admin/dashboard_roster.html"
    order = 140

    def get_context_data(self, parent_context):
        since = timezone.now() - timedelta(days=ATTENTION_DAYS)
        imports = list(
            RosterImport.objects.filter(
                status__in=(ImportStatus.FAILED, ImportStatus.INTERRUPTED),
                created_at__gte=since,
            )
            .select_related("created_by")
            .order_by("-created_at")[:10]
        )
        return {
            "imports": [
                {
                    "record": record,
                    "url": reverse("roster_imports:detail", args=[record.pk]),
                }
                for record in imports
            ],
            "days": ATTENTION_DAYS,
        }


def dashboard_panels(request, panels: list) -> None:
    user = request.user
    if accounts_api.can_view_analytics(user):
        panels.append(CompletionsThisWeekPanel())
    if user.is_superuser or is_academy_admin(user):
        panels.append(RosterImportsAttentionPanel())
    if accounts_api.user_in_groups(
        user,
        accounts_api.LD_EDITORS,
        accounts_api.LD_REVIEWERS,
        accounts_api.ACADEMY_ADMINS,
    ):
        panels.append(LessonFlagsPanel())


class LessonFlagsPanel(Component):
    """Lessons learners flagged as outdated or wrong: counts and notes, no names."""

    name = "lesson_flags"
    template_name = "learners/admin/dashboard_flags.html"
    order = 145

    def get_context_data(self, parent_context):
        from .services.flags import flag_summary

        return {"lessons": flag_summary()}
