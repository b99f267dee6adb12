"""Department hierarchy as a closure table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.metrics._frames import nullable_ids, positions
from analytics.metrics.columns import ANCESTOR_ID, DEPARTMENT_ID, DEPTH, PARENT_ID


def department_paths(departments: pd.DataFrame) -> pd.DataFrame:
    """Return the closure table of the department tree.

    One row per (department, ancestor) pair, including the department itself at
    ``depth`` 0, its parent at depth 1 and so on up to the root. Columns:
    ``department_id``, ``ancestor_id``, ``depth`` (all int64), sorted by department
    then depth.

    The table is built one level at a time: every path found so far is extended
    by one parent in a single vectorised lookup, so the number of steps is the
    depth of the tree, never the number of departments. A parent that is not
    itself listed ends the chain (there is nothing to roll up into). A cycle (a
    department that is its own ancestor) cannot loop forever: a pair already found
    is not extended again, and there are at most as many levels as departments.
    """
    listed = departments.drop_duplicates(DEPARTMENT_ID)
    ids = listed[DEPARTMENT_ID].to_numpy(dtype="int64")
    n = len(ids)
    parents = nullable_ids(listed[PARENT_ID])
    # Parent as a row position; -1 for a root or an unknown parent.
    parent_row = positions(ids, parents.to_numpy(dtype="int64", na_value=0))
    parent_row[parents.isna().to_numpy(dtype=bool)] = -1

    child = np.arange(n)
    ancestor = np.arange(n)
    found = [(child, ancestor, 0)]
    # Row positions are < n, so child * n + ancestor identifies a pair exactly.
    seen = child * n + ancestor
    for depth in range(1, n + 1):
        ancestor = parent_row[ancestor]
        up = ancestor >= 0
        child, ancestor = child[up], ancestor[up]
        new = ~np.isin(child * n + ancestor, seen)
        child, ancestor = child[new], ancestor[new]
        if len(child) == 0:
            break
        found.append((child, ancestor, depth))
        seen = np.concatenate([seen, child * n + ancestor])

    paths = pd.DataFrame(
        {
            DEPARTMENT_ID: np.concatenate([ids[c] for c, _, _ in found]),
            ANCESTOR_ID: np.concatenate([ids[a] for _, a, _ in found]),
            DEPTH: np.concatenate([np.full(len(c), d) for c, _, d in found]),
        }
    ).astype("int64")
    return paths.sort_values([DEPARTMENT_ID, DEPTH], ignore_index=True)
