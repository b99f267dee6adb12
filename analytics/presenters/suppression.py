"""Hiding the figures of small groups, the same way in every table."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analytics.metrics.columns import (
    DEPARTMENT_ID,
    PARENT_ID,
)
from analytics.presenters.tables import is_missing
from analytics.privacy import Audience

HIDDEN_NOTE = "Hidden: fewer than {n} people"
NO_DATA_NOTE = "No data: nobody here needs these skills"


def hide(row: dict, keys: Iterable[str], audience: Audience) -> dict:
    for key in keys:
        row[key] = None
    row["suppressed"] = True
    row["note"] = HIDDEN_NOTE.format(n=audience.min_group_size)
    return row


def department_parents(departments: pd.DataFrame) -> dict[int, int | None]:
    return {
        int(d): (None if is_missing(p) else int(p))
        for d, p in zip(departments[DEPARTMENT_ID], departments[PARENT_ID], strict=True)
    }
