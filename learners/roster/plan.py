"""Work out what an import would change: the dry run, computed without writing.

Input: the reader's result (accepted rows and their problems) and a snapshot of the
academy (:class:`AcademyState`, loaded in one query per table). Output: an
:class:`ImportPlan` with, for every accepted row, its final values and what changes,
plus the people a full import deactivates, the departments it creates, every problem
and the counts. The same plan is shown as the preview and then written by
``writer.py`` inside one transaction, so what the preview says is what Apply does.

Pure pandas: no Django, no I/O. Work is vectorised or one dict lookup per row; only
small sets (departments, manager loops, examples) get Python loops of their own.

Rules for each field of a person already in the academy:

* a column the file does not have leaves that field alone;
* a blank cell in a column the file has clears the field (HR said "none"), except
  the role column, where blank means "no opinion": rules or the current role decide;
* a role named in the file (by name or slug, any case) wins and is marked as set by
  hand, so the rules will not undo it; otherwise a role set by hand is kept;
  otherwise the first matching active rule decides (no match: no role); with no
  active rule at all, roles stay as they are. Leavers keep their role;
* the account follows the status: leaving deactivates it, coming back reactivates
  it; the person running the import and superusers are never locked out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

import numpy as np
import pandas as pd

from learners.roster.managers import manager_cycles
from learners.roster.problems import RosterProblem
from learners.roster.reader import (
    RosterReadResult,
    name_key,
    name_keys,
    unknown_managers,
)
from learners.roster.rules import RuleSpec, department_subtrees, roles_from_rules

LEFT = "left"

#: Counts every plan reports, in the order people read them.
COUNT_LABELS: Final[dict[str, str]] = {
    "created": "New people",
    "updated": "People updated",
    "unchanged": "Unchanged",
    "moved": "Moved department",
    "manager_changed": "Manager changed",
    "role_changed": "Role changed",
    "deactivated": "Deactivated (left)",
    "reactivated": "Reactivated",
    "rejected": "Rows rejected",
    "warnings": "Warnings",
    "departments_created": "New departments",
}
#: Change counts: all zero when an import changes nothing.
CHANGE_COUNTS: Final[tuple[str, ...]] = (
    "created",
    "updated",
    "moved",
    "manager_changed",
    "role_changed",
    "deactivated",
    "reactivated",
    "departments_created",
)
#: People listed by name per category, in the preview and the history.
EXAMPLES_PER_CATEGORY = 100

PEOPLE_COLUMNS: Final[tuple[str, ...]] = (
    "learner_id",
    "employee_id",
    "user_id",
    "email",
    "first_name",
    "last_name",
    "is_active",
    "is_superuser",
    "department_id",
    "manager_id",
    "job_title",
    "role_id",
    "role_set_by_hand",
    "status",
    "location",
    "hire_date",
)
ACCOUNT_COLUMNS: Final[tuple[str, ...]] = ("user_id", "email", "is_superuser")
DEPARTMENT_COLUMNS: Final[tuple[str, ...]] = ("id", "name", "parent_id", "hr_code")
ROLE_COLUMNS: Final[tuple[str, ...]] = ("id", "name", "slug")

# Fields compared for "did this person change"; each has a <name>_changed column.
_LEARNER_FIELDS = (
    "department_id",
    "manager_employee_id",
    "job_title",
    "role_id",
    "role_set_by_hand",
    "status",
    "location",
    "hire_date",
)
_USER_FIELDS = ("email", "first_name", "last_name")
CHANGE_LABELS = {
    "email": "email",
    "first_name": "first name",
    "last_name": "last name",
    "department_id": "department",
    "manager_employee_id": "manager",
    "job_title": "job title",
    "role_id": "role",
    "role_set_by_hand": "role set by hand",
    "status": "status",
    "location": "location",
    "hire_date": "hire date",
}
_STATUS_LABELS = {"active": "Active", "on_leave": "On leave", "left": "Left"}


def _frame(columns: Iterable[str], rows: Iterable[Sequence[Any]] = ()) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(columns), dtype=object)


@dataclass(frozen=True, eq=False)
class AcademyState:
    """The academy as the import sees it (see the ``*_COLUMNS`` constants).

    ``people`` has one row per learner joined with their account; ``accounts`` are
    user accounts without a learner (staff set up before HR sent their file);
    ``rules`` are the active assignment rules, in order.
    """

    people: pd.DataFrame = field(default_factory=lambda: _frame(PEOPLE_COLUMNS))
    accounts: pd.DataFrame = field(default_factory=lambda: _frame(ACCOUNT_COLUMNS))
    departments: pd.DataFrame = field(
        default_factory=lambda: _frame(DEPARTMENT_COLUMNS)
    )
    roles: pd.DataFrame = field(default_factory=lambda: _frame(ROLE_COLUMNS))
    rules: tuple[RuleSpec, ...] = ()


@dataclass(frozen=True, eq=False)
class ImportPlan:
    """Everything an import would do; ``writer.plan_apply`` does exactly this.

    ``rows``: one row per accepted person with final values (ids as Python ints or
    None; new departments as negative placeholders listed in ``new_departments``),
    ``is_new``, ``learner_id``/``user_id`` (None when to be created), ``set_active``
    (True/False to change the account, None to leave it), a ``<field>_changed``
    column per compared field, ``changed`` and ``old_<field>`` values for the audit
    trail. ``missing``: people a full import deactivates.
    """

    rows: pd.DataFrame
    missing: pd.DataFrame
    new_departments: pd.DataFrame
    problems: list[RosterProblem]
    counts: dict[str, int]
    examples: dict[str, list[dict[str, str]]]
    fields: frozenset[str]
    column_map: dict[str, str]
    unknown_columns: list[str]
    total_rows: int
    #: employee id -> learner id for everyone already in the academy (managers
    #: outside the file are linked through it).
    learner_ids: dict[str, int] = field(default_factory=dict)
    #: role id -> name, for messages.
    role_names: dict[int, str] = field(default_factory=dict)

    @property
    def has_changes(self) -> bool:
        return any(self.counts[name] for name in CHANGE_COUNTS)

    def summary(self) -> dict[str, Any]:
        """JSON for the import's history: counts, examples and columns."""
        return {
            "counts": dict(self.counts),
            "examples": self.examples,
            "column_map": self.column_map,
            "unknown_columns": self.unknown_columns,
            "new_departments": self.new_departments["name"].tolist(),
            "total_rows": self.total_rows,
        }


def _flags(values: pd.Series) -> np.ndarray:
    """Booleans, False where missing."""
    return values.fillna(False).astype(bool).to_numpy()


def _ids(values: pd.Series) -> pd.Series:
    """Integer ids as Python ints, None where missing (object dtype)."""
    present = values.notna().to_numpy()
    out = np.full(len(values), None, dtype=object)
    out[present] = [int(value) for value in values.to_numpy()[present]]
    return pd.Series(out, index=values.index, dtype=object)


def _objects(values: pd.Series, missing: Any = None) -> pd.Series:
    """Plain Python values, ``missing`` where pandas has NaN/None/NaT."""
    out = values.to_numpy(dtype=object).copy()
    out[pd.isna(values).to_numpy()] = missing
    return pd.Series(out, index=values.index, dtype=object)


def _differs(new: pd.Series, old: pd.Series) -> np.ndarray:
    """Elementwise ``!=`` on plain values (pandas would call None != None True)."""
    return np.fromiter(
        (a != b for a, b in zip(new.to_numpy(), old.to_numpy(), strict=True)),
        dtype=bool,
        count=len(new),
    )


def _problem(row: int | None, employee_id: str, level: str, message: str):
    return RosterProblem(row=row, employee_id=employee_id, level=level, message=message)


def _department_key(name: str) -> str:
    return " ".join(str(name).split()).casefold()


#: Separators of a department path in HR exports: "Technology > Data > Platform",
#: "People | Learning", "Technology / Data" (and "›", as the academy shows paths).
_PATH_SEPARATOR = re.compile(r"\s*[>|/›]\s*")


def department_path(text: str) -> list[str]:
    """The parts of a department path, top first; one part for a plain name."""
    parts = [" ".join(part.split()) for part in _PATH_SEPARATOR.split(str(text))]
    parts = [part for part in parts if part]
    return parts or [str(text)]


@dataclass
class _Departments:
    ids: pd.Series
    new: pd.DataFrame
    problems: list[RosterProblem]


def _depths(parents: dict[int, int | None]) -> dict[int, int]:
    depth: dict[int, int] = {}
    for department_id in parents:
        node, steps, seen = department_id, 0, set()
        while parents.get(node) is not None and node not in seen:
            seen.add(node)
            node, steps = parents[node], steps + 1
        depth[department_id] = steps
    return depth


def _resolve_departments(
    rows: pd.DataFrame, current: pd.Series, departments: pd.DataFrame
) -> _Departments:
    """Department id per row: by name anywhere in the tree, then by HR code.

    A name used by several departments (Support under IT and under Operations) keeps
    people already in one of them where they are and puts others in the highest one
    (lowest id on a tie), with one warning per name. Unknown names become new
    top-level departments, numbered -1, -2... until the writer creates them.
    """
    parents = dict(
        zip(
            _ids(departments["id"]).tolist(),
            _ids(departments["parent_id"]).tolist(),
            strict=True,
        )
    )
    depth = _depths(parents)
    names = dict(zip(parents, departments["name"].astype(str).tolist(), strict=True))
    by_name: dict[str, list[int]] = {}
    for department_id, name in names.items():
        by_name.setdefault(_department_key(name), []).append(department_id)
    by_code = {
        str(code).strip().casefold(): department_id
        for department_id, code in zip(parents, departments["hr_code"], strict=True)
        if isinstance(code, str) and code.strip()
    }

    keys = rows["department_key"]
    chosen: dict[str, int | None] = {"": None}
    ambiguous: dict[str, list[int]] = {}
    new_rows: list[tuple[int, str, str, int | None]] = []
    children: dict[tuple[int | None, str], int] = {
        (parent, _department_key(names[d])): d for d, parent in parents.items()
    }

    def top(key: str, spelling: str) -> int:
        candidates = sorted(by_name.get(key, []), key=lambda d: (depth[d], d))
        if len(candidates) > 1:
            ambiguous[key] = candidates
        if candidates:
            return candidates[0]
        if key in by_code:
            return by_code[key]
        return child(None, key, spelling)

    def child(parent: int | None, key: str, spelling: str) -> int:
        found = children.get((parent, key))
        if found is None:
            found = -(len(new_rows) + 1)
            new_rows.append((found, spelling, key, parent))
            children[(parent, key)] = found
        return found

    # Distinct departments only (a few hundred), not rows: a loop is fine here.
    for key, spelling in (
        rows.loc[keys.ne(""), ["department_key", "department"]]
        .drop_duplicates("department_key")
        .itertuples(index=False)
    ):
        segments = department_path(spelling)
        if len(segments) == 1:
            chosen[key] = top(key, spelling)
            continue
        # "Technology > Data > Platform": the first part as any department name,
        # each next one a child of the last, created where missing; the same path
        # twice finds the same departments.
        node = top(_department_key(segments[0]), segments[0])
        for segment in segments[1:]:
            node = child(node, _department_key(segment), segment)
        chosen[key] = node
    ids = keys.map(chosen)
    problems = []
    for key, candidates in ambiguous.items():
        stays = keys.eq(key) & current.isin(candidates)
        ids = ids.where(~stays, current)
        listed = "; ".join(_path(d, parents, names) for d in candidates)
        problems.append(
            _problem(
                None,
                "",
                "warning",
                f'Department "{names[candidates[0]]}" matches {len(candidates)} '
                f"departments ({listed}). People already in one of them stay there; "
                f"others go to {_path(candidates[0], parents, names)}. Give the "
                "departments different names or use their HR codes to be precise.",
            )
        )
    return _Departments(
        ids=_ids(ids),
        new=_frame(("placeholder", "name", "key", "parent"), new_rows),
        problems=problems,
    )


def _path(department_id: int, parents: dict, names: dict) -> str:
    parts, node, seen = [], department_id, set()
    while node is not None and node not in seen:
        seen.add(node)
        parts.append(names.get(node, "?"))
        node = parents.get(node)
    return " › ".join(reversed(parts))


def _email_conflicts(
    rows: pd.DataFrame, state: AcademyState
) -> tuple[pd.Series, pd.Series, list[RosterProblem]]:
    """Rows whose email belongs to someone else in the academy (rejected), and the
    existing account each new person is linked to (staff who signed in before HR
    sent their file), as (rejected mask, linked user id, problems)."""
    people = state.people
    holders: dict[str, tuple[int, str | None]] = {}
    for email, user_id in zip(
        state.accounts["email"].astype(str).str.lower(),
        _ids(state.accounts["user_id"]),
        strict=True,
    ):
        holders[email] = (user_id, None)
    for email, user_id, employee_id in zip(
        people["email"].astype(str).str.lower(),
        _ids(people["user_id"]),
        people["employee_id"],
        strict=True,
    ):
        holders[email] = (user_id, employee_id)

    rejected = np.zeros(len(rows), dtype=bool)
    linked = np.full(len(rows), None, dtype=object)
    problems = []
    for position, (email, employee_id, own_user, row) in enumerate(
        zip(
            rows["email"],
            rows["employee_id"],
            rows["user_id"],
            rows["row"],
            strict=True,
        )
    ):
        holder = holders.get(email)
        if holder is None or holder[0] == own_user:
            continue
        holder_user, holder_employee = holder
        if own_user is None and holder_employee is None:
            linked[position] = holder_user
            continue
        rejected[position] = True
        if holder_employee is None:
            message = (
                f'Email "{email}" belongs to another account in the academy that is '
                "not linked to an employee; the row was not imported. Correct the "
                "email in the file or in the academy."
            )
        else:
            message = (
                f'Email "{email}" is already used by employee ID "{holder_employee}" '
                "in the academy; the row was not imported. Each person needs their "
                "own email."
            )
        problems.append(_problem(int(row), employee_id, "error", message))
    return (
        pd.Series(rejected, index=rows.index),
        pd.Series(linked, index=rows.index, dtype=object),
        problems,
    )


def _cut_cross_loops(
    rows: pd.DataFrame, managers: pd.Series, people: pd.DataFrame
) -> tuple[pd.Series, list[RosterProblem]]:
    """Break reporting loops that only appear once the file meets the academy.

    The reader already broke loops inside the file. Here the file's links are laid
    over the academy's (people not in the file keep theirs) and each loop is cut at
    the smallest employee id that is in the file, since only those rows change.
    """
    links: dict[str, str | None] = dict(
        zip(people["employee_id"], people["manager_employee_id"], strict=True)
    )
    links.update(zip(rows["employee_id"], managers, strict=True))
    in_file = set(rows["employee_id"])
    cut: dict[str, str] = {}
    for loop in manager_cycles(links):
        members = [member for member in loop if member in in_file]
        if not members:
            continue  # An old loop in the academy; this file does not touch it.
        employee_id = min(members)
        start = loop.index(employee_id)
        shown = [*loop[start:], *loop[:start], employee_id]
        if len(shown) > 12:
            shown = [*shown[:10], f"… {len(loop)} people in all …", employee_id]
        cut[employee_id] = (
            f"Managers would form a loop with people already in the academy "
            f"({' → '.join(shown)}); imported without a manager "
            f'(was "{links[employee_id]}") to break it.'
        )
    problems = []
    if cut:
        mask = rows["employee_id"].isin(list(cut))
        managers = managers.where(~mask, None)
        for employee_id, row in zip(
            rows.loc[mask, "employee_id"], rows.loc[mask, "row"], strict=True
        ):
            problems.append(
                _problem(int(row), employee_id, "warning", cut[employee_id])
            )
    return managers, problems


def _role_ids(texts: pd.Series, roles: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Role id per role text (by name or slug, any case), and the unknown mask."""
    lookup: dict[str, int] = {}
    for role_id, name, slug in zip(
        _ids(roles["id"]), roles["name"], roles["slug"], strict=True
    ):
        lookup.setdefault(" ".join(str(name).split()).casefold(), role_id)
        lookup.setdefault(str(slug).casefold(), role_id)
    keys = texts.str.casefold()
    # "Production Engineer", "production_engineer" and "production-engineer" too.
    found = keys.map(lookup)
    slugged = keys.str.replace(r"[\s_]+", "-", regex=True).map(lookup)
    ids = found.where(found.notna(), slugged)
    unknown = texts.ne("") & ids.isna()
    return _ids(ids), unknown


@dataclass(eq=False)
class _Compared:
    """The file's accepted rows beside the academy's current values.

    ``old`` holds each compared field's current value per row (blank for new
    people); ``fields`` are the fields the file has a column for.
    """

    rows: pd.DataFrame
    old: dict[str, pd.Series]
    fields: frozenset[str]

    @property
    def is_new(self) -> np.ndarray:
        return self.rows["is_new"].to_numpy(dtype=bool)

    def final(self, name: str, blank: Any) -> pd.Series:
        """The file's value when it has the column, else the current one."""
        if name in self.fields:
            return _objects(self.rows[name], blank)
        kept = self.old[name].copy()
        kept[self.is_new] = blank
        return kept


def _people_with_managers(people: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The academy's people with their manager's employee id, and the employee id
    of each learner id."""
    people = people.copy()
    employee_of = dict(
        zip(_ids(people["learner_id"]).tolist(), people["employee_id"], strict=True)
    )
    people["manager_employee_id"] = _ids(people["manager_id"]).map(employee_of)
    people["manager_employee_id"] = _objects(people["manager_employee_id"])
    return people, employee_of


def _match(
    frame: pd.DataFrame, people: pd.DataFrame
) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """Each row of the file with the person it names, and their current values."""
    rows = frame.copy()
    db = people.set_index("employee_id").reindex(rows["employee_id"])
    db.index = rows.index
    rows["is_new"] = db["learner_id"].isna().to_numpy()
    rows["learner_id"] = _ids(db["learner_id"])
    rows["user_id"] = _ids(db["user_id"])
    rows["is_superuser"] = _flags(db["is_superuser"])
    old = {
        "email": _objects(db["email"], ""),
        "first_name": _objects(db["first_name"], ""),
        "last_name": _objects(db["last_name"], ""),
        "department_id": _ids(db["department_id"]),
        "manager_employee_id": _objects(db["manager_employee_id"]),
        "job_title": _objects(db["job_title"], ""),
        "role_id": _ids(db["role_id"]),
        "role_set_by_hand": pd.Series(_flags(db["role_set_by_hand"]), index=rows.index),
        "status": _objects(db["status"], ""),
        "location": _objects(db["location"], ""),
        "hire_date": _objects(db["hire_date"]),
    }
    return rows, old


def _accept(
    rows: pd.DataFrame, old: dict[str, pd.Series], state: AcademyState
) -> tuple[pd.DataFrame, dict[str, pd.Series], list[RosterProblem]]:
    """Who may be imported at all: rows whose email the academy already gives to
    someone else are dropped; new people are linked to an existing account with
    their email."""
    rejected, linked, problems = _email_conflicts(rows, state)
    keep = ~rejected.to_numpy()
    rows = rows[keep]
    old = {name: values[keep] for name, values in old.items()}
    rows["user_id"] = rows["user_id"].where(rows["user_id"].notna(), linked[keep])
    rows["user_id"] = _objects(rows["user_id"])
    rows["links_account"] = linked[keep].notna().to_numpy()
    superusers = set(
        _ids(state.accounts.loc[_flags(state.accounts["is_superuser"]), "user_id"])
    )
    rows["is_superuser"] = rows["is_superuser"] | rows["user_id"].isin(superusers)
    return rows, old, problems


def _plan_departments(
    compared: _Compared, state: AcademyState
) -> tuple[pd.Series, pd.DataFrame, list[RosterProblem]]:
    """Department id per row, the departments to create and the problems."""
    if "department" not in compared.fields:
        new = _frame(("placeholder", "name", "key", "parent"))
        return compared.final("department_id", None), new, []
    departments = _resolve_departments(
        compared.rows, compared.old["department_id"], state.departments
    )
    return departments.ids, departments.new, departments.problems


def _file_managers(
    rows: pd.DataFrame, people: pd.DataFrame
) -> tuple[pd.Series, list[RosterProblem]]:
    """The managers the file names; unknown ones are dropped with a warning."""
    managers = _objects(rows["manager_employee_id"])
    managers = managers.where(managers.ne(""), None)
    known = set(people["employee_id"])
    missing = managers.notna() & ~managers.isin(known | set(rows["employee_id"]))
    if not missing.any():
        return managers, []
    problems = [
        RosterProblem(
            row=problem.row,
            employee_id=problem.employee_id,
            level=problem.level,
            message=problem.message + " Imported without a manager.",
        )
        for problem in unknown_managers(
            rows.assign(manager_employee_id=managers), known
        )
    ]
    return managers.where(~missing, None), problems


def _academy_managers(
    rows: pd.DataFrame, people: pd.DataFrame
) -> tuple[pd.Series, list[RosterProblem]]:
    """Managers named by email or name that the file does not hold, found among
    the people already in the academy. A name several people share, or one that
    matches nobody, is a warning on the row and no manager, never a guess."""
    managers = _objects(rows["manager_employee_id"])
    lookup = _objects(rows["manager_lookup"], "")
    wanted = lookup.ne("")
    if not wanted.any():
        return managers, []
    refs = lookup[wanted]
    known = people[_objects(people["employee_id"], "").ne("")]
    by_email = known.assign(email=known["email"].astype(str).str.lower())
    by_email = by_email.drop_duplicates("email").set_index("email")["employee_id"]
    counts = (
        name_keys(known).groupby("name")["employee_id"].agg(["first", "count", list])
    )
    is_email = refs.str.contains("@", regex=False)
    found = refs[is_email].str.lower().map(by_email)
    keys = name_key(refs[~is_email])
    matches = keys.map(counts["count"]).fillna(0).astype(int)
    single = matches.eq(1)
    found = pd.concat([found, keys[single].map(counts["first"])])
    managers[found.dropna().index] = found.dropna()

    problems = []
    several = matches[matches.gt(1)].index
    for index in several:
        listed = ", ".join(sorted(counts.loc[keys[index], "list"])[:10])
        problems.append(
            _problem(
                int(rows.loc[index, "row"]),
                rows.loc[index, "employee_id"],
                "warning",
                f'Manager "{refs[index]}" could be any of employee IDs {listed} in '
                "the academy; imported without a manager. Give the manager's "
                "employee ID or email instead.",
            )
        )
    nobody = refs.index.difference(found.dropna().index).difference(several)
    for index in nobody:
        problems.append(
            _problem(
                int(rows.loc[index, "row"]),
                rows.loc[index, "employee_id"],
                "warning",
                f'Manager "{refs[index]}" matches nobody in this file or in the '
                "academy by employee ID, email or name; imported without a manager.",
            )
        )
    return managers, problems


def _plan_managers(
    compared: _Compared, people: pd.DataFrame
) -> tuple[pd.Series, list[RosterProblem]]:
    """Manager employee id per row, with loops across file and academy cut."""
    problems: list[RosterProblem] = []
    if "manager_employee_id" in compared.fields:
        compared.rows["manager_employee_id"], problems = _academy_managers(
            compared.rows, people
        )
        managers, found = _file_managers(compared.rows, people)
        problems += found
    else:
        managers = compared.final("manager_employee_id", None)
    managers, found = _cut_cross_loops(compared.rows, _objects(managers), people)
    return _objects(managers), problems + found


def _plan_accounts(compared: _Compared, protected: set[int]) -> list[RosterProblem]:
    """Set each row's final ``status`` and ``set_active``: the account follows the
    status, but protected accounts and superusers are never switched off."""
    rows, old, is_new = compared.rows, compared.old, compared.is_new
    if "status" in compared.fields:
        rows["status"] = _objects(rows["status"], "active")
    else:
        rows["status"] = old["status"].where(~is_new, "active")
    leaving = ~is_new & old["status"].ne(LEFT) & rows["status"].eq(LEFT)
    returning = ~is_new & old["status"].eq(LEFT) & rows["status"].ne(LEFT)
    keeps_account = rows["user_id"].isin(protected) | rows["is_superuser"]
    new_account = is_new & ~rows["links_account"].to_numpy()
    # A linked account (an existing login) is only ever switched off, never on.
    leaving = leaving | (rows["links_account"] & rows["status"].eq(LEFT))
    set_active = np.full(len(rows), None, dtype=object)
    set_active[new_account] = rows.loc[new_account, "status"].ne(LEFT).to_numpy()
    set_active[(leaving & ~keeps_account).to_numpy()] = False
    set_active[returning.to_numpy()] = True
    rows["set_active"] = set_active
    return [
        _problem(
            int(row),
            employee_id,
            "warning",
            "Marked as left, but their account stays active: it belongs to a "
            "superuser or to the person running this import.",
        )
        for employee_id, row in zip(
            rows.loc[leaving & keeps_account, "employee_id"],
            rows.loc[leaving & keeps_account, "row"],
            strict=True,
        )
    ]


def _mark_changes(compared: _Compared) -> None:
    """Add a ``<field>_changed`` column per compared field, ``changed`` and the
    ``old_<field>`` values for the audit trail."""
    rows, old, is_new = compared.rows, compared.old, compared.is_new
    rows["email_changed"] = ~is_new & _differs(rows["email"], old["email"])
    changed = rows["email_changed"].to_numpy().copy()
    for name in (*_USER_FIELDS[1:], *_LEARNER_FIELDS):
        flag = ~is_new & _differs(_objects(rows[name]), old[name])
        rows[f"{name}_changed"] = flag
        changed |= flag
    rows["changed"] = changed
    for name, values in old.items():
        rows[f"old_{name}"] = values


def _missing_kept_accounts(missing_people: pd.DataFrame) -> list[RosterProblem]:
    """A warning for each person marked as left whose account stays active."""
    return [
        _problem(
            None,
            employee_id,
            "warning",
            "Not in this file, so marked as left, but their account stays "
            "active: it belongs to a superuser or to the person running this "
            "import.",
        )
        for employee_id in missing_people.loc[
            missing_people["keeps_account"], "employee_id"
        ]
    ]


def plan_import(
    read: RosterReadResult,
    state: AcademyState,
    *,
    deactivate_missing: bool = False,
    protected_user_ids: Iterable[int] = (),
) -> ImportPlan:
    """Compare the file with the academy; see the module docstring for the rules.

    ``deactivate_missing``: the file lists everyone, so active people missing from
    it have left. ``protected_user_ids``: accounts never deactivated (the person
    running the import), besides superusers.
    """
    fields = set(read.column_map.values())
    # A full name fills first and last names; a manager named by email or name
    # fills the manager employee ID (the reader resolved both).
    if "full_name" in fields:
        fields |= {"first_name", "last_name"}
    if "manager" in fields:
        fields.add("manager_employee_id")
    fields = frozenset(fields)
    protected = set(protected_user_ids)
    problems: list[RosterProblem] = list(read.problems)

    people, employee_of = _people_with_managers(state.people)
    rows, old = _match(read.frame, people)
    rows, old, found = _accept(rows, old, state)
    problems += found
    compared = _Compared(rows=rows, old=old, fields=fields)

    for name in ("first_name", "last_name", "job_title", "location"):
        rows[name] = compared.final(name, "")
    rows["hire_date"] = compared.final("hire_date", None)
    rows["department_id"], new_departments, found = _plan_departments(compared, state)
    problems += found
    rows["manager_employee_id"], found = _plan_managers(compared, people)
    problems += found
    problems += _plan_accounts(compared, protected)
    rows["role_id"], rows["role_set_by_hand"], rows["role_rule_id"], found = _roles(
        rows, old, fields, state
    )
    problems += found
    _mark_changes(compared)

    missing_people = _missing(rows, people, read, deactivate_missing, protected)
    problems += _missing_kept_accounts(missing_people)

    problems = _sorted(problems)
    counts = _counts(rows, missing_people, new_departments, problems)
    examples = _examples(rows, missing_people, new_departments, state, people)
    return ImportPlan(
        rows=rows,
        missing=missing_people,
        new_departments=new_departments,
        problems=problems,
        counts=counts,
        examples=examples,
        fields=fields,
        column_map=dict(read.column_map),
        unknown_columns=list(read.unknown_columns),
        total_rows=read.total_rows,
        learner_ids={employee: learner for learner, employee in employee_of.items()},
        role_names=dict(
            zip(_ids(state.roles["id"]).tolist(), state.roles["name"], strict=True)
        ),
    )


def _roles(
    rows: pd.DataFrame,
    old: dict[str, pd.Series],
    fields: frozenset[str],
    state: AcademyState,
) -> tuple[pd.Series, pd.Series, pd.Series, list[RosterProblem]]:
    """Final role, hand flag and deciding rule per row (see the module docstring)."""
    problems = []
    if "role" in fields:
        texts = _objects(rows["role"], "")
        file_role, unknown = _role_ids(texts, state.roles)
        names = ", ".join(f'"{name}"' for name in sorted(state.roles["name"]))
        for employee_id, row, text in zip(
            rows.loc[unknown, "employee_id"],
            rows.loc[unknown, "row"],
            texts[unknown],
            strict=True,
        ):
            problems.append(
                _problem(
                    int(row),
                    employee_id,
                    "warning",
                    f'Role "{text}" is not an academy role ({names}); the role was '
                    "not changed.",
                )
            )
    else:
        file_role = pd.Series(None, index=rows.index, dtype=object)

    old_role = old["role_id"]
    old_hand = old["role_set_by_hand"].to_numpy(dtype=bool)
    from_file = file_role.notna().to_numpy()
    leaver = rows["status"].eq(LEFT).to_numpy()
    rule_result = roles_from_rules(
        rows[["job_title", "department_id"]],
        state.rules,
        department_subtrees(
            dict(
                zip(
                    _ids(state.departments["id"]).tolist(),
                    _ids(state.departments["parent_id"]).tolist(),
                    strict=True,
                )
            )
        ),
    )
    by_rules = ~from_file & ~leaver & ~old_hand & bool(state.rules)
    role = np.where(
        from_file,
        file_role.to_numpy(),
        np.where(by_rules, rule_result["role_id"].to_numpy(), old_role.to_numpy()),
    )
    hand = np.where(from_file, True, old_hand)
    rule_id = np.where(by_rules, rule_result["rule_id"].to_numpy(), None)
    return (
        pd.Series(role, index=rows.index, dtype=object),
        pd.Series(hand, index=rows.index, dtype=bool),
        pd.Series(rule_id, index=rows.index, dtype=object),
        problems,
    )


def _missing(
    rows: pd.DataFrame,
    people: pd.DataFrame,
    read: RosterReadResult,
    deactivate_missing: bool,
    protected: set[int],
) -> pd.DataFrame:
    """Active people a full import deactivates: absent from the whole file."""
    columns = (
        "learner_id",
        "user_id",
        "employee_id",
        "first_name",
        "last_name",
        "status",
        "keeps_account",
    )
    if not deactivate_missing or people.empty:
        return _frame(columns)
    # Rows rejected for any reason still name people who are in the file.
    present = set(read.frame["employee_id"]) | {
        problem.employee_id for problem in read.problems if problem.employee_id
    }
    present |= set(rows["employee_id"])
    gone = people[~people["employee_id"].isin(present) & people["status"].ne(LEFT)]
    return pd.DataFrame(
        {
            "learner_id": _ids(gone["learner_id"]),
            "user_id": _ids(gone["user_id"]),
            "employee_id": gone["employee_id"].astype(object),
            "first_name": _objects(gone["first_name"], ""),
            "last_name": _objects(gone["last_name"], ""),
            "status": gone["status"].astype(object),
            "keeps_account": (
                _ids(gone["user_id"]).isin(protected).to_numpy()
                | _flags(gone["is_superuser"])
            ),
        }
    ).reset_index(drop=True)


def _sorted(problems: list[RosterProblem]) -> list[RosterProblem]:
    rank = {"error": 0, "warning": 1}
    return sorted(
        problems,
        key=lambda p: (-1 if p.row is None else p.row, rank.get(p.level, 2)),
    )


def _counts(
    rows: pd.DataFrame,
    missing: pd.DataFrame,
    new_departments: pd.DataFrame,
    problems: list[RosterProblem],
) -> dict[str, int]:
    existing = ~rows["is_new"]
    rejected_rows = {p.row for p in problems if p.level == "error" and p.row}
    return {
        "created": int(rows["is_new"].sum()),
        "updated": int((existing & rows["changed"]).sum()),
        "unchanged": int((existing & ~rows["changed"]).sum()),
        "moved": int((existing & rows["department_id_changed"]).sum()),
        "manager_changed": int((existing & rows["manager_employee_id_changed"]).sum()),
        "role_changed": int((existing & rows["role_id_changed"]).sum()),
        "deactivated": int(
            (existing & rows["status_changed"] & rows["status"].eq(LEFT)).sum()
        )
        + len(missing),
        "reactivated": int(
            (existing & rows["status_changed"] & rows["old_status"].eq(LEFT)).sum()
        ),
        "rejected": len(rejected_rows),
        "warnings": sum(1 for p in problems if p.level == "warning"),
        "departments_created": len(new_departments),
    }


def _full_name(first: str, last: str, fallback: str) -> str:
    return f"{first} {last}".strip() or fallback


def _examples(
    rows: pd.DataFrame,
    missing: pd.DataFrame,
    new_departments: pd.DataFrame,
    state: AcademyState,
    people: pd.DataFrame,
) -> dict[str, list[dict[str, str]]]:
    """Up to EXAMPLES_PER_CATEGORY named people per kind of change."""
    department_names = dict(
        zip(_ids(state.departments["id"]), state.departments["name"], strict=True)
    )
    department_names.update(
        zip(new_departments["placeholder"], new_departments["name"], strict=True)
    )
    role_names = dict(zip(_ids(state.roles["id"]), state.roles["name"], strict=True))
    names = {
        employee_id: _full_name(first, last, employee_id)
        for employee_id, first, last in zip(
            people["employee_id"],
            _objects(people["first_name"], ""),
            _objects(people["last_name"], ""),
            strict=True,
        )
    }
    names.update(
        (employee_id, _full_name(first, last, employee_id))
        for employee_id, first, last in zip(
            rows["employee_id"], rows["first_name"], rows["last_name"], strict=True
        )
    )

    def department(value: Any) -> str:
        return department_names.get(value, "no department") if value else "none"

    def role(value: Any) -> str:
        return role_names.get(value, "?") if value else "no role"

    def manager(value: Any) -> str:
        return names.get(value, value) if value else "no manager"

    def pick(mask: pd.Series, detail) -> list[dict[str, str]]:
        chosen = rows[mask].head(EXAMPLES_PER_CATEGORY)
        return [
            {
                "employee_id": record["employee_id"],
                "name": names[record["employee_id"]],
                "detail": detail(record),
            }
            for record in chosen.to_dict("records")
        ]

    existing = ~rows["is_new"]

    def created(r):
        parts = [r["job_title"], department(r["department_id"])]
        text = " · ".join(part for part in parts if part and part != "none")
        if r["role_id"]:
            text += f" · {role(r['role_id'])}"
        return text

    def updated(r):
        return ", ".join(
            label for name, label in CHANGE_LABELS.items() if r[f"{name}_changed"]
        )

    def role_change(r):
        how = (
            " (from the file)"
            if r["role_set_by_hand"] and not r["old_role_set_by_hand"]
            else ""
        )
        return f"{role(r['old_role_id'])} → {role(r['role_id'])}{how}"

    examples = {
        "created": pick(rows["is_new"], created),
        "updated": pick(existing & rows["changed"], updated),
        "moved": pick(
            existing & rows["department_id_changed"],
            lambda r: (
                f"{department(r['old_department_id'])} → "
                f"{department(r['department_id'])}"
            ),
        ),
        "manager_changed": pick(
            existing & rows["manager_employee_id_changed"],
            lambda r: (
                f"{manager(r['old_manager_employee_id'])} → "
                f"{manager(r['manager_employee_id'])}"
            ),
        ),
        "role_changed": pick(existing & rows["role_id_changed"], role_change),
        "deactivated": pick(
            existing & rows["status_changed"] & rows["status"].eq(LEFT),
            lambda r: f"{_STATUS_LABELS.get(r['old_status'], '')} → Left",
        ),
        "reactivated": pick(
            existing & rows["status_changed"] & rows["old_status"].eq(LEFT),
            lambda r: f"Left → {_STATUS_LABELS.get(r['status'], '')}",
        ),
    }
    room = EXAMPLES_PER_CATEGORY - len(examples["deactivated"])
    examples["deactivated"] += [
        {
            "employee_id": record["employee_id"],
            "name": _full_name(
                record["first_name"], record["last_name"], record["employee_id"]
            ),
            "detail": "Not in the file",
        }
        for record in missing.head(max(room, 0)).to_dict("records")
    ]
    return examples


def iso(value: Any) -> Any:
    """JSON-friendly value for the audit trail."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    return value
