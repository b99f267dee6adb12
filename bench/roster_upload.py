"""Reading roster uploads at the limits: peak memory and time, and bombs refused.

Builds, in memory, the worst files the reader accepts and files it must refuse,
then reads each with ``read_roster`` (bytes in, validated rows out: what the
preview does before it compares with the academy) in a fresh process, and prints
wall seconds, peak RSS (VmHWM of the reading process) and the outcome:

* worst accepted .xlsx: 200,000 rows, as many columns as the sheet-area limit
  allows (14), every roster column filled, and other columns of text (every
  cell different) up to the unpacked-size limit;
* worst accepted CSV: 200,000 rows filling the 20 MB upload limit;
* a zip bomb: a 1.5 MB workbook of 4.5 million rows, unpacking to about 416 MiB;
* a sparse-grid bomb: a 2 KB workbook with cells at A1 and XFD900000;
* a lying directory: a workbook whose archive understates its sheet's size;
* one row too many: 200,001 rows as CSV.

The target: at most 500 MiB for every file read, accepted or refused. Usage::

    .venv/bin/python bench/roster_upload.py [--only NAME]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MIB = 500
ROWS = 200_000
HEADER = [
    "Employee ID",
    "Email",
    "First Name",
    "Last Name",
    "Department",
    "Manager ID",
    "Job Title",
    "Role",
    "Location",
    "Hire Date",
    "Status",
]
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def xlsx(rows, *, refs: bool = True, lie: bool = False) -> bytes:
    """A minimal workbook (shared strings for text, numbers as numbers).

    ``refs``: cells name their position (as Excel writes them); without, the
    XML repeats exactly and compresses a thousandfold. ``lie``: the archive's
    directory understates the sheet's unpacked size.
    """
    strings: dict[str, int] = {}
    sheet = io.StringIO()
    sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">')
    sheet.write("<sheetData>")
    letters = [_column(i) for i in range(16_384)]
    for number, row in enumerate(rows, 1):
        sheet.write(f'<row r="{number}">' if refs else "<row>")
        for letter, value in zip(letters, row, strict=False):
            at = f' r="{letter}{number}"' if refs else ""
            if isinstance(value, int):
                sheet.write(f"<c{at}><v>{value}</v></c>")
            else:
                index = strings.setdefault(value, len(strings))
                sheet.write(f'<c{at} t="s"><v>{index}</v></c>')
        sheet.write("</row>")
    sheet.write("</sheetData></worksheet>")
    shared = io.StringIO()
    shared.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}">')
    for value in strings:
        shared.write(f"<si><t>{escape(value)}</t></si>")
    shared.write("</sst>")
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"><Default Extension='
            '"rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application'
            '/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
            "application/vnd.openxmlformats-officedocument.spreadsheetml."
            'worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" '
            f'xmlns:r="{_REL}"><sheets><sheet name="Roster" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet.getvalue(),
        "xl/sharedStrings.xml": shared.getvalue(),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    data = out.getvalue()
    if lie:
        data = _understate(data, "xl/worksheets/sheet1.xml")
    return data


def _understate(data: bytes, name: str) -> bytes:
    """Rewrite the directory's uncompressed size of ``name`` to 1 KiB."""
    buffer = bytearray(data)
    encoded = name.encode()
    position = buffer.find(b"PK\x01\x02" + b"")
    while position != -1:
        name_length = struct.unpack_from("<H", buffer, position + 28)[0]
        if bytes(buffer[position + 46 : position + 46 + name_length]) == encoded:
            struct.pack_into("<L", buffer, position + 24, 1024)
        position = buffer.find(b"PK\x01\x02", position + 4)
    return bytes(buffer)


def _person(i: int, pad: int) -> list:
    filler = "x" * pad
    return [
        f"E{i:07d}",
        f"person.{i}.{filler}@example.com",
        f"First{i % 997}{filler}",
        f"Last{i % 991}{filler}",
        f"Department {i % 250}{filler}",
        f"E{i // 10:07d}",
        f"Title {i % 300}{filler}",
        "",
        f"Office {i % 40}{filler}",
        "2021-06-01",
        "active",
    ]


def worst_xlsx() -> bytes:
    """200,000 rows, as many columns as the sheet-area limit allows; the roster
    text near its limit; the other columns hold long text of their own (every
    cell different, so the reader keeps all of it in its string table), enough
    to bring the unpacked size up to its limit."""
    from learners.roster.files import XLSX_MAX_CELLS

    extra = XLSX_MAX_CELLS // (ROWS + 1) - len(HEADER)
    filler = "y" * 1

    def rows():
        yield HEADER + [f"Extra {i}" for i in range(extra)]
        for i in range(ROWS):
            yield _person(i, 3) + [f"{i}-{j}-{filler}" for j in range(extra)]

    return xlsx(rows())


def worst_csv() -> bytes:
    """200,000 rows as wide as fit in the 20 MB upload limit."""

    def person(i: int, pad: int) -> list:
        filler = "x" * pad
        return [
            f"E{i}",
            f"p{i}@ex.co",
            f"F{i % 997}{filler}",
            f"L{i % 991}{filler}",
            f"D{i % 250}{filler}",
            f"E{i // 10}",
            f"T{i % 300}{filler}",
            "",
            f"O{i % 40}{filler}",
            "2021-06-01",
            "active",
        ]

    for pad in range(20, -1, -1):
        lines = [",".join(HEADER)]
        lines.extend(",".join(person(i, pad)) for i in range(ROWS))
        data = ("\n".join(lines) + "\n").encode()
        if len(data) <= 20 * 1024 * 1024:
            return data
    raise AssertionError("no padding fits")


def bomb_xlsx() -> bytes:
    """About 4.5 million rows of the same few cells: 1.5 MB that unpack to 416 MiB."""

    def rows():
        yield ["Employee ID", "Email", "First Name", "Last Name"]
        for _ in range(4_500_000):
            yield ["E1", "a@example.com", "Ann", "Lee"]

    return xlsx(rows(), refs=False)


def sparse_xlsx() -> bytes:
    data = xlsx(iter([["Employee ID", "Email"], ["E1", "a@example.com"]]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>",
        b'<row r="900000"><c r="XFD900000"><v>1</v></c></row></sheetData>',
    )
    parts["xl/worksheets/sheet1.xml"] = sheet
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def lying_xlsx() -> bytes:
    def rows():
        yield ["Employee ID", "Email", "First Name", "Last Name"]
        for _ in range(2_000_000):
            yield ["E1", "a@example.com", "Ann", "Lee"]

    return xlsx(rows(), refs=False, lie=True)


def rows_csv() -> bytes:
    lines = ["Employee ID,Email"] + [f"E{i},e{i}@example.com" for i in range(ROWS + 1)]
    return ("\n".join(lines) + "\n").encode()


CASES = {
    "worst-xlsx": worst_xlsx,
    "worst-csv": worst_csv,
    "bomb-xlsx": bomb_xlsx,
    "sparse-xlsx": sparse_xlsx,
    "lying-xlsx": lying_xlsx,
    "rows-csv": rows_csv,
}


def _peak_mib() -> int:
    """This process's peak resident memory. VmHWM starts afresh at exec, unlike
    ``getrusage``'s ru_maxrss, which a child inherits from the parent it forked
    from (this script, which built the files in memory)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _child(path: str) -> None:
    """Read one file and print JSON figures (runs in a fresh process)."""
    from learners.roster.files import recognise
    from learners.roster.problems import RosterFileError
    from learners.roster.reader import read_roster

    data = Path(path).read_bytes()
    before = _peak_mib()
    started = time.perf_counter()
    outcome = {}
    try:
        recognise(data, filename="roster", max_bytes=20 * 1024 * 1024)
        outcome["upload_check_s"] = round(time.perf_counter() - started, 2)
        result = read_roster(data, filename="roster")
        outcome["result"] = f"accepted: {result.total_rows:,} rows"
    except RosterFileError as exc:
        outcome["result"] = f"refused: {exc}"
    outcome["seconds"] = round(time.perf_counter() - started, 2)
    outcome["baseline_mib"] = before
    outcome["peak_mib"] = _peak_mib()
    print(json.dumps(outcome))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(CASES))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        for name, build in CASES.items():
            if args.only and name != args.only:
                continue
            data = build()
            path = Path(folder) / name
            path.write_bytes(data)
            unpacked = ""
            if data[:2] == b"PK":
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    size = sum(m.file_size for m in archive.infolist())
                unpacked = f", directory says {size / 2**20:,.0f} MiB unpacked"
            run = subprocess.run(  # noqa: S603 - this script, fixed arguments
                [sys.executable, __file__, "--child", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(run.stdout.strip().splitlines()[-1])
            over = figures["peak_mib"] > TARGET_MIB
            failed |= over
            print(
                f"{name}: {len(data) / 2**20:.2f} MiB file{unpacked}; "
                f"{figures['seconds']} s, peak RSS {figures['peak_mib']} MiB "
                f"(interpreter and libraries {figures['baseline_mib']} MiB)"
                f"{' OVER TARGET' if over else ''}"
            )
            print(f"    {figures['result'][:300]}")
            if "upload_check_s" in figures:
                print(f"    upload check (recognise): {figures['upload_check_s']} s")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
