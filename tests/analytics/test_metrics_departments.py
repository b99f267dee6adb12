"""Tests for the department closure table."""

from __future__ import annotations

import pandas as pd

from analytics.metrics import department_paths
from analytics.metrics.columns import ANCESTOR_ID, DEPARTMENT_ID, DEPTH, NAME, PARENT_ID


def _departments(rows: list[tuple[int, int | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            DEPARTMENT_ID: pd.array([r[0] for r in rows], dtype="int64"),
            PARENT_ID: pd.array([r[1] for r in rows], dtype="Int64"),
            NAME: [f"dept {r[0]}" for r in rows],
        }
    )


def _pairs(paths: pd.DataFrame) -> set[tuple[int, int, int]]:
    return {
        (int(d), int(a), int(k))
        for d, a, k in zip(
            paths[DEPARTMENT_ID], paths[ANCESTOR_ID], paths[DEPTH], strict=True
        )
    }


def test_tree_lists_every_ancestor_with_its_depth() -> None:
    # 1 is the root; 2 and 3 are under 1; 4 is under 2.
    paths = department_paths(_departments([(1, None), (2, 1), (3, 1), (4, 2)]))
    assert _pairs(paths) == {
        (1, 1, 0),
        (2, 2, 0),
        (2, 1, 1),
        (3, 3, 0),
        (3, 1, 1),
        (4, 4, 0),
        (4, 2, 1),
        (4, 1, 2),
    }
    assert list(paths.columns) == [DEPARTMENT_ID, ANCESTOR_ID, DEPTH]
    assert (paths.dtypes == "int64").all()
    # Sorted by department then depth.
    assert list(paths[DEPARTMENT_ID]) == [1, 2, 2, 3, 3, 4, 4, 4]
    assert list(paths[DEPTH].iloc[-3:]) == [0, 1, 2]


def test_unknown_parent_ends_the_chain() -> None:
    # 5's parent 99 is not listed: 5 is effectively a root.
    paths = department_paths(_departments([(5, 99), (6, 5)]))
    assert _pairs(paths) == {(5, 5, 0), (6, 6, 0), (6, 5, 1)}


def test_cycle_terminates_and_lists_each_pair_once() -> None:
    # 1 -> 2 -> 3 -> 1 is a cycle; 4 hangs under 3; 7 is its own parent.
    paths = department_paths(_departments([(1, 2), (2, 3), (3, 1), (4, 3), (7, 7)]))
    pairs = _pairs(paths)
    assert not paths.duplicated([DEPARTMENT_ID, ANCESTOR_ID]).any()
    # Every member of the cycle reaches the two others at depth 1 and 2.
    assert {(1, 2, 1), (1, 3, 2), (2, 3, 1), (2, 1, 2), (3, 1, 1), (3, 2, 2)} <= pairs
    assert {(4, 3, 1), (4, 1, 2), (4, 2, 3)} <= pairs
    assert {(d, a, k) for d, a, k in pairs if d == 7} == {(7, 7, 0)}
    # 3 self rows + 6 cycle rows + 4 (itself and three ancestors) + 7 (itself).
    assert len(paths) == 3 + 6 + 4 + 1


def test_empty_organisation() -> None:
    paths = department_paths(_departments([]))
    assert paths.empty
    assert list(paths.columns) == [DEPARTMENT_ID, ANCESTOR_ID, DEPTH]


def test_input_is_not_modified() -> None:
    departments = _departments([(1, None), (2, 1)])
    before = departments.copy()
    department_paths(departments)
    pd.testing.assert_frame_equal(departments, before)
