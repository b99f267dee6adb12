"""The admin dashboard's panel from the item analysis: checks with flagged questions.

For L&D editors and Academy admins (who may open the item analysis report); the
report reads its rows in four queries whatever their number.
"""

from __future__ import annotations

from django.urls import reverse
from wagtail.admin.ui.components import Component

from . import item_analysis
from .permissions import can_refresh

#: At most this many checks are listed, the most flagged first.
LISTED = 5


class FlaggedChecksPanel(Component):
    name = "flagged_checks"
    template_name = "analytics/admin/dashboard_flagged_checks.html"
    order = 170

    def get_context_data(self, parent_context):
        _questions, checks = item_analysis.item_report()
        flagged = checks[checks["flagged"] > 0].sort_values(
            ["flagged", "check"], ascending=[False, True]
        )
        return {
            "count": len(flagged),
            "questions": int(flagged["flagged"].sum()) if len(flagged) else 0,
            "checks": flagged.head(LISTED).to_dict("records"),
            "items_url": reverse("analytics:items"),
        }


def dashboard_panels(request, panels: list) -> None:
    user = request.user
    if user.is_superuser or can_refresh(user):
        panels.append(FlaggedChecksPanel())
