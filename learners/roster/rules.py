"""Assignment rules as pure data: which role a job title and a department give.

Rules are tried in order; the first active rule whose job-title pattern *and*
department subtree both match gives its role. Matching is done once per distinct
(job title, department) pair, so 100,000 people with a few thousand titles cost a few
thousand string tests per rule. No Django here: the services load the rules and the
department tree, the admin previews and the import all call :func:`roles_from_rules`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

CONTAINS = "contains"
REGEX = "regex"


@dataclass(frozen=True)
class RuleSpec:
    """One rule, detached from the database (``id`` is None for an unsaved rule)."""

    id: int | None
    name: str
    match_type: str
    job_title_pattern: str
    department_id: int | None
    role_id: int

    def title_mask(self, titles: pd.Series) -> pd.Series:
        """Which of ``titles`` (distinct, plain ``str``) this rule's pattern matches."""
        pattern = self.job_title_pattern.strip()
        if not pattern:
            return pd.Series(True, index=titles.index)
        if self.match_type == REGEX:
            # One search per distinct title; a compiled pattern also avoids pandas'
            # warning about groups in patterns like "product (manager|owner)".
            search = re.compile(pattern, re.IGNORECASE).search
            found = titles.map(lambda title: search(title) is not None)
        else:
            found = titles.str.casefold().str.contains(pattern.casefold(), regex=False)
        return found.fillna(False).astype(bool)


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` is not a usable regular expression, or None when it is."""
    try:
        re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        return f"This is not a valid regular expression: {exc}."
    return None


def department_subtrees(parents: Mapping[int, int | None]) -> dict[int, frozenset[int]]:
    """Map each department id to the ids of itself and everything below it.

    ``parents`` maps department id -> parent id (None at the top). A loop in the data
    (which the models forbid) cannot make this run forever: each walk stops at a
    department it has already seen.
    """
    children: dict[int, list[int]] = defaultdict(list)
    for child, parent in parents.items():
        if parent is not None:
            children[parent].append(child)
    subtrees: dict[int, frozenset[int]] = {}
    for root in parents:
        seen = {root}
        stack = [root]
        while stack:
            for child in children.get(stack.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        subtrees[root] = frozenset(seen)
    return subtrees


def roles_from_rules(
    people: pd.DataFrame,
    rules: Sequence[RuleSpec],
    subtrees: Mapping[int, frozenset[int]],
) -> pd.DataFrame:
    """The role (and rule) each person gets from ``rules``, in order.

    ``people`` needs ``job_title`` (str) and ``department_id`` (int or None/NaN)
    columns. Returns a frame on the same index with ``role_id`` and ``rule_id``
    (both object dtype: an int, or None when no rule matches; ``rule_id`` is also
    None for an unsaved rule). A rule naming a department matches people in that
    department or any department below it; a department unknown to ``subtrees``
    matches only itself.
    """
    titles = people["job_title"].fillna("").astype(str).astype(object)
    departments = people["department_id"].astype(object)
    departments = departments.where(departments.notna(), None)
    # One test per distinct (title, department) pair; results are spread back.
    keys = titles + "\x1f" + departments.map(str)
    codes, _ = pd.factorize(keys)
    # factorize numbers pairs in order of appearance, so np.unique's first
    # positions line up with codes 0, 1, 2...
    first = np.unique(codes, return_index=True)[1]
    distinct = pd.DataFrame(
        {
            "title": titles.to_numpy()[first],
            "department": departments.to_numpy()[first],
        }
    )
    role = np.full(len(distinct), None, dtype=object)
    rule = np.full(len(distinct), None, dtype=object)
    open_rows = np.ones(len(distinct), dtype=bool)
    title_codes, distinct_titles = pd.factorize(distinct["title"])
    title_values = pd.Series(np.asarray(distinct_titles, dtype=object), dtype=object)
    for spec in rules:
        if not open_rows.any():
            break
        matches = spec.title_mask(title_values).to_numpy()[title_codes]
        if spec.department_id is not None:
            within = subtrees.get(spec.department_id, frozenset({spec.department_id}))
            matches &= distinct["department"].isin(list(within)).to_numpy()
        chosen = open_rows & matches
        role[chosen] = spec.role_id
        rule[chosen] = spec.id
        open_rows &= ~chosen
    return pd.DataFrame(
        {"role_id": role.take(codes), "rule_id": rule.take(codes)},
        index=people.index,
    )


def role_for_person(
    *,
    job_title: str,
    department_id: int | None,
    rules: Sequence[RuleSpec],
    parents: Mapping[int, int | None],
) -> tuple[int | None, int | None]:
    """(role id, rule id) that ``rules`` give one person; (None, None) when none
    matches. The same decision as :func:`roles_from_rules`, without a frame: one
    person provisioned at a time should not pay for pandas. ``parents`` maps
    department id -> parent id."""
    within: set[int] = set()
    node = department_id
    while node is not None and node not in within:
        within.add(node)
        node = parents.get(node)
    title = job_title or ""
    for spec in rules:
        pattern = spec.job_title_pattern.strip()
        if not pattern:
            matches = True
        elif spec.match_type == REGEX:
            matches = re.search(pattern, title, re.IGNORECASE) is not None
        else:
            matches = pattern.casefold() in title.casefold()
        if matches and spec.department_id is not None:
            matches = spec.department_id in within
        if matches:
            return spec.role_id, spec.id
    return None, None
