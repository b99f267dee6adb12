"""Recognise what an uploaded roster file really is, from its bytes.

The file name and the browser's content type are whatever the user's machine made of
them ("roster.xls" is often HTML or CSV), so only the content is trusted. Anything
that is neither an .xlsx workbook nor UTF-8 text is refused with a message telling
the HR person how to re-save it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Literal

from learners.roster.problems import RosterFileError

SAVE_AS_HINT = (
    'In Excel use File > Save As and choose "CSV UTF-8 (Comma delimited)" or '
    '"Excel Workbook (.xlsx)".'
)

# Uncompressed bytes allowed per uploaded byte of an .xlsx. Real workbooks expand
# about 5-10x; a "zip bomb" expands thousands of times and would exhaust memory.
_XLSX_EXPANSION = 25
_XLSX_MIN_EXPANDED = 64 * 1024 * 1024

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
        expanded = sum(member.file_size for member in members)
        if expanded > max(_XLSX_EXPANSION * max_bytes, _XLSX_MIN_EXPANDED):
            raise RosterFileError(
                f"{subject} unpacks to {describe_size(expanded)}, which is more than "
                "a roster needs. Remove unused sheets and columns, or save the "
                'roster sheet as "CSV UTF-8".'
            )
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
