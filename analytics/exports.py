"""Downloads of the analytics tables, as CSV or XLSX.

Every file goes through ``core.exports`` so that text a spreadsheet would run
as a formula ("=HYPERLINK(...)" typed as a department name) is neutralised.
"""

from __future__ import annotations

import pandas as pd
from django.http import HttpResponse, StreamingHttpResponse

from analytics.presenters.tables import Table
from core.exports import download_response

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
    return download_response(
        frame, filename=filename, fmt=fmt, sheet=sheet, stream_rows=STREAM_ROWS
    )


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
