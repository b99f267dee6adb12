"""Turn a recognised upload into a table of raw text cells, one column per field.

Nothing here interprets values: every cell stays the text the user typed (ids keep
their leading zeros, "=1+1" stays text). CSV is parsed in chunks of which only the
columns that map to a roster field are kept, so a 60-column HR export costs little
more memory than an 11-column one.

Speed: CSV goes through pandas' C parser (100,000 rows in well under a second).
.xlsx goes through calamine (Rust, via python-calamine), about as fast per row as the
CSV path; openpyxl, pure Python, took over a minute for 100,000 rows.

Row numbers are what a person sees in a spreadsheet program: the header is row 1.
For CSV that means *records*, not text lines: a quoted value containing line breaks
is one row, exactly as Excel shows it, so a text editor's line number can be higher.
Blank lines count as rows (Excel shows them too) but are not imported.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as dt_time

import numpy as np
import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook

from learners.roster.fields import (
    ALIAS_INDEX,
    LABELS,
    REQUIRED,
    SOURCE_FIELDS,
    header_key,
)
from learners.roster.files import Source
from learners.roster.normalise import INVISIBLE
from learners.roster.problems import RosterFileError

#: The header is the first non-blank row among this many that names the required
#: fields; this skips title rows ("Headcount report, run 3 May") above the header.
HEADER_SEARCH_ROWS = 10

#: Characters of text the roster's columns of an .xlsx may hold: about 125 a row
#: at the row limit, more than a CSV within the 20 MB upload limit can. Shared
#: strings let a small workbook repeat one long text in every cell; this bounds
#: the memory that takes.
MAX_XLSX_TEXT = 24 * 1024 * 1024
_DELIMITERS = (",", ";", "\t")
_CSV_CHUNK_ROWS = 50_000
_SNIFF_CHARS = 1024 * 1024
_EXCEL_SEP_LINE = re.compile(r"\Asep=(.)[ \t]*\r?\n", re.IGNORECASE)


@dataclass(frozen=True)
class RawTable:
    """Raw text cells for the fields found, plus where each came from.

    ``frame`` has one ``str`` column per field found in the file, plus ``row`` (the
    spreadsheet row number) and ``overflow`` (True when the row had cells beyond the
    header, CSV only). Rows that are completely blank are already dropped.
    """

    frame: pd.DataFrame
    column_map: dict[str, str]
    unknown_columns: list[str]


@dataclass
class _Resolution:
    """How one candidate header row maps onto fields."""

    by_position: dict[int, str] = field(default_factory=dict)
    claims: dict[str, list[str]] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [name for name in REQUIRED if name not in self.claims]

    @property
    def score(self) -> tuple[bool, int, int]:
        # Used to pick the delimiter: one finding the required columns beats one
        # finding more optional columns, which beats one that just splits more.
        return (not self.missing, len(self.claims), len(self.headers))


def prepare_mapping(mapping: dict[str, str] | None) -> dict[str, str]:
    """Check an explicit ``{"Source header": "field"}`` mapping; key it by header_key.

    Raises RosterFileError for a target that is not a field, or a header sent to two
    different fields, before any of the file is read.
    """
    prepared: dict[str, str] = {}
    by_key = {header_key(name): name for name in SOURCE_FIELDS}
    for source, target in (mapping or {}).items():
        target_field = by_key.get(header_key(str(target)))
        if target_field is None:
            raise RosterFileError(
                f'The column mapping sends "{source}" to "{target}", which is not a '
                f"roster field. The fields are: {', '.join(SOURCE_FIELDS)}."
            )
        key = header_key(str(source))
        if not key:
            raise RosterFileError(
                f'The column mapping names a blank header for "{target_field}".'
            )
        if prepared.get(key, target_field) != target_field:
            raise RosterFileError(
                f'The column mapping sends "{source}" to both "{prepared[key]}" and '
                f'"{target_field}"; a column can fill only one field.'
            )
        prepared[key] = target_field
    return prepared


def _clean_header(cell: object) -> str:
    return INVISIBLE.sub("", str(cell)).strip()


def _resolve(headers: list[str], mapping: dict[str, str]) -> _Resolution:
    resolution = _Resolution(headers=headers)
    explicit = set(mapping.values())
    for position, header in enumerate(headers):
        key = header_key(header)
        if not key:
            if header:  # e.g. "#": not blank, so worth listing as ignored.
                resolution.unknown.append(header)
            continue
        target = mapping.get(key)
        if target is None:
            target = ALIAS_INDEX.get(key)
            # An explicit mapping to a field beats an alias for the same field: the
            # mapping is how a user picks "Work Email" over "Email" when both exist.
            if target in explicit:
                target = None
        if target is None:
            resolution.unknown.append(header)
            continue
        resolution.claims.setdefault(target, []).append(header)
        resolution.by_position[position] = target
    return resolution


def _pick_header(
    records: list[list[str]], mapping: dict[str, str]
) -> tuple[int, _Resolution]:
    """Return (record index, resolution) of the header among the first records."""
    first: tuple[int, _Resolution] | None = None
    seen = 0
    for index, record in enumerate(records):
        headers = [_clean_header(cell) for cell in record]
        if not any(headers):
            continue
        resolution = _resolve(headers, mapping)
        if first is None:
            first = (index, resolution)
        if not resolution.missing:
            return index, resolution
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    if first is None:
        raise RosterFileError("The file is empty: there are no rows to import.")
    return first


def _check_resolution(resolution: _Resolution, mapping: dict[str, str]) -> None:
    found = ", ".join(f'"{h}"' for h in resolution.headers if h) or "none"
    header_keys = {header_key(h) for h in resolution.headers}
    missing_sources = [key for key in mapping if key not in header_keys]
    if missing_sources:
        raise RosterFileError(
            "The column mapping names columns that are not in the file "
            f"({', '.join(missing_sources)}). Columns found: {found}."
        )
    for target, headers in resolution.claims.items():
        if len(headers) > 1:
            listed = " and ".join(f'"{h}"' for h in headers)
            raise RosterFileError(
                f"Columns {listed} would all fill {LABELS[target]}. Keep one of "
                "them, rename the others, or choose one in the column mapping."
            )
    if resolution.missing:
        needed = " and ".join(
            f"{LABELS[name]} (e.g. " + '"' + name + '"' + ")"
            for name in resolution.missing
        )
        raise RosterFileError(
            f"The file has no column for {needed}. Columns found: {found}."
        )


def _header_records(text: str, delimiter: str, limit: int) -> list[list[str]]:
    """The first ``limit`` records, parsed like the real read; [] if unparseable."""
    records: list[list[str]] = []
    # A prefix is enough for the first records and avoids copying a 20 MB string.
    sample = text[:_SNIFF_CHARS]
    try:
        for record in csv.reader(io.StringIO(sample), delimiter=delimiter):
            records.append(record)
            if len(records) >= limit:
                break
    except csv.Error:
        # This delimiter/quoting guess does not fit the file; another may.
        return records
    return records


def _sniff_csv(
    text: str, mapping: dict[str, str], forced: str | None
) -> tuple[str, int, _Resolution]:
    """Choose the delimiter whose split of the first records finds the best header."""
    # Blank lines before the header count towards the record budget, so allow some.
    limit = HEADER_SEARCH_ROWS * 3
    best: tuple[str, int, _Resolution] | None = None
    for delimiter in (forced,) if forced else _DELIMITERS:
        records = _header_records(text, delimiter, limit)
        if not records:
            continue
        index, resolution = _pick_header(records, mapping)
        # Strictly better only, so the order of _DELIMITERS breaks ties.
        if best is None or resolution.score > best[2].score:
            best = (delimiter, index, resolution)
    if best is None:
        raise RosterFileError("The file could not be read as CSV text.")
    return best


class _RowOverflow(Exception):
    """A record has more cells than the header: switch to the careful reader."""


def _pandas_csv_chunks(
    text: str, delimiter: str, header_index: int
) -> Iterator[pd.DataFrame]:
    """Fast path: pandas' C parser, chunk by chunk, header record included.

    The width is taken from the header record, so a longer record raises
    ``_RowOverflow`` instead of being silently cut (as it would be with ``usecols``).
    """
    options = {
        "sep": delimiter,
        "header": None,
        # Title lines above the header (see _pick_header). They are counted as
        # lines here and as records by the csv module; the same unless a title
        # contains a quoted line break.
        "skiprows": header_index,
        # Everything stays text: no number, date or NA guessing, so "00123" and
        # "NA" (a valid surname) arrive untouched.
        "dtype": str,
        "na_filter": False,
        "keep_default_na": False,
        # Blank lines are kept as rows so that row numbers match the spreadsheet.
        "skip_blank_lines": False,
        "engine": "c",
        "encoding": "utf-8",
        # Bounded chunks keep memory flat however many unused columns a file has.
        "chunksize": _CSV_CHUNK_ROWS,
    }
    try:
        # Bytes, not StringIO: the C parser tokenises UTF-8 natively, and reading
        # from a text buffer is about twice as slow.
        with pd.read_csv(io.BytesIO(text.encode("utf-8")), **options) as reader:
            for chunk in reader:
                chunk.index += header_index
                yield chunk
    except pd.errors.ParserError as exc:
        message = str(exc)
        if re.search(r"Expected \d+ fields in line \d+, saw \d+", message):
            raise _RowOverflow from None
        match = re.search(r"EOF inside string starting at row (\d+)", message)
        if match:
            row = int(match.group(1)) + header_index + 1
            raise RosterFileError(
                f"A quoted value starting in row {row} is never closed: check that "
                'row for a stray double quote (").'
            ) from None
        raise RosterFileError(
            f"The file could not be read as CSV: {message.strip()}"
        ) from None


def _careful_csv_chunks(
    text: str, delimiter: str, header_index: int, width: int
) -> Iterator[pd.DataFrame]:
    """Slow path, only for files with over-long records: Python's csv module.

    A per-record loop is unavoidable here, because pandas can either reject such a
    file or silently drop the extra cells, and we want to reject just those rows.
    The extra cells are folded into one column, later turned into the overflow flag.
    """
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    padding = [""] * width
    batch: list[list[str]] = []
    start = 0
    try:
        for index, record in enumerate(reader):
            if index < header_index:
                continue
            if not batch:
                start = index
            cells = (record + padding)[:width]
            cells.append("".join(record[width:]).strip())
            batch.append(cells)
            if len(batch) >= _CSV_CHUNK_ROWS:
                yield pd.DataFrame(
                    batch, index=range(start, start + len(batch)), dtype=object
                )
                batch = []
    except csv.Error as exc:
        raise RosterFileError(f"The file could not be read as CSV: {exc}") from None
    if batch:
        yield pd.DataFrame(batch, index=range(start, start + len(batch)), dtype=object)


def _nonblank(frame: pd.DataFrame, columns: list[int]) -> pd.Series:
    # Exact "" test: cheap, and whitespace-only rows are dropped after trimming.
    return frame[columns].ne("").any(axis=1)


def _too_many_rows(max_rows: int) -> RosterFileError:
    return RosterFileError(
        f"The file has more than {max_rows:,} rows. Split it into smaller files."
    )


def _collect(
    chunks: Iterator[pd.DataFrame],
    header_index: int,
    columns: list[int],
    max_rows: int,
) -> pd.DataFrame:
    """Keep the wanted columns of non-blank data rows, stopping past max_rows.

    Counting while reading is the exact row check; it stops a huge file after
    ``max_rows`` rows instead of after parsing all of it.
    """
    kept: list[pd.DataFrame] = []
    count = 0
    for chunk in chunks:
        body = chunk.loc[chunk.index > header_index, columns]
        body = body[_nonblank(body, columns)]
        count += len(body)
        if count > max_rows:
            raise _too_many_rows(max_rows)
        kept.append(body)
    if not kept:
        return pd.DataFrame(columns=columns, dtype=object)
    return pd.concat(kept) if len(kept) > 1 else kept[0]


def read_csv_table(source: Source, mapping: dict[str, str], max_rows: int) -> RawTable:
    """Parse CSV text: sniff delimiter and header, then read the mapped columns."""
    text = source.text
    forced = None
    sep_line = _EXCEL_SEP_LINE.match(text)
    if sep_line:
        # Excel's "sep=;" hint line; Excel hides it, so the header stays row 1.
        forced = sep_line.group(1)
        text = text[sep_line.end() :]
    if INVISIBLE.search(text):
        text = INVISIBLE.sub("", text)
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")  # Classic Mac line endings.
    delimiter, header_index, resolution = _sniff_csv(text, mapping, forced)
    _check_resolution(resolution, mapping)

    width = len(resolution.headers)
    positions = sorted(resolution.by_position)
    try:
        raw = _collect(
            _pandas_csv_chunks(text, delimiter, header_index),
            header_index,
            positions,
            max_rows,
        )
        overflow = pd.Series(False, index=raw.index)
    except _RowOverflow:
        raw = _collect(
            _careful_csv_chunks(text, delimiter, header_index, width),
            header_index,
            [*positions, width],
            max_rows,
        )
        overflow = raw.pop(width).ne("")

    frame = raw.rename(columns=resolution.by_position)
    frame["overflow"] = overflow
    frame["row"] = raw.index + 1
    return RawTable(
        frame=frame.reset_index(drop=True),
        column_map=_column_map(resolution),
        unknown_columns=resolution.unknown,
    )


def _cell_text(value: object) -> str:
    """A cell as the text a person sees: ids keep their digits ("1234567890123",
    not "1.23e12" or "7.0"), dates their ISO form."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        if value.time() == dt_time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _damaged_workbook(exc: Exception) -> RosterFileError:
    # calamine reports damaged workbooks through several types.
    return RosterFileError(
        "The Excel workbook could not be read; it may be damaged or "
        f"password-protected ({type(exc).__name__}). Open it in Excel and save "
        "it again, or save the roster sheet as CSV UTF-8."
    )


_WORKBOOK_ERRORS = (
    CalamineError,
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    OSError,
    EOFError,
)


def _sheet_rows(data: bytes) -> tuple[int, Iterator[list]]:
    """(row number of the first row, the first sheet's rows one by one).

    The workbook's size and its sheet's area were bounded when it was
    recognised (files.py), which bounds the grid calamine holds; the rows are
    turned into Python values one at a time, and only the roster's columns of
    each are kept.
    """
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
    except _WORKBOOK_ERRORS as exc:
        raise _damaged_workbook(exc) from None
    start = sheet.start
    return (start[0] + 1 if start else 1), sheet.iter_rows()


class _RowCollector:
    """The roster's columns of a sheet's non-blank rows, within the row and text
    limits: the first row past either refuses the file."""

    def __init__(self, *, width: int, first_row: int, max_rows: int, max_text: int):
        self.columns: list[list[str]] = [[] for _ in range(width)]
        self.numbers: list[int] = []
        self.first_row, self.max_rows, self.max_text = first_row, max_rows, max_text
        self.text = 0

    def keep(self, index: int, cells: list[str]) -> None:
        if not any(cells):
            return
        if len(self.numbers) >= self.max_rows:
            raise _too_many_rows(self.max_rows)
        self.text += sum(map(len, cells))
        if self.text > self.max_text:
            raise RosterFileError(
                f"The roster's columns hold more than {self.max_text:,} characters "
                f"of text by row {self.first_row + index:,}, more than a roster of "
                f"{self.max_rows:,} people needs. Check for very long cells, or "
                "split the file."
            )
        for column, cell in zip(self.columns, cells, strict=True):
            column.append(cell)
        self.numbers.append(self.first_row + index)


def read_xlsx_table(
    source: Source,
    mapping: dict[str, str],
    max_rows: int,
    max_text: int | None = None,
) -> RawTable:
    """Read the first sheet of a workbook as text and map its header row.

    Streams the rows: counts the data rows as it goes and stops at the first row
    past ``max_rows``, and stops once the roster's columns hold more than
    ``max_text`` characters (default MAX_XLSX_TEXT).
    """
    max_text = max_text if max_text is not None else MAX_XLSX_TEXT
    first_row, rows = _sheet_rows(source.data)
    try:
        records = [
            [_cell_text(cell) for cell in row]
            for row in itertools.islice(rows, HEADER_SEARCH_ROWS * 5)
        ]
    except _WORKBOOK_ERRORS as exc:
        raise _damaged_workbook(exc) from None
    if not any(any(record) for record in records):
        raise RosterFileError("The file is empty: there are no rows to import.")
    header_index, resolution = _pick_header(records, mapping)
    _check_resolution(resolution, mapping)
    positions = sorted(resolution.by_position)
    kept = _RowCollector(
        width=len(positions), first_row=first_row, max_rows=max_rows, max_text=max_text
    )

    def cells_of(row: list) -> list[str]:
        width = len(row)
        return [_cell_text(row[p]) if p < width else "" for p in positions]

    for index, record in enumerate(records):
        if index > header_index:
            kept.keep(index, [record[p] if p < len(record) else "" for p in positions])
    try:
        for index, row in enumerate(rows, start=len(records)):
            kept.keep(index, cells_of(row))
    except _WORKBOOK_ERRORS as exc:
        raise _damaged_workbook(exc) from None
    columns, numbers = kept.columns, kept.numbers
    del rows, records  # Frees the sheet's grid before the frame is built.

    frame = pd.DataFrame(
        {
            resolution.by_position[position]: pd.Series(values, dtype=object)
            for position, values in zip(positions, columns, strict=True)
        }
    )
    for name in frame.columns:
        frame[name] = frame[name].str.replace(INVISIBLE, "", regex=True)
    frame["overflow"] = False
    frame["row"] = pd.Series(numbers, dtype=np.int64)
    return RawTable(
        frame=frame,
        column_map=_column_map(resolution),
        unknown_columns=resolution.unknown,
    )


def _column_map(resolution: _Resolution) -> dict[str, str]:
    return {
        resolution.headers[position]: target
        for position, target in sorted(resolution.by_position.items())
    }


def read_table(source: Source, mapping: dict[str, str], max_rows: int) -> RawTable:
    """Dispatch on the recognised kind of file."""
    if source.kind == "xlsx":
        return read_xlsx_table(source, mapping, max_rows)
    return read_csv_table(source, mapping, max_rows)


__all__ = ["HEADER_SEARCH_ROWS", "RawTable", "prepare_mapping", "read_table"]
