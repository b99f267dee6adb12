"""Analytics shown outside the analytics pages: the home page's target section.

Everyone signed in sees the organisation-wide targets (an aggregate over the
whole organisation, with small groups hidden). People who may see analytics
(L&D editors, Academy admins, Leadership) also see every other target and the
departments furthest from the target. Figures come from the latest snapshot, in
a fixed number of queries whatever the size of the organisation.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from accounts import api as accounts_api

from . import presenters, selectors
from .metrics.columns import DEPARTMENT_ID, ROLE_ID
from .permissions import audience_for, can_refresh

#: Departments listed on the home page; the overview lists them all.
HOME_DEPARTMENTS = 8


def home_targets_section(request) -> str | None:
    user = request.user
    if not user.is_authenticated:
        return None
    analyst = accounts_api.can_view_analytics(user)
    snapshot = selectors.snapshot_current()
    if snapshot is None and not analyst:
        return None
    context = {
        "snapshot": snapshot,
        "can_refresh": can_refresh(user),
    }
    if snapshot is not None:
        tables = selectors.snapshot_tables(
            snapshot=snapshot, names=("targets", "departments")
        )
        targets = tables["targets"]
        total = int(snapshot.summary.get("population", 0))
        if not analyst:
            whole = targets[DEPARTMENT_ID].isna() & targets[ROLE_ID].isna()
            targets = targets.loc[whole.to_numpy(bool)]
            if targets.empty:
                return None
        audience = audience_for(user)
        context["cards"] = presenters.target_cards(
            targets,
            audience,
            today=snapshot.as_of,
            departments=tables["departments"],
            total=total,
        )
        if analyst:
            context["departments"] = presenters.departments_by_gap(
                tables["departments"],
                audience,
                total=total,
                target_percent=snapshot.summary.get("target_percent"),
                limit=HOME_DEPARTMENTS,
            )
    return render_to_string(
        "analytics/includes/home_targets.html", context, request=request
    )
