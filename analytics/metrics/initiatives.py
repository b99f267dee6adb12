"""Initiative readiness: are the people an AI initiative needs trained?"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from analytics.metrics._frames import active_learners, int_ids, nullable_ids, with_role
from analytics.metrics.columns import (
    BELOW_BENCHMARK,
    BENCHMARK,
    BLOCKER_ID,
    COUNTED,
    CURRICULUM_COMPLETED,
    DEPARTMENT_ID,
    FILLED,
    HAS_ROLES,
    HEADCOUNT,
    INITIATIVE_ID,
    LEARNER_ID,
    MEMBERS,
    NAME,
    OPEN_BLOCKER_COUNT,
    OPEN_BLOCKERS,
    READINESS,
    ROLE_ID,
    STAGE,
)
from analytics.metrics.completion import learner_completion

_SHORT = "_short"


class InitiativeReadiness(NamedTuple):
    """The two frames returned by ``initiative_readiness``."""

    roles_status: pd.DataFrame
    summary: pd.DataFrame


def initiative_readiness(
    initiatives: pd.DataFrame,
    initiative_roles: pd.DataFrame,
    initiative_members: pd.DataFrame,
    learners: pd.DataFrame,
    enrolments: pd.DataFrame,
    curriculum_courses: pd.DataFrame,
    readiness: pd.DataFrame,
    *,
    organisation_readiness: pd.DataFrame | None = None,
    completion: pd.DataFrame | None = None,
) -> InitiativeReadiness:
    """Return staffing readiness per initiative role and per initiative.

    ``roles_status``: one row per (initiative, required role) of a listed
    initiative, with columns [initiative_id, role_id, headcount, members, filled,
    counted, readiness]:

    - ``members``: named members who are in the active population and hold that
      role (leavers never count; a member with another role or no role fills
      nothing).
    - ``filled``: of those, members who completed the role's curriculum (the
      "curriculum" definition of ``learner_completion``).
    - ``counted`` = min(filled, headcount): extra trained people do not make up
      for another role.
    - ``readiness`` = counted / headcount; 1.0 for a headcount of 0 (nothing is
      needed). Repeated rows for the same role add their headcounts.

    ``summary``: one row per initiative, with columns [initiative_id, name,
    department_id, stage, headcount, filled, readiness, has_roles, open_blockers,
    open_blocker_count]:

    - ``headcount`` and ``filled`` sum ``headcount`` and ``counted`` over roles;
      ``readiness`` = filled / headcount. An initiative with no required headcount
      has ``has_roles`` False and readiness 0.0 (a placeholder, not a score).
    - ``open_blockers``: list of blocker ids whose readiness in the initiative's
      department is below the blocker's benchmark (0.5 when it has none), most
      short of its benchmark first. Taken from ``readiness`` (a
      ``department_readiness`` frame, normally rolled up over subtrees); blockers
      without data there are not listed, since there is no evidence of a gap. An
      initiative with no department uses ``organisation_readiness`` when given,
      otherwise it lists none.

    ``completion`` may be the output of ``learner_completion`` for the same frames,
    to share it between several metrics; ``enrolments`` and ``curriculum_courses``
    are then not read.
    """
    listed = initiatives.drop_duplicates(INITIATIVE_ID)
    listed = listed.assign(
        **{
            INITIATIVE_ID: int_ids(listed[INITIATIVE_ID]),
            DEPARTMENT_ID: nullable_ids(listed[DEPARTMENT_ID]),
        }
    )
    if completion is None:
        completion = learner_completion(learners, enrolments, curriculum_courses)
    roles = _roles_status(
        listed, initiative_roles, initiative_members, learners, completion
    )

    totals = roles.groupby(INITIATIVE_ID)[[HEADCOUNT, COUNTED]].sum()
    totals = totals.reindex(listed[INITIATIVE_ID].to_numpy(), fill_value=0)
    headcount = totals[HEADCOUNT].to_numpy("int64")
    filled = totals[COUNTED].to_numpy("int64")
    has_roles = headcount > 0
    blockers = _open_blockers(listed, readiness, organisation_readiness)
    open_lists = blockers.reindex(listed[INITIATIVE_ID].to_numpy())
    # Initiatives without open blockers get an empty list, never NaN.
    open_lists = [value if isinstance(value, list) else [] for value in open_lists]

    summary = pd.DataFrame(
        {
            INITIATIVE_ID: listed[INITIATIVE_ID].to_numpy(),
            NAME: listed[NAME].to_numpy(),
            DEPARTMENT_ID: listed[DEPARTMENT_ID].array,
            STAGE: listed[STAGE].to_numpy(),
            HEADCOUNT: headcount,
            FILLED: filled,
            READINESS: np.where(
                has_roles, filled / np.where(has_roles, headcount, 1), 0.0
            ),
            HAS_ROLES: has_roles,
            OPEN_BLOCKERS: pd.Series(open_lists, dtype=object).to_numpy(),
            OPEN_BLOCKER_COUNT: np.array([len(v) for v in open_lists], dtype="int64"),
        }
    )
    return InitiativeReadiness(
        roles_status=roles,
        summary=summary.sort_values(INITIATIVE_ID, ignore_index=True),
    )


def _roles_status(
    listed: pd.DataFrame,
    initiative_roles: pd.DataFrame,
    initiative_members: pd.DataFrame,
    learners: pd.DataFrame,
    completion: pd.DataFrame,
) -> pd.DataFrame:
    """Build the ``roles_status`` frame (see ``initiative_readiness``)."""
    roles = initiative_roles[[INITIATIVE_ID, ROLE_ID, HEADCOUNT]].dropna()
    roles = roles.astype({INITIATIVE_ID: "int64", ROLE_ID: "int64", HEADCOUNT: "int64"})
    roles = roles.loc[roles[INITIATIVE_ID].isin(listed[INITIATIVE_ID]).to_numpy(bool)]
    roles = roles.assign(**{HEADCOUNT: roles[HEADCOUNT].clip(lower=0)})
    roles = roles.groupby([INITIATIVE_ID, ROLE_ID], as_index=False)[HEADCOUNT].sum()

    members = initiative_members[[INITIATIVE_ID, LEARNER_ID]].dropna().astype("int64")
    members = members.drop_duplicates()
    # Narrow the (large) learner and completion frames to named members first.
    named = learners.loc[learners[LEARNER_ID].isin(members[LEARNER_ID]).to_numpy(bool)]
    people = with_role(active_learners(named))[[LEARNER_ID, ROLE_ID]]
    done = completion.loc[
        completion[LEARNER_ID].isin(people[LEARNER_ID]).to_numpy(dtype=bool),
        [LEARNER_ID, CURRICULUM_COMPLETED],
    ]
    people = people.merge(done, on=LEARNER_ID)
    members = members.merge(people, on=LEARNER_ID)
    staffed = members.groupby([INITIATIVE_ID, ROLE_ID]).agg(
        **{
            MEMBERS: (LEARNER_ID, "size"),
            FILLED: (CURRICULUM_COMPLETED, "sum"),
        }
    )
    roles = roles.merge(staffed, on=[INITIATIVE_ID, ROLE_ID], how="left")
    headcount = roles[HEADCOUNT].to_numpy("int64")
    filled = roles[FILLED].fillna(0).to_numpy("int64")
    counted = np.minimum(filled, headcount)
    return pd.DataFrame(
        {
            INITIATIVE_ID: roles[INITIATIVE_ID].to_numpy("int64"),
            ROLE_ID: roles[ROLE_ID].to_numpy("int64"),
            HEADCOUNT: headcount,
            MEMBERS: roles[MEMBERS].fillna(0).to_numpy("int64"),
            FILLED: filled,
            COUNTED: counted,
            READINESS: np.where(
                headcount > 0, counted / np.where(headcount > 0, headcount, 1), 1.0
            ),
        }
    ).sort_values([INITIATIVE_ID, ROLE_ID], ignore_index=True)


def _open_blockers(
    listed: pd.DataFrame,
    readiness: pd.DataFrame,
    organisation_readiness: pd.DataFrame | None,
) -> pd.Series:
    """Return a Series of blocker-id lists indexed by initiative (open ones only)."""
    below = readiness.loc[readiness[BELOW_BENCHMARK].to_numpy(bool)]
    placed = listed.loc[listed[DEPARTMENT_ID].notna(), [INITIATIVE_ID, DEPARTMENT_ID]]
    placed = placed.astype({DEPARTMENT_ID: "int64"})
    found = [placed.merge(below, on=DEPARTMENT_ID)]
    if organisation_readiness is not None:
        unplaced = listed.loc[listed[DEPARTMENT_ID].isna(), [INITIATIVE_ID]]
        org_below = organisation_readiness.loc[
            organisation_readiness[BELOW_BENCHMARK].to_numpy(bool)
        ]
        found.append(unplaced.merge(org_below, how="cross"))
    rows = pd.concat(found, ignore_index=True)
    rows = rows.assign(
        **{_SHORT: rows[BENCHMARK].to_numpy() - rows[READINESS].to_numpy()}
    )
    rows = rows.sort_values(
        [INITIATIVE_ID, _SHORT, BLOCKER_ID], ascending=[True, False, True]
    )
    # tolist() gives plain ints, which is what templates and JSON expect.
    return rows.groupby(INITIATIVE_ID)[BLOCKER_ID].agg(lambda ids: ids.tolist())
