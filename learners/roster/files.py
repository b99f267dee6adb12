"""Recognise what an uploaded roster file really is, from its bytes.

The file name and the browser's content type are whatever the user's machine made of
them ("roster.xls" is often HTML or CSV), so only the content is trusted. Anything
that is neither an .xlsx workbook nor UTF-8 text is refused with a message telling
the HR person how to re-save it.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import Literal

from learners.roster.problems import RosterFileError

SAVE_AS_HINT = (
    'In Excel use File > Save As and choose "CSV UTF-8 (Comma delimited)" or '
    '"Excel Workbook (.xlsx)".'
)

# An .xlsx is a zip archive; its size on disk says little about the memory it
# takes to read. Real workbooks unpack to about 5-10 times their size; a "zip
# bomb" to thousands of times. The limits, checked in the archive's directory and
# again by unpacking every part with a meter (a directory can lie), are:
#: uncompressed bytes per byte of the uploaded file,
XLSX_MAX_RATIO = 100
#: uncompressed bytes of the whole workbook, whatever its size,
XLSX_MAX_UNPACKED = 128 * 1024 * 1024
#: cells of the first sheet's used area (rows x columns): the spreadsheet reader
#: holds that grid in memory, so a sheet with one cell at A1 and one at XFD900000
#: would need hundreds of gigabytes however small the file,
XLSX_MAX_CELLS = 3_000_000
#: and its columns, so that one row of long text cannot fill the memory.
XLSX_MAX_COLUMNS = 1024
_INFLATE_CHUNK = 1024 * 1024
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_ROW_NUMBER = re.compile(rb'[^>]*?\sr="([0-9]{1,7})"')
# Fast path: only cells have an r="" of letters then digits (rows: digits only).
_CELL_COLUMNS = re.compile(rb' r="([A-Z]{1,3})[0-9]{1,7}"')
_CELL_ROWS = re.compile(rb' r="[A-Z]{1,3}([0-9]{1,7})"')

# File signatures worth a specific message, because users do upload these.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"{\\rtf", "a Rich Text (RTF) document"),
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Source:
    """A recognised upload: CSV text (BOM removed) or the raw bytes of an .xlsx."""

    kind: Literal["csv", "xlsx"]
    text: str = ""
    data: bytes = b""


def describe_size(size: int) -> str:
    """A byte count as people say it ("1.5 MB")."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _subject(filename: str) -> str:
    return f'"{filename}"' if filename else "The file"


def recognise(data: bytes, *, filename: str = "", max_bytes: int) -> Source:
    """Classify ``data`` as CSV text or an .xlsx workbook, or raise RosterFileError.

    The size limit is checked first, before anything is decoded or unzipped.
    """
    subject = _subject(filename)
    if len(data) > max_bytes:
        raise RosterFileError(
            f"{subject} is {describe_size(len(data))}, more than the "
            f"{describe_size(max_bytes)} allowed. Remove columns the academy does "
            "not need, or split the file."
        )
    if not data.strip(b" \t\r\n" + _UTF8_BOM):
        raise RosterFileError(f"{subject} is empty: there are no rows to import.")
    if data.startswith(_ZIP_MAGIC):
        return _recognise_zip(data, subject, max_bytes)
    if data.startswith(_OLE2):
        raise RosterFileError(
            f"{subject} is an old-style Excel 97-2003 (.xls) workbook or a "
            f"password-protected workbook, which cannot be read. Remove any "
            f"password, then save it again. {SAVE_AS_HINT}"
        )
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise RosterFileError(
                f"{subject} is {kind}, not a spreadsheet. Upload the roster as a "
                f"CSV or .xlsx file. {SAVE_AS_HINT}"
            )
    if data.startswith(_UTF16_32_BOMS) or b"\x00" in data:
        # Excel's "Unicode Text" export is UTF-16; a NUL byte means UTF-16 without
        # a byte-order mark, or a binary file.
        raise RosterFileError(
            f'{subject} is not a UTF-8 CSV file (it looks like UTF-16 "Unicode '
            f'text" or a binary file). Save it as "CSV UTF-8". {SAVE_AS_HINT}'
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RosterFileError(
            f"{subject} is not saved as UTF-8 text (the first unreadable character "
            f'is on line {line}). Save it as "CSV UTF-8" so names with accents '
            f"survive. {SAVE_AS_HINT}"
        ) from None
    head = text.lstrip()[:64].casefold()
    if head.startswith(("<!doctype", "<html", "<?xml", "<table")):
        # Several HR systems export HTML or Excel 2003 XML with an .xls name.
        raise RosterFileError(
            f"{subject} is a web page or XML document, not a CSV file, even if its "
            f"name ends in .xls. Open it in Excel and save it again. {SAVE_AS_HINT}"
        )
    return Source(kind="csv", text=text)


def _recognise_zip(data: bytes, subject: str, max_bytes: int) -> Source:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise RosterFileError(
            f"{subject} looks like an Excel workbook but is damaged or incomplete. "
            "Download or export it again."
        ) from None
    names = {member.filename for member in members}
    if "xl/workbook.xml" in names:
        _check_unpacked(data, members, subject)
        return Source(kind="xlsx", data=data)
    if "xl/workbook.bin" in names:
        kind = "an Excel binary workbook (.xlsb)"
    elif "content.xml" in names:
        kind = "an OpenDocument file (.ods)"
    elif "word/document.xml" in names:
        kind = "a Word document"
    elif "ppt/presentation.xml" in names:
        kind = "a PowerPoint presentation"
    else:
        kind = "a ZIP archive"
    raise RosterFileError(
        f"{subject} is {kind}, not an Excel (.xlsx) workbook or CSV file. "
        f"{SAVE_AS_HINT}"
    )


def describe_mib(size: int) -> str:
    """A large byte count in MiB ("416 MiB")."""
    return f"{size / (1024 * 1024):,.0f} MiB"


def _unpack_limit(size: int) -> int:
    return min(XLSX_MAX_RATIO * size, XLSX_MAX_UNPACKED)


def _too_big(subject: str, unpacked: str, limit: int, size: int) -> RosterFileError:
    return RosterFileError(
        f"{subject} unpacks to {unpacked}; the limit is {describe_mib(limit)} "
        f"({XLSX_MAX_RATIO} times the file's {describe_size(size)}, and at most "
        f"{describe_mib(XLSX_MAX_UNPACKED)}). Remove unused sheets and columns, or "
        'save the roster sheet as "CSV UTF-8".'
    )


def _check_unpacked(data: bytes, members: list[zipfile.ZipInfo], subject: str) -> None:
    """Refuse a workbook that unpacks to too much, or whose sheets are too large.

    First the sizes the archive's directory declares, then the real ones: every
    part is inflated with a meter that stops at the limit, so a directory that
    understates a part cannot get it past (the reader would unpack the real
    stream). Nothing is kept: this costs time (about a second per 100 MiB), not
    memory.
    """
    limit = _unpack_limit(len(data))
    declared = sum(member.file_size for member in members)
    if declared > limit:
        raise _too_big(subject, describe_mib(declared), limit, len(data))
    total = 0
    for member in members:
        is_sheet = member.filename.startswith("xl/worksheets/") and (
            member.filename.endswith(".xml")
        )
        extent = _SheetExtent() if is_sheet else None
        size = 0
        for chunk in _inflate(data, member, subject):
            size += len(chunk)
            if total + size > limit:
                raise _too_big(
                    subject, f"more than {describe_mib(limit)}", limit, len(data)
                )
            if extent is not None:
                extent.feed(chunk)
        if size != member.file_size:
            raise _damaged(subject)
        total += size
        if extent is not None:
            extent.check(subject)


def _damaged(subject: str) -> RosterFileError:
    return RosterFileError(
        f"{subject} looks like an Excel workbook but is damaged or incomplete. "
        "Download or export it again."
    )


def _inflate(data: bytes, member: zipfile.ZipInfo, subject: str):
    """The real bytes of one part, chunk by chunk, from its compressed stream."""
    if member.flag_bits & 0x1:
        raise RosterFileError(
            f"{subject} is password-protected, which cannot be read. Remove the "
            f"password, then save it again. {SAVE_AS_HINT}"
        )
    offset = member.header_offset
    header = data[offset : offset + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise _damaged(subject)
    fields = _LOCAL_HEADER.unpack(header)
    start = offset + _LOCAL_HEADER.size + fields[-2] + fields[-1]
    raw = memoryview(data)[start : start + member.compress_size]
    if member.compress_type == zipfile.ZIP_STORED:
        for position in range(0, len(raw), _INFLATE_CHUNK):
            yield bytes(raw[position : position + _INFLATE_CHUNK])
        return
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise _damaged(subject)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for position in range(0, len(raw), _INFLATE_CHUNK):
            pending = raw[position : position + _INFLATE_CHUNK]
            while pending:
                chunk = inflater.decompress(pending, _INFLATE_CHUNK)
                if chunk:
                    yield chunk
                pending = inflater.unconsumed_tail
        tail = inflater.flush()
        if tail:
            yield tail
    except zlib.error:
        raise _damaged(subject) from None


def column_name(index: int) -> str:
    """1 -> "A", 27 -> "AA"."""
    name = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index


class _SheetExtent:
    """The used area of a worksheet, from its XML as it is unpacked.

    Cells name their position ("XFD900000"); cells and rows that do not are
    placed after the previous one, as spreadsheet programs do.
    """

    def __init__(self) -> None:
        self.rows = 0
        self.columns = 0
        self.first_row = None
        self.first_column = None
        self._tail = b""
        self._row = 0
        self._column = 0

    def feed(self, chunk: bytes) -> None:
        # Tags may straddle chunks: keep the unfinished end for the next one.
        text = self._tail + chunk
        cut = text.rfind(b"<")
        if cut == -1 or text.find(b">", cut) != -1:
            cut = len(text)
        self._tail = text[cut:]
        text = text[:cut]
        cells = text.count(b"<c ") + text.count(b"<c>") + text.count(b"<c/>")
        columns = _CELL_COLUMNS.findall(text)
        if len(columns) == cells:
            # Every cell names its place (Excel always writes them): no need to
            # walk the tags one by one.
            if cells:
                self._note_many(columns, _CELL_ROWS.findall(text))
            return
        self._scan(text)

    def _note_many(self, columns: list[bytes], rows: list[bytes]) -> None:
        indexes = [_column_index(letters) for letters in set(columns)]
        numbers = [int(number) for number in set(rows)]
        self._note(min(numbers), min(indexes))
        self._note(max(numbers), max(indexes))
        self._column = _column_index(columns[-1])
        self._row = int(rows[-1])

    def _scan(self, text: bytes) -> None:
        """Slow path, for XML whose cells do not all name their place: row by
        row, a cell's column is at most the count of cells before it in its row
        (or the column it names, if more)."""
        segments = text.split(b"<row")
        self._row_cells(segments[0])
        for segment in segments[1:]:
            match = _ROW_NUMBER.match(segment)
            self._row = int(match.group(1)) if match else self._row + 1
            self._column = 0
            self._row_cells(segment)

    def _row_cells(self, segment: bytes) -> None:
        cells = segment.count(b"<c ") + segment.count(b"<c>") + segment.count(b"<c/>")
        if not cells:
            return
        named = _CELL_COLUMNS.findall(segment)
        furthest = max(_column_index(letters) for letters in set(named)) if named else 0
        self._column = max(self._column + cells, furthest)
        self._note(self._row, 1)
        self._note(self._row, self._column)

    def _note(self, row: int, column: int | None) -> None:
        self.rows = max(self.rows, row)
        self.first_row = row if self.first_row is None else min(self.first_row, row)
        if column is not None:
            self.columns = max(self.columns, column)
            self.first_column = (
                column if self.first_column is None else min(self.first_column, column)
            )

    def check(self, subject: str) -> None:
        if self.first_column is None:
            return
        height = self.rows - self.first_row + 1
        width = self.columns - self.first_column + 1
        last = f"{column_name(self.columns)}{self.rows}"
        if width > XLSX_MAX_COLUMNS:
            raise RosterFileError(
                f"{subject} has cells out to column {column_name(self.columns)} "
                f"({self.columns:,} columns); the limit is {XLSX_MAX_COLUMNS:,}. "
                "Delete the columns beyond the roster, or save the roster sheet "
                'as "CSV UTF-8".'
            )
        if height * width > XLSX_MAX_CELLS:
            raise RosterFileError(
                f"{subject} has a sheet spanning {height:,} rows by {width:,} "
                f"columns (up to cell {last}): {height * width:,} cells; the limit "
                f"is {XLSX_MAX_CELLS:,}. Delete the rows and columns beyond the "
                'roster, or save the roster sheet as "CSV UTF-8".'
            )
