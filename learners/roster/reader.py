"""Read a messy HR roster export into a validated DataFrame and a problem report.

This is the pure half of the roster import: bytes in, a table of accepted rows and a
list of per-row problems out. No Django and no database; the apply step upserts the
frame and decides about things only the database knows (see ``unknown_managers``).

Pipeline::

    recognise (files.py)      bytes -> CSV text or .xlsx bytes, by content
    read_table (tables.py)    header sniffing/mapping -> raw text cells + row numbers
    _normalise                trim, case, departments, dates, statuses (vectorised)
    _reject                   per-row errors, conflicting ids, shared emails
    duplicates/managers       collapse exact duplicates, clear self/looping managers

The output ``frame`` holds accepted rows only, in file order, with the columns of
:data:`FRAME_COLUMNS` and these types (object dtype throughout, so values are plain
Python objects and never NaN):

* text fields: ``str``, "" when blank (trimmed; names, department, job title, role
  and location have inner whitespace collapsed; email lower-cased);
* ``manager_employee_id``: ``str`` or None;
* ``hire_date``: ``datetime.date`` or None;
* ``status``: "active", "on_leave" or "left";
* ``department_key``: casefolded department, the key to group departments by;
  ``department`` is the first spelling seen in the file for that key;
* ``row``: int64, the spreadsheet row number (header = row 1; see tables.py for CSV
  records spanning several lines).

Formula-like text ("=SUM(A1)", "+44 20...", "-", "@team") is kept unchanged: it is
data here, and neutralised only when written out (``core.exports``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from learners.roster.fields import FIELDS, LABELS, MAX_LENGTHS, STATUS_WORDS
from learners.roster.files import recognise
from learners.roster.managers import break_manager_cycles
from learners.roster.normalise import (
    clean_text,
    department_keys,
    first_spelling,
    iso_or_text,
    on_distinct,
    parse_dates,
    parse_statuses,
)
from learners.roster.problems import ProblemLog, RosterFileError, RosterProblem
from learners.roster.tables import prepare_mapping, read_table

__all__ = [
    "FIELDS",
    "FRAME_COLUMNS",
    "MAX_LENGTHS",
    "RosterFileError",
    "RosterProblem",
    "RosterReadResult",
    "break_manager_cycles",
    "name_key",
    "name_keys",
    "read_roster",
    "unknown_managers",
]

#: Columns of :attr:`RosterReadResult.frame`, in order.
FRAME_COLUMNS: tuple[str, ...] = (*FIELDS, "manager_lookup", "department_key", "row")

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_ROWS = 200_000

# One @, no spaces, a dot in the domain with no empty labels. Deliberately simple:
# the real test of an address is the invitation email, not a regex.
_EMAIL = r"^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$"
_ID_FIELDS = ("employee_id", "manager_employee_id")
# Columns with (nearly) one value per row: per-distinct-value tricks do not pay.
_UNIQUE_FIELDS = ("employee_id", "email")
# Free-text fields where "Jane  Smith" and "Jane Smith" are the same value.
_COLLAPSED_FIELDS = (
    "first_name",
    "last_name",
    "department",
    "job_title",
    "role",
    "location",
)
# "Other rows" listed in a message before it says "and N more".
_MAX_LISTED = 10


@dataclass(frozen=True, eq=False)
class RosterReadResult:
    """What :func:`read_roster` found.

    ``frame`` has accepted rows only (see the module docstring for columns and
    types); ``problems`` lists every rejected row (level "error") and every row
    imported with a caveat (level "warning"); ``unknown_columns`` are the headers
    that were ignored; ``column_map`` maps each used source header to its field;
    ``total_rows`` counts the non-blank data rows read. (``eq=False``: comparing
    DataFrames with ``==`` is elementwise, so equality would be meaningless.)
    """

    frame: pd.DataFrame
    problems: list[RosterProblem]
    unknown_columns: list[str]
    column_map: dict[str, str]
    total_rows: int

    @property
    def errors(self) -> list[RosterProblem]:
        """Problems that kept a row out of the frame."""
        return [problem for problem in self.problems if problem.level == "error"]

    @property
    def warnings(self) -> list[RosterProblem]:
        """Problems on rows that were imported anyway."""
        return [problem for problem in self.problems if problem.level == "warning"]


def read_roster(
    data: bytes,
    *,
    filename: str = "",
    mapping: dict[str, str] | None = None,
    dayfirst: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> RosterReadResult:
    """Read an HR roster export (CSV or .xlsx bytes) into validated rows.

    The format is recognised from the content, never from ``filename`` (used only to
    name the file in messages). ``mapping`` ({"Source header": "field"}) overrides the
    built-in header aliases. ``dayfirst`` decides how 01/02/2024 is read; ISO dates
    are always accepted. Raises RosterFileError when the file as a whole cannot be
    used: too big, too many rows, not CSV/.xlsx, not UTF-8, no rows, a required
    column missing, or an ambiguous/invalid column mapping.
    """
    prepared = prepare_mapping(mapping)
    source = recognise(bytes(data), filename=filename, max_bytes=max_bytes)
    table = read_table(source, prepared, max_rows)
    work = _normalise(table.frame, dayfirst)
    if work.empty:
        raise RosterFileError(
            "The file has a header row but no rows of data: there are no rows to "
            "import."
        )
    log = ProblemLog(work["row"], work["employee_id"])
    _resolve_managers(work, log)
    comparable = _comparable(work)
    # Later copies of an identical row; computed once, used by two checks.
    copies = work["employee_id"].ne("") & comparable.duplicated(keep="first")
    rejected = _reject(work, comparable, copies, log)
    _warn_copies(work, comparable, copies, rejected, log)
    accepted = ~rejected & ~copies
    _warn_dates(work, accepted, dayfirst, log)
    managers = _fix_manager_loops(work, accepted, log)

    frame = pd.DataFrame(
        {
            column: pd.Series(work.loc[accepted, column].to_numpy(), dtype=object)
            for column in FRAME_COLUMNS
            if column not in ("manager_employee_id", "row")
        }
    )
    frame["manager_employee_id"] = pd.Series(
        managers[accepted].to_numpy(), dtype=object
    )
    frame["row"] = work.loc[accepted, "row"].to_numpy(dtype=np.int64)
    return RosterReadResult(
        frame=frame[list(FRAME_COLUMNS)],
        problems=log.problems(),
        unknown_columns=table.unknown_columns,
        column_map=table.column_map,
        total_rows=len(work),
    )


def unknown_managers(frame: pd.DataFrame, known_ids: set[str]) -> list[RosterProblem]:
    """Warnings for managers found neither in ``frame`` nor in ``known_ids``.

    The reader does not flag these: a manager missing from the file may already be
    in the database. The apply step calls this with the employee ids it knows and
    decides what to do (typically: import without a manager).
    """
    managers = frame["manager_employee_id"]
    known = set(known_ids) | set(frame["employee_id"])
    mask = managers.notna() & managers.ne("") & ~managers.isin(known)
    log = ProblemLog(frame["row"], frame["employee_id"])
    log.add(
        "warning",
        mask,
        'Manager employee ID "'
        + managers[mask].astype(str)
        + '" matches nobody in this file or in the academy.',
    )
    return log.problems()


def _normalise(raw: pd.DataFrame, dayfirst: bool) -> pd.DataFrame:
    """Clean every field; add department_key, hire-date helpers; drop blank rows."""

    def column(name: str) -> pd.Series:
        if name in raw:
            return raw[name]
        return pd.Series("", index=raw.index, dtype=object)

    work = pd.DataFrame(index=raw.index)
    work["employee_id"] = clean_text(column("employee_id"), distinct=False)
    work["manager_employee_id"] = clean_text(column("manager_employee_id"))
    work["email"] = clean_text(column("email"), distinct=False).str.lower()
    for name in _COLLAPSED_FIELDS:
        work[name] = clean_text(column(name), collapse=True)
    if "full_name" in raw:
        _names_from_full(work, clean_text(column("full_name"), collapse=True))
    work["manager_ref"] = clean_text(column("manager"), collapse=True)
    work["manager_lookup"] = ""
    work["hire_text"] = clean_text(column("hire_date"))
    work["status_text"] = clean_text(column("status"))
    work["overflow"] = raw["overflow"].to_numpy(dtype=bool)
    work["row"] = raw["row"].to_numpy(dtype=np.int64)

    text_columns = [
        *_ID_FIELDS,
        "email",
        *_COLLAPSED_FIELDS,
        "hire_text",
        "manager_ref",
    ]
    blank = work[[*text_columns, "status_text"]].eq("").all(axis=1) & ~work["overflow"]
    work = work[~blank]

    work["department_key"] = department_keys(work["department"])
    # One spelling per department, so the apply step creates it once.
    work["department"] = first_spelling(work["department"], work["department_key"])
    dates = parse_dates(work["hire_text"], dayfirst=dayfirst)
    work["hire_date"] = dates.parsed
    work["hire_unreadable"] = dates.unreadable
    work["hire_other_order"] = dates.other_order
    statuses = parse_statuses(work["status_text"])
    work["status"] = statuses.parsed
    work["status_unknown"] = statuses.unknown
    return work


# Family-name particles kept with the surname: "Ludwig van Beethoven" is family
# "van Beethoven"; "Mary Ann Smith" is given "Mary Ann", family "Smith".
_FULL_NAME = re.compile(
    r"^(?P<given>.+?)\s+(?P<family>(?:(?:van|von|de|da|del|della|der|den|di|du|"
    r"le|la|ter|ten|dos|das|bin|ibn|al|st\.?)\s+)*\S+)$",
    re.IGNORECASE,
)


def _names_from_full(work: pd.DataFrame, full: pd.Series) -> None:
    """Fill first and last names from a full-name column where both are blank.

    "Family, Given" (the comma form of Workday and ADP) and "Given Family" are
    split; a name that cannot be split (one word) is kept whole as the first name,
    so the person's display name is still the full name.
    """
    wanted = full.ne("") & work["first_name"].eq("") & work["last_name"].eq("")
    if not wanted.any():
        return
    names = full[wanted]
    comma = names.str.contains(",", regex=False)
    given = pd.Series(names, dtype=object).copy()
    family = pd.Series("", index=names.index, dtype=object)
    parts = names[comma].str.split(",", n=1, expand=True)
    if comma.any():
        family[comma] = parts[0].str.strip()
        given[comma] = parts[1].str.strip()
    spaced = names[~comma].str.extract(_FULL_NAME)
    split = spaced["family"].notna()
    given[split[split].index] = spaced.loc[split, "given"]
    family[split[split].index] = spaced.loc[split, "family"]
    # A comma with nothing on one side ("Okafor," or ", Amara"): keep it whole.
    lone = comma & (given.eq("") | family.eq(""))
    given[lone] = names[lone].str.strip(", ")
    family[lone] = ""
    work.loc[given.index, "first_name"] = given
    work.loc[family.index, "last_name"] = family


def name_key(text: pd.Series) -> pd.Series:
    """A name as a comparable key: case, spacing, commas and dots ignored."""
    return text.str.casefold().str.replace(r"[\s,.]+", " ", regex=True).str.strip()


def _resolve_managers(work: pd.DataFrame, log: ProblemLog) -> None:
    """Where a row names its manager in a ``manager`` column (and has no manager
    employee ID), find them in the file: by employee ID, else by email, else by
    full name ("Given Family" or "Family, Given"). A name shared by several
    people is a warning on that row and no manager, never a guess. A reference
    that matches nobody in the file is kept for the plan, which looks for the
    manager among the people already in the academy (an unknown single word is
    taken as an employee ID)."""
    wanted = work["manager_ref"].ne("") & work["manager_employee_id"].eq("")
    if not wanted.any():
        return
    refs = work.loc[wanted, "manager_ref"]
    people = work[work["employee_id"].ne("")]
    ids = set(people["employee_id"])
    by_email = people.drop_duplicates("email").set_index("email")["employee_id"]
    by_email = by_email[by_email.index != ""]
    pairs = name_keys(people)
    counts = pairs.groupby("name")["employee_id"].agg(["first", "count", list])

    resolved = pd.Series(None, index=refs.index, dtype=object)
    is_id = refs.isin(ids)
    resolved[is_id] = refs[is_id]
    is_email = ~is_id & refs.str.contains("@", regex=False)
    emails = refs[is_email].str.lower().map(by_email)
    resolved[emails.dropna().index] = emails.dropna()
    rest = ~is_id & ~is_email
    keys = name_key(refs[rest])
    found = keys.map(counts["count"]).fillna(0).astype(int)
    single = found.eq(1)
    resolved[single[single].index] = keys[single].map(counts["first"])
    several = found.gt(1)
    looks_like_id = (
        rest
        & ~refs.str.contains(" ", regex=False)
        & found.reindex(refs.index, fill_value=0).eq(0)
    )
    # An unknown single token may be an employee ID of someone already here.
    resolved[looks_like_id] = refs[looks_like_id]
    work.loc[resolved.dropna().index, "manager_employee_id"] = resolved.dropna()

    ambiguous = pd.Series(False, index=work.index)
    ambiguous[several[several].index] = True
    if ambiguous.any():
        matches = (
            keys[several]
            .map(counts["list"])
            .map(lambda ids: ", ".join(sorted(ids)[:_MAX_LISTED]))
        )
        log.add(
            "warning",
            ambiguous,
            'Manager "'
            + refs.loc[several[several].index]
            + '" could be any of employee IDs '
            + matches
            + "; imported without a manager. Give the manager's employee ID "
            "or email instead.",
        )
    # Matched nobody in the file: the plan looks the reference up among the
    # people already in the academy, and warns if it finds nobody there either.
    unmatched = resolved.isna() & ~several.reindex(refs.index, fill_value=False)
    work.loc[unmatched[unmatched].index, "manager_lookup"] = refs[unmatched]


def name_keys(people: pd.DataFrame) -> pd.DataFrame:
    """Each person's full name, both ways round ("given family" and "family
    given"), as a comparable key: columns ``name`` and ``employee_id``."""
    names = pd.concat(
        [
            name_key(people["first_name"] + " " + people["last_name"]),
            name_key(people["last_name"] + " " + people["first_name"]),
        ]
    )
    owners = pd.concat([people["employee_id"], people["employee_id"]])
    pairs = pd.DataFrame({"name": names, "employee_id": owners}).drop_duplicates()
    return pairs[pairs["name"].ne("")]


def _reject(
    work: pd.DataFrame, comparable: pd.DataFrame, copies: pd.Series, log: ProblemLog
) -> pd.Series:
    """Record errors; return the mask of rejected rows.

    Every reason is reported (not just the first), so one pass over the problem
    list is enough to fix a row.
    """
    rejected = pd.Series(False, index=work.index)

    def error(mask: pd.Series, message: str | pd.Series) -> None:
        nonlocal rejected
        log.add("error", mask, message)
        rejected = rejected | mask

    error(
        work["overflow"],
        "This row has more cells than the header row, so its values may have "
        "shifted into the wrong columns. Put quotes around values that contain "
        "the delimiter.",
    )
    has_id = work["employee_id"].ne("")
    error(~has_id, "Employee ID is missing.")
    email = work["email"]
    has_email = email.ne("")
    error(~has_email, "Email is missing.")
    valid_email = has_email & email.str.match(_EMAIL).astype(bool)
    invalid_email = has_email & ~valid_email
    # Messages are built for the flagged rows only, not for all 100,000.
    error(
        invalid_email,
        'Email "' + email[invalid_email] + '" is not a valid email address.',
    )
    for name, limit in MAX_LENGTHS.items():
        if name in _UNIQUE_FIELDS:
            lengths = work[name].str.len()
        else:
            lengths = on_distinct(work[name], lambda unique: unique.str.len())
        lengths = lengths.astype(np.int64)
        too_long = lengths > limit
        if too_long.any():
            error(
                too_long,
                f"{LABELS[name]} is "
                + lengths[too_long].astype(str)
                + f" characters long; the limit is {limit}.",
            )
    unknown_status = work["status_unknown"]
    error(
        unknown_status,
        'Status "'
        + work.loc[unknown_status, "status_text"]
        + '" is not recognised. '
        + _STATUS_HELP,
    )
    error(*_conflicting_ids(work, comparable, copies, has_id))
    error(*_shared_emails(work, has_id & valid_email))
    return rejected


def _status_help() -> str:
    words: dict[str, list[str]] = {}
    for word, status in STATUS_WORDS.items():
        if word != status.replace("_", " "):
            words.setdefault(status, []).append(word)
    allowed = ", ".join(
        f"{status} (or {', '.join(synonyms)})" for status, synonyms in words.items()
    )
    return f"Use one of: {allowed}; leave it blank for active."


_STATUS_HELP = _status_help()


def _comparable(work: pd.DataFrame) -> pd.DataFrame:
    """The normalised values that make two rows "the same"."""
    return pd.DataFrame(
        {
            "employee_id": work["employee_id"],
            "email": work["email"],
            "first_name": work["first_name"],
            "last_name": work["last_name"],
            "department": work["department_key"],
            "manager_employee_id": work["manager_employee_id"],
            "job_title": work["job_title"],
            "role": work["role"],
            "location": work["location"],
            "hire_date": iso_or_text(work["hire_date"], work["hire_text"]),
            "status": work["status"].fillna("?" + work["status_text"]),
        }
    )


def _rows_text(rows: list[int]) -> str:
    shown = [str(row) for row in rows[:_MAX_LISTED]]
    if len(rows) > _MAX_LISTED:
        return f"rows {', '.join(shown)} and {len(rows) - _MAX_LISTED} more"
    if len(shown) == 1:
        return f"row {shown[0]}"
    return f"rows {', '.join(shown[:-1])} and {shown[-1]}"


def _conflicting_ids(
    work: pd.DataFrame, comparable: pd.DataFrame, copies: pd.Series, has_id: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Rows whose employee id appears again with different details (all rejected).

    Exact copies do not conflict; but when an id conflicts, its copies go too.
    """
    distinct = comparable[has_id & ~copies]
    repeated = distinct["employee_id"].duplicated(keep=False)
    conflict_ids = distinct.loc[repeated, "employee_id"].unique()
    mask = has_id & work["employee_id"].isin(conflict_ids)
    if not mask.any():
        return mask, pd.Series(dtype=object)

    involved = comparable[mask]
    # Which fields differ within each id, to tell the user what to reconcile.
    labels: dict[str, list[str]] = {}
    for name in involved.columns.drop("employee_id"):
        pairs = involved[["employee_id", name]].drop_duplicates()
        for employee_id in pairs.loc[pairs["employee_id"].duplicated(), "employee_id"]:
            if LABELS[name] not in labels.setdefault(employee_id, []):
                labels[employee_id].append(LABELS[name])
    rows_by_id = work.loc[mask].groupby("employee_id", sort=False)["row"].agg(list)
    messages = {}
    # A loop over the conflicting rows only; each message names different rows.
    for index, employee_id, row in zip(
        involved.index, involved["employee_id"], work.loc[mask, "row"], strict=True
    ):
        others = [other for other in rows_by_id[employee_id] if other != row]
        fields = ", ".join(labels[employee_id]).lower()
        messages[index] = (
            f'Employee ID "{employee_id}" also appears in {_rows_text(others)} '
            f"with different details ({fields}). None of these rows were imported: "
            "keep one row per person."
        )
    return mask, pd.Series(messages, dtype=object)


def _shared_emails(
    work: pd.DataFrame, candidates: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Rows whose email is also used by a different employee id (all rejected)."""
    pairs = work.loc[candidates, ["email", "employee_id"]].drop_duplicates()
    shared = pairs.loc[pairs["email"].duplicated(keep=False), "email"].unique()
    mask = candidates & work["email"].isin(shared)
    if not mask.any():
        return mask, pd.Series(dtype=object)

    involved = work.loc[mask, ["email", "employee_id", "row"]]
    users: dict[str, dict[str, list[int]]] = {}
    for email, employee_id, row in involved.itertuples(index=False):
        users.setdefault(email, {}).setdefault(employee_id, []).append(row)
    messages = {}
    for index, email, employee_id in zip(
        involved.index, involved["email"], involved["employee_id"], strict=True
    ):
        others = " and ".join(
            f'"{other}" ({_rows_text(rows)})'
            for other, rows in users[email].items()
            if other != employee_id
        )
        messages[index] = (
            f'Email "{email}" is also used by employee ID {others}. Each person '
            "needs their own email, so none of these rows were imported."
        )
    return mask, pd.Series(messages, dtype=object)


def _warn_copies(
    work: pd.DataFrame,
    comparable: pd.DataFrame,
    copies: pd.Series,
    rejected: pd.Series,
    log: ProblemLog,
) -> None:
    """Warn on later copies of identical rows whose first copy is imported.

    Copies of a rejected row carry the same values, hence the same errors, and are
    already reported; like all copies they are left out of the frame.
    """
    warn = copies & ~rejected
    if not warn.any():
        return
    groups = comparable[work["employee_id"].ne("") & comparable.duplicated(keep=False)]
    first_rows = (
        work.loc[groups.index, "row"]
        .groupby([groups[name] for name in groups.columns], sort=False)
        .transform("first")
    )
    log.add(
        "warning",
        warn,
        "Same as row " + first_rows.astype(str) + "; imported once.",
    )


def _warn_dates(
    work: pd.DataFrame, accepted: pd.Series, dayfirst: bool, log: ProblemLog
) -> None:
    expected = "DD/MM/YYYY" if dayfirst else "MM/DD/YYYY"
    unreadable = accepted & work["hire_unreadable"]
    log.add(
        "warning",
        unreadable,
        'Hire date "'
        + work.loc[unreadable, "hire_text"]
        + f'" is not a date (use YYYY-MM-DD or {expected}); imported without a '
        "hire date.",
    )
    other_order = work["hire_other_order"]
    if other_order.any():
        example = work.loc[other_order, "hire_text"].iloc[0]
        row = work.loc[other_order, "row"].iloc[0]
        order = "month/day/year" if dayfirst else "day/month/year"
        setting = "month-first" if dayfirst else "day-first"
        log.add_one(
            None,
            "",
            "warning",
            f'Some hire dates only make sense as {order} (e.g. "{example}" in row '
            f"{row}). If the file uses {order}, import it again with {setting} "
            "dates.",
        )


def _fix_manager_loops(
    work: pd.DataFrame, accepted: pd.Series, log: ProblemLog
) -> pd.Series:
    """Managers of accepted rows, with self-management and loops cleared."""
    managers = work["manager_employee_id"].where(
        work["manager_employee_id"].ne(""), None
    )
    kept = work.loc[accepted, ["employee_id", "manager_employee_id"]]
    links = dict(
        zip(
            kept["employee_id"].tolist(),
            kept["manager_employee_id"].tolist(),
            strict=True,
        )
    )
    _, cut = break_manager_cycles(links)
    messages: dict[str, str] = {}
    for employee_id, manager in cut:
        if employee_id == manager:
            messages[employee_id] = (
                "Lists themselves as their own manager; imported without a manager."
            )
            continue
        loop = [employee_id]
        node = manager
        while node != employee_id:
            loop.append(node)
            node = links[node]
        shown = [*loop, employee_id]
        if len(shown) > _MAX_LISTED:  # Keep a loop through half the company short.
            shown = [*loop[: _MAX_LISTED - 1], f"… {len(loop)} people in all …"]
            shown.append(employee_id)
        chain = " → ".join(shown)
        messages[employee_id] = (
            f"Managers form a loop ({chain}); imported without a manager "
            f'(was "{manager}") to break it.'
        )
    if messages:
        mask = accepted & work["employee_id"].isin(list(messages))
        log.add("warning", mask, work["employee_id"].map(messages))
        managers = managers.where(~mask, None)
    return managers
