"""Vectorised clean-up of raw roster cells: whitespace, case, dates and statuses.

HR columns repeat a lot (a few hundred departments, a few thousand hire dates over
100,000 rows), so each column is factorised and the work is done once per distinct
value, then spread back with one ``take``. For near-unique columns (ids, emails) the
extra factorise costs little.

All results are ``object`` Series holding Python ``str`` (or ``date``/None), never
pandas' ``str`` dtype, because that dtype turns None into NaN and the apply step
wants plain values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from learners.roster.fields import STATUS_WORDS

# Zero-width characters and stray byte-order marks that survive copy-paste from web
# pages and Word; invisible, yet they make "E001" and "E001\u200b" two employees.
# tables.py removes them while reading, once per file rather than once per column.
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Python's \s is Unicode-aware: it covers non-breaking and other exotic spaces.
_SPACES = r"\s+"

_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_ISO = rf"^(?P<y>\d{{4}})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}}){_TIME}$"
_ISO_BASIC = r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"
_NUMERIC = rf"^(?P<a>\d{{1,2}})[-/.](?P<b>\d{{1,2}})[-/.](?P<y>\d{{4}}|\d{{2}}){_TIME}$"
_DAY_MONTH_NAME = (
    r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?[-\s./]+(?P<mon>[A-Za-z]{3,9})\.?"
    r"[-\s./,]+(?P<y>\d{4}|\d{2})$"
)
_MONTH_NAME_DAY = (
    r"^(?P<mon>[A-Za-z]{3,9})\.?[-\s]+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?[-\s]+"
    r"(?P<y>\d{4})$"
)
# A bare 5-digit number in a date column is an Excel serial day number: what a date
# cell becomes when its column is formatted as "General" before export.
_EXCEL_SERIAL = r"^(?P<n>\d{5})(?:\.0+)?$"
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# Hire dates outside this range are typos ("0224-03-01"), not history.
_YEARS = (1900, 2100)


def on_distinct(
    values: pd.Series, transform: Callable[[pd.Series], pd.Series]
) -> pd.Series:
    """Apply a vectorised ``transform`` once per distinct value of ``values``."""
    # use_na_sentinel=False: None/NaN become one more distinct value, not code -1.
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    done = transform(pd.Series(np.asarray(uniques, dtype=object), dtype=object))
    return pd.Series(
        done.to_numpy(dtype=object).take(codes), index=values.index, dtype=object
    )


def clean_text(
    values: pd.Series, *, collapse: bool = False, distinct: bool = True
) -> pd.Series:
    """Trim all Unicode whitespace (non-breaking spaces too); with ``collapse``, also
    turn inner runs of whitespace, line breaks included, into one space.

    ``distinct=False`` skips factorising, for columns that are unique anyway (ids,
    emails), where it would only add a pass.
    """

    def transform(unique: pd.Series) -> pd.Series:
        if collapse:
            unique = unique.str.replace(_SPACES, " ", regex=True)
        return unique.str.strip()

    if distinct:
        return on_distinct(values, transform)
    return transform(values.astype(object))


def department_keys(departments: pd.Series) -> pd.Series:
    """Grouping key for departments: " Finance ", "finance", "FINANCE" -> "finance".

    Expects already-cleaned (collapsed) names; casefold also folds "ß" and friends.
    """
    return on_distinct(departments, lambda unique: unique.str.casefold())


def first_spelling(display: pd.Series, keys: pd.Series) -> pd.Series:
    """Replace each display name by the first spelling seen for its key."""
    firsts = pd.Series(
        display.to_numpy(dtype=object), index=keys.to_numpy(dtype=object)
    )
    firsts = firsts[~firsts.index.duplicated(keep="first")]
    return pd.Series(
        keys.map(firsts).to_numpy(dtype=object), index=display.index, dtype=object
    )


@dataclass(frozen=True)
class ParsedStatuses:
    """Statuses mapped to active/on_leave/left (missing where ``unknown``)."""

    parsed: pd.Series
    unknown: pd.Series


def parse_statuses(words: pd.Series) -> ParsedStatuses:
    """Map free-text employment statuses; blank means "active"."""

    def transform(unique: pd.Series) -> pd.Series:
        keys = unique.str.casefold().str.replace(r"[\s_\-]+", " ", regex=True)
        keys = keys.str.strip()
        mapped = keys.map(STATUS_WORDS)
        return mapped.where(keys != "", "active")

    values = on_distinct(words, transform)
    return ParsedStatuses(parsed=values, unknown=values.isna())


@dataclass(frozen=True)
class ParsedDates:
    """Hire dates as ``datetime.date`` or None.

    ``unreadable`` marks non-blank cells that are not a date; ``other_order`` marks
    those that would have been a valid date read the other way round (day-first vs
    month-first), so the reader can suggest switching ``dayfirst``.
    """

    parsed: pd.Series
    unreadable: pd.Series
    other_order: pd.Series


def _assemble(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    stamps = pd.to_datetime(
        pd.DataFrame({"year": year, "month": month, "day": day}), errors="coerce"
    )
    in_range = stamps.dt.year.between(*_YEARS)
    return stamps.where(in_range)


def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_numeric(frame[column], errors="coerce")


def _years(frame: pd.DataFrame, column: str) -> pd.Series:
    """Years, with two-digit ones (and only those) pivoted like ``strptime``'s %y."""
    years = _numbers(frame, column)
    short = frame[column].str.len().eq(2).fillna(False).astype(bool)
    return years.where(~short, years + np.where(years <= 68, 2000, 1900))


def _parse_distinct(unique: pd.Series, dayfirst: bool) -> pd.DataFrame:
    """Parse distinct date texts into timestamps (NaT when unreadable)."""
    year = pd.Series(np.nan, index=unique.index)
    month = year.copy()
    day = year.copy()

    def fill(found: pd.DataFrame, y: str, m: str, d: str) -> None:
        # Only cells no earlier (more certain) pattern has claimed.
        todo = year.isna() & found[y].notna()
        parts = (
            _years(found, y),
            _month_numbers(found[m]) if m == "mon" else _numbers(found, m),
            _numbers(found, d),
        )
        for target, part in zip((year, month, day), parts, strict=True):
            target[todo] = part[todo]

    def extract(pattern: str) -> pd.DataFrame:
        return unique.str.extract(pattern, flags=re.IGNORECASE)

    # ISO first, whatever ``dayfirst`` says: 2024-03-01 is never ambiguous.
    fill(extract(_ISO), "y", "m", "d")
    fill(extract(_ISO_BASIC), "y", "m", "d")
    numeric = extract(_NUMERIC)
    numeric_rows = year.isna() & numeric["y"].notna()
    month_group, day_group = ("b", "a") if dayfirst else ("a", "b")
    fill(numeric, "y", month_group, day_group)
    fill(extract(_DAY_MONTH_NAME), "y", "mon", "d")
    fill(extract(_MONTH_NAME_DAY), "y", "mon", "d")
    stamps = _assemble(year, month, day)

    serial = _numbers(extract(_EXCEL_SERIAL), "n")
    serial_stamps = _EXCEL_EPOCH + pd.to_timedelta(serial, unit="D")
    stamps = stamps.fillna(serial_stamps.where(serial_stamps.dt.year.between(*_YEARS)))

    # Would the numeric dates that failed have worked the other way round?
    swapped = _assemble(
        _years(numeric, "y"),
        _numbers(numeric, day_group),
        _numbers(numeric, month_group),
    )
    other_order = numeric_rows & stamps.isna() & swapped.notna()
    return pd.DataFrame({"stamp": stamps, "other_order": other_order})


def _month_numbers(names: pd.Series) -> pd.Series:
    return names.str.casefold().map(_MONTHS).astype(float)


def parse_dates(texts: pd.Series, *, dayfirst: bool) -> ParsedDates:
    """Parse hire dates: ISO always; dd/mm/yyyy when ``dayfirst`` else mm/dd/yyyy.

    Also accepted: a time part ("2024-03-01 00:00:00", how a workbook date cell reads
    as text), YYYYMMDD, "1 Mar 2024", "March 1, 2024", two-digit years (00-68 ->
    2000s, 69-99 -> 1900s, like ``strptime``'s %y) and Excel serial day numbers.
    Blank -> None. Work is per distinct text, so 100,000 rows cost a few thousand
    parses.
    """
    codes, uniques = pd.factorize(texts.fillna(""))
    unique = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    present = unique.ne("")
    if present.any():
        parsed = _parse_distinct(unique[present], dayfirst).reindex(unique.index)
    else:  # A blank or absent date column: nothing to parse.
        parsed = pd.DataFrame({"stamp": pd.NaT}, index=unique.index)
    parsed["stamp"] = pd.to_datetime(parsed["stamp"])
    parsed["other_order"] = parsed.get("other_order", False)
    parsed["other_order"] = parsed["other_order"].fillna(False).astype(bool)
    dates = np.where(
        parsed["stamp"].isna(), None, parsed["stamp"].dt.date.to_numpy(dtype=object)
    )
    unreadable = parsed["stamp"].isna() & present
    return ParsedDates(
        parsed=pd.Series(dates.take(codes), index=texts.index, dtype=object),
        unreadable=pd.Series(
            unreadable.to_numpy().take(codes), index=texts.index, dtype=bool
        ),
        other_order=pd.Series(
            parsed["other_order"].to_numpy().take(codes),
            index=texts.index,
            dtype=bool,
        ),
    )


def iso_or_text(dates: pd.Series, texts: pd.Series) -> pd.Series:
    """A comparable key per hire date: ISO text when parsed, else the raw text.

    Used to find exact duplicates: "2024-03-01" and "03/01/2024" are the same date,
    but two different unreadable texts are not the same value.
    """
    iso = on_distinct(dates, lambda unique: unique.map(_iso, na_action="ignore"))
    return iso.where(dates.notna(), "?" + texts.astype(object))


def _iso(value: date) -> str:
    return value.isoformat()
