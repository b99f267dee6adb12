"""Spreadsheet-safe exports, shared by every "download as CSV/Excel" in the product.

Text that people typed (names, job titles, course answers) may start with a
character a spreadsheet treats as a formula: "=HYPERLINK(...)", "+1-555", "@SUM",
"-2+3". Opened in Excel or LibreOffice such a cell runs, which can leak data or,
with old DDE features, start programs ("CSV injection", OWASP). Following OWASP's
advice, a text value starting with =, +, -, @, tab or carriage return gets a leading
apostrophe, so it shows as text. Numbers, dates and other non-text values are left
alone: ``-5`` (an int) is a number, ``"-5"`` (a string) is text and is prefixed.

Only the writers here neutralise; stored data stays exactly as entered (the roster
reader keeps "=SUM(A1)" as text, for instance). The writers are pure pandas/openpyxl,
so Celery tasks and management commands can use them too; ``download_response`` is
the one place a view turns a frame into a file download (content type, a safe
``Content-Disposition`` filename, no caching, streaming for long CSVs).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any, Final

import pandas as pd
from django.http import HttpResponse, StreamingHttpResponse
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

__all__ = [
    "CONTENT_TYPES",
    "DOWNLOAD_FORMATS",
    "FORMULA_TRIGGERS",
    "STREAM_ROWS",
    "csv_chunks",
    "csv_lines_response",
    "download_response",
    "neutralise",
    "neutralise_frame",
    "safe_filename",
    "write_csv",
    "write_xlsx",
]

#: First characters that make a spreadsheet read a cell as a formula (OWASP list).
FORMULA_TRIGGERS: Final[tuple[str, ...]] = ("=", "+", "-", "@", "\t", "\r")

# Characters Excel forbids in sheet names, and its 31-character limit.
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_MAX = 31


def neutralise(value: Any) -> Any:
    """Prefix a formula-like string with an apostrophe; return anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _is_text_column(series: pd.Series) -> bool:
    # object columns may mix text with numbers; string/str dtypes are all text;
    # categoricals of text are text too.
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return _is_text_column(pd.Series(dtype.categories))
    return pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)


def _starts_risky(series: pd.Series) -> pd.Series | None:
    """Mask of formula-like strings, or None when the column holds no strings."""
    try:
        starts = series.str.startswith(FORMULA_TRIGGERS)
    except AttributeError:
        # pandas refuses .str on object columns without any strings (ints, dates).
        return None
    # Non-strings in a mixed object column give NaN: not text, so not risky.
    return starts.fillna(False).astype(bool)


def _neutralise_series(series: pd.Series) -> pd.Series:
    if isinstance(series.dtype, pd.CategoricalDtype):
        series = series.astype(object)
    risky = _starts_risky(series)
    if risky is None:
        return series
    if not risky.any():
        return series
    series = series.copy()
    series[risky] = "'" + series[risky].astype(str)
    return series


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``df`` with formula-like text neutralised, column headers too.

    Vectorised per text column (object, string and categorical-of-text dtypes);
    numeric, boolean and datetime columns are untouched. The input is not modified.
    """
    out = df.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if _is_text_column(column):
            out.isetitem(position, _neutralise_series(column))
    # Headers can come from user data too (custom fields, pivoted answers).
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = pd.MultiIndex.from_tuples(
            [tuple(neutralise(level) for level in name) for name in out.columns]
        )
    else:
        out.columns = [neutralise(name) for name in out.columns]
    return out


def _write(fileobj: IO[Any], text: str) -> None:
    # Text files (and StringIO) take str; binary files and Django's HttpResponse,
    # which is not a TextIOBase, take UTF-8 bytes.
    if isinstance(fileobj, io.TextIOBase):
        fileobj.write(text)
    else:
        fileobj.write(text.encode("utf-8"))


def write_csv(frame: pd.DataFrame, fileobj: IO[Any], *, bom: bool = True) -> None:
    """Write ``frame`` as neutralised CSV (no index) to a text or binary file object.

    Lines end in CRLF (RFC 4180). ``bom`` starts the file with a UTF-8 byte-order
    mark, without which Excel on Windows misreads accented letters.
    """
    text = neutralise_frame(frame).to_csv(index=False, lineterminator="\r\n")
    _write(fileobj, ("\ufeff" if bom else "") + text)


def csv_chunks(frame: pd.DataFrame, *, chunk_rows: int = 20_000) -> Iterator[bytes]:
    """``frame`` as neutralised UTF-8 CSV (BOM, header, CRLF), piece by piece.

    The same bytes as ``write_csv``, for a streamed download: only one chunk of
    ``chunk_rows`` rows is ever turned into text at a time.
    """
    header = neutralise_frame(frame.iloc[:0]).to_csv(index=False, lineterminator="\r\n")
    yield ("\ufeff" + header).encode("utf-8")
    for start in range(0, len(frame), chunk_rows):
        part = neutralise_frame(frame.iloc[start : start + chunk_rows])
        yield part.to_csv(index=False, header=False, lineterminator="\r\n").encode(
            "utf-8"
        )


def _sheet_title(name: str) -> str:
    title = _SHEET_NAME_FORBIDDEN.sub(" ", name).strip().strip("'")
    return title[:_SHEET_NAME_MAX] or "Sheet1"


def _excel_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Make values openpyxl can store: no control characters, no time zones."""
    out = frame.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if isinstance(column.dtype, pd.DatetimeTZDtype):
            # Excel has no time zones; openpyxl refuses aware datetimes.
            out.isetitem(position, column.dt.tz_localize(None))
        elif _is_text_column(column) and not isinstance(
            column.dtype, pd.CategoricalDtype
        ):
            # openpyxl raises on control characters (other than tab/CR/LF).
            try:
                found = column.str.contains(ILLEGAL_CHARACTERS_RE)
            except AttributeError:
                continue
            illegal = found.fillna(False).astype(bool)
            if illegal.any():
                cleaned = column.copy()
                cleaned[illegal] = cleaned[illegal].str.replace(
                    ILLEGAL_CHARACTERS_RE, "", regex=True
                )
                out.isetitem(position, cleaned)
    return out


def write_xlsx(
    frame: pd.DataFrame, fileobj: IO[bytes], *, sheet_name: str = "Export"
) -> None:
    """Write ``frame`` as a neutralised one-sheet .xlsx workbook (no index).

    Neutralising matters here too: openpyxl stores any string starting with "=" as a
    live formula, and a cell exported as text can become a formula again when the
    workbook is saved as CSV. The workbook is built in memory, then written in one
    call, so any writable binary object works (files, BytesIO, HttpResponse).
    """
    safe = _excel_ready(neutralise_frame(frame))
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, sheet_name=_sheet_title(sheet_name), index=False)
    fileobj.write(buffer.getvalue())


# --- Downloads ------------------------------------------------------------------------

#: Content type of each download format.
CONTENT_TYPES: Final[dict[str, str]] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DOWNLOAD_FORMATS: Final[tuple[str, ...]] = tuple(CONTENT_TYPES)
#: A CSV longer than this many rows is streamed, a chunk at a time, by default.
STREAM_ROWS: Final[int] = 20_000

# Anything but ASCII letters, digits, dot, dash and underscore: a quote, a
# semicolon or a line break in a header value could change its meaning.
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")
_FILENAME_MAX = 120


def safe_filename(name: str, *, fallback: str = "download") -> str:
    """``name`` reduced to ASCII letters, digits, ``.``, ``_`` and ``-``.

    Runs of anything else become one ``-``; leading dots and dashes go, so the
    result is never a hidden file or an option. Empty results use ``fallback``.
    """
    cleaned = _UNSAFE_FILENAME.sub("-", name).strip(".-")[:_FILENAME_MAX]
    return cleaned.strip(".-") or fallback


def _attachment(response, *, filename: str, fmt: str):
    response["Content-Disposition"] = (
        f'attachment; filename="{safe_filename(filename)}.{fmt}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def csv_lines_response(
    lines: Iterable[str], *, columns: list[str], filename: str
) -> HttpResponse:
    """A CSV download of ``lines`` already written as CSV (``core.sql_csv``:
    neutralised, quoted, CRLF-terminated) under a header of ``columns``: the same
    file ``download_response`` makes of a frame of those values, with the same
    headers."""
    header = io.StringIO()
    csv.writer(header, lineterminator="\r\n").writerow(
        [neutralise(column) for column in columns]
    )
    response = HttpResponse(content_type=CONTENT_TYPES["csv"])
    response.write(("\ufeff" + header.getvalue() + "".join(lines)).encode("utf-8"))
    return _attachment(response, filename=filename, fmt="csv")


def download_response(
    frame: pd.DataFrame,
    *,
    filename: str,
    fmt: str,
    sheet: str = "Export",
    stream_rows: int = STREAM_ROWS,
) -> HttpResponse | StreamingHttpResponse:
    """``frame`` as a neutralised file download named ``<filename>.<fmt>``.

    ``fmt`` is ``"csv"`` or ``"xlsx"``. A CSV of more than ``stream_rows`` rows is
    streamed (``csv_chunks``), anything else is built whole. The file is marked
    private and never stored by a cache: downloads hold people's data.
    """
    if fmt not in CONTENT_TYPES:
        raise ValueError(
            f"Unknown download format {fmt!r}; use one of {', '.join(CONTENT_TYPES)}."
        )
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv" and len(frame) > stream_rows:
        response = StreamingHttpResponse(
            csv_chunks(frame, chunk_rows=stream_rows), content_type=CONTENT_TYPES[fmt]
        )
    else:
        response = HttpResponse(content_type=CONTENT_TYPES[fmt])
        if fmt == "csv":
            write_csv(frame, response)
        else:
            write_xlsx(frame, response, sheet_name=sheet)
    return _attachment(response, filename=filename, fmt=fmt)
