"""The admin dashboard's panel for content owners: lessons past their review date.

Registered through Wagtail's ``construct_homepage_panels`` hook, for L&D editors
and Academy admins; two queries however many lessons are due.
"""

from __future__ import annotations

from wagtail.admin.ui.components import Component

from accounts import api as accounts_api

from .reviews import lessons_past_review, lessons_past_review_count

#: The oldest this many are listed; the count covers them all.
LISTED = 5


def can_see_review_panel(user) -> bool:
    return user.is_superuser or accounts_api.user_in_groups(
        user, accounts_api.LD_EDITORS, accounts_api.ACADEMY_ADMINS
    )


class LessonsPastReviewPanel(Component):
    name = "lessons_past_review"
    template_name = "courses/admin/dashboard_reviews.html"
    order = 160

    def get_context_data(self, parent_context):
        return {
            "count": lessons_past_review_count(),
            "lessons": lessons_past_review(limit=LISTED),
        }


def dashboard_panels(request, panels: list) -> None:
    if can_see_review_panel(request.user):
        panels.append(LessonsPastReviewPanel())
