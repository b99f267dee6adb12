"""Downloads of the analytics tables, as CSV or XLSX.

Every file goes through ``academy.exports`` so that text a spreadsheet would run
as a formula ("=HYPERLINK(...)" typed as a department name) is neutralised.
"""

from __future__ import annotations

import pandas as pd
from django.http import HttpResponse, StreamingHttpResponse

from academy.exports import csv_chunks, write_csv, write_xlsx
from analytics.presenters.tables import Table

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


#: A CSV longer than this is streamed, a chunk at a time, rather than built whole.
STREAM_ROWS = 20_000
#: The largest download offered as a workbook: Excel holds 1,048,576 rows, but a
#: workbook of more than this takes too long to build within one request. Larger
#: tables are offered as CSV, which is streamed.
XLSX_MAX_ROWS = 100_000


def frame_response(
    frame: pd.DataFrame, *, filename: str, fmt: str, sheet: str = "Export"
) -> HttpResponse | StreamingHttpResponse:
    """``frame`` as a download named ``filename.<fmt>``."""
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv" and len(frame) > STREAM_ROWS:
        response = StreamingHttpResponse(
            csv_chunks(frame, chunk_rows=STREAM_ROWS), content_type=CONTENT_TYPES[fmt]
        )
    else:
        response = HttpResponse(content_type=CONTENT_TYPES[fmt])
        if fmt == "csv":
            write_csv(frame, response)
        else:
            write_xlsx(frame, response, sheet_name=sheet)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def table_response(table: Table, *, filename: str, fmt: str) -> HttpResponse:
    return frame_response(
        table.export_frame(), filename=filename, fmt=fmt, sheet=table.title
    )


#: Headers of the long-format export, by column of ``frames.load_enrolment_export``.
LONG_HEADERS = {
    "employee_id": "Employee ID",
    "learner": "Learner",
    "learner_status": "Learner status",
    "department_id": "Department ID",
    "department": "Department",
    "role": "Role",
    "course_id": "Course ID",
    "course": "Course",
    "status": "Enrolment status",
    "source": "Assigned by",
    "due_date": "Due date",
    "started_at": "Started at (UTC)",
    "completed_at": "Completed at (UTC)",
    "last_activity_at": "Last activity at (UTC)",
    "progress": "Progress (%)",
}


def long_export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per learner × course, tidy: ids, names, status and timestamps."""
    out = frame[list(LONG_HEADERS)].copy()
    out["progress"] = (out["progress"].astype(float) * 100).round(1)
    for column in ("started_at", "completed_at", "last_activity_at"):
        out[column] = out[column].dt.strftime("%Y-%m-%d %H:%M:%S")
    out["due_date"] = [
        d.isoformat() if d is not None else None for d in out["due_date"]
    ]
    out = out.astype(object).where(out.notna(), None)
    return out.rename(columns=LONG_HEADERS)
