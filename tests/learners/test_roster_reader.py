"""The pure roster reader: messy HR exports in, validated rows and problems out.

No database: these tests build files in memory (CSV text, openpyxl workbooks) and
check the frame and the problem report the apply step will receive.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

import openpyxl
import pandas as pd
import pytest

from learners.roster import (
    FIELDS,
    FRAME_COLUMNS,
    RosterFileError,
    RosterProblem,
    break_manager_cycles,
    read_roster,
    unknown_managers,
)
from learners.roster.fields import ALIASES

HEADER = "employee_id,email,first_name,last_name,department,manager_employee_id"


def csv_bytes(*lines: str, newline: str = "\n", bom: bool = False) -> bytes:
    text = newline.join(lines) + newline
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def simple(*rows: str, header: str = HEADER, **options: object):
    return read_roster(csv_bytes(header, *rows), **options)


def problems_for(result, row: int) -> list[RosterProblem]:
    return [problem for problem in result.problems if problem.row == row]


def messages(result, level: str | None = None) -> list[str]:
    return [p.message for p in result.problems if level in (None, p.level)]


def record(result, employee_id: str) -> dict[str, object]:
    frame = result.frame
    rows = frame[frame["employee_id"] == employee_id]
    assert len(rows) == 1, f"expected one row for {employee_id}, got {len(rows)}"
    return rows.iloc[0].to_dict()


def xlsx_bytes(rows: list[list[object]], *, text_columns: tuple[int, ...] = ()):
    """Build a workbook in memory; ``text_columns`` are stored as text cells ("@")."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for values in rows:
        sheet.append(values)
    for column in text_columns:
        for (cell,) in sheet.iter_rows(min_col=column, max_col=column):
            cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- happy path and output shape -------------------------------------------------


def test_reads_a_clean_file_into_the_documented_frame():
    result = simple(
        "E1,ann@example.com,Ann,Lee,Finance,",
        "E2,bob@example.com,Bob,Ray,Finance,E1",
    )
    assert list(result.frame.columns) == list(FRAME_COLUMNS)
    assert list(FRAME_COLUMNS) == [*FIELDS, "manager_lookup", "department_key", "row"]
    assert result.total_rows == 2
    assert result.problems == []
    assert result.unknown_columns == []
    assert result.frame["row"].tolist() == [2, 3]
    assert str(result.frame["row"].dtype) == "int64"
    for column in FRAME_COLUMNS[:-1]:
        assert result.frame[column].dtype == object, column
    ann = record(result, "E1")
    assert ann["manager_employee_id"] is None
    assert ann["job_title"] == ""
    assert ann["hire_date"] is None
    assert ann["status"] == "active"
    assert record(result, "E2")["manager_employee_id"] == "E1"


def test_bom_and_crlf():
    data = csv_bytes(
        "Employee ID,Email",
        "E1,a@example.com",
        "E2,b@example.com",
        newline="\r\n",
        bom=True,
    )
    result = read_roster(data)
    assert result.column_map == {"Employee ID": "employee_id", "Email": "email"}
    assert result.frame["email"].tolist() == ["a@example.com", "b@example.com"]


@pytest.mark.parametrize("separator", [";", "\t"])
def test_semicolon_and_tab_delimiters(separator):
    lines = [
        separator.join(["Employee ID", "Email", "Department", "First Name"]),
        separator.join(["E1", "a@example.com", "Sales, EMEA", "Ann"]),
    ]
    result = read_roster(csv_bytes(*lines))
    assert record(result, "E1")["department"] == "Sales, EMEA"
    assert record(result, "E1")["first_name"] == "Ann"


def test_excel_sep_hint_line_is_honoured_and_hidden():
    result = read_roster(csv_bytes("sep=;", "Employee ID;Email", "E1;a@example.com"))
    assert record(result, "E1")["row"] == 2


def test_quoted_delimiters_and_line_breaks_count_as_one_row():
    result = simple(
        'E1,a@example.com,"Ann, Jr","Lee',
        'Smith",Finance,',
        "E2,b@example.com,Bob,Ray,Finance,",
    )
    ann = record(result, "E1")
    assert ann["first_name"] == "Ann, Jr"
    assert ann["last_name"] == "Lee Smith"  # The line break collapses to a space.
    assert ann["row"] == 2
    # Rows count records, as Excel shows them: E2 is row 3, not text line 4.
    assert record(result, "E2")["row"] == 3


def test_blank_lines_are_skipped_but_keep_row_numbers():
    result = simple("E1,a@example.com,,,,", "", ",,,,,", "E2,b@example.com,,,,")
    assert result.total_rows == 2
    assert result.frame["row"].tolist() == [2, 5]


def test_leading_zeros_and_numbers_stay_text():
    result = simple("00123,a@example.com,,,,007", "1e5,b@example.com,,,,00123")
    assert record(result, "00123")["manager_employee_id"] == "007"
    assert record(result, "1e5")["manager_employee_id"] == "00123"


def test_whitespace_is_trimmed_and_collapsed():
    result = simple(
        "\u00a0E1 , a@example.com\u200b ,  Mary \u00a0 Ann ,  Lee  ,"
        "  Human   Resources ,\tE2 "
    )
    row = record(result, "E1")
    assert row["email"] == "a@example.com"
    assert row["first_name"] == "Mary Ann"
    assert row["last_name"] == "Lee"
    assert row["department"] == "Human Resources"
    assert row["manager_employee_id"] == "E2"


def test_emails_are_lower_cased():
    result = simple("E1,  Ann.Lee@Example.COM ,,,,")
    assert record(result, "E1")["email"] == "ann.lee@example.com"


def test_department_spellings_become_one_department():
    result = simple(
        "E1,a@example.com,,, Finance ,",
        "E2,b@example.com,,,finance,",
        "E3,c@example.com,,,FINANCE,",
        "E4,d@example.com,,,Fin  ance,",
        "E5,e@example.com,,,,",
    )
    frame = result.frame
    assert frame["department_key"].tolist() == [
        "finance",
        "finance",
        "finance",
        "fin ance",
        "",
    ]
    # The first spelling seen wins, so the apply step creates "Finance" once.
    assert frame["department"].tolist() == [
        "Finance",
        "Finance",
        "Finance",
        "Fin ance",
        "",
    ]


def test_formula_like_values_are_kept_as_text():
    result = simple("E1,a@example.com,=SUM(A1:A9),+44 20 7946,-,@team")
    row = record(result, "E1")
    assert row["first_name"] == "=SUM(A1:A9)"
    assert row["last_name"] == "+44 20 7946"
    assert row["department"] == "-"
    assert row["manager_employee_id"] == "@team"


# --- dates -----------------------------------------------------------------------


DATE_HEADER = "Employee ID,Email,Start Date"


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("2024-03-01", False, date(2024, 3, 1)),
        ("2024-03-01", True, date(2024, 3, 1)),
        ("2024-03-01 00:00:00", False, date(2024, 3, 1)),
        ("2024-03-01T09:30:00", True, date(2024, 3, 1)),
        ("2024/3/1", False, date(2024, 3, 1)),
        ("03/01/2024", False, date(2024, 3, 1)),
        ("03/01/2024", True, date(2024, 1, 3)),
        ("01.03.2024", True, date(2024, 3, 1)),
        ("3/1/24", False, date(2024, 3, 1)),
        ("1 Mar 2024", False, date(2024, 3, 1)),
        ("01-Mar-2024", True, date(2024, 3, 1)),
        ("March 1, 2024", True, date(2024, 3, 1)),
        ("45352", False, date(2024, 3, 1)),
        ("", False, None),
    ],
)
def test_hire_dates(text, dayfirst, expected):
    result = read_roster(
        csv_bytes(DATE_HEADER, f'E1,a@example.com,"{text}"'), dayfirst=dayfirst
    )
    assert record(result, "E1")["hire_date"] == expected
    assert result.warnings == []


@pytest.mark.parametrize("text", ["soon", "31/02/2024", "2024-13-01", "0224-03-01"])
def test_unreadable_hire_date_is_a_warning_and_imports_without_date(text):
    result = read_roster(csv_bytes(DATE_HEADER, f"E1,a@example.com,{text}"))
    assert record(result, "E1")["hire_date"] is None
    [warning] = result.problems
    assert warning.level == "warning"
    assert warning.row == 2
    assert text in warning.message


def test_day_first_dates_read_month_first_get_a_hint():
    result = read_roster(csv_bytes(DATE_HEADER, "E1,a@example.com,13/03/2024"))
    assert record(result, "E1")["hire_date"] is None
    hint = [p for p in result.problems if p.row is None]
    assert len(hint) == 1
    assert "day-first" in hint[0].message
    fixed = read_roster(
        csv_bytes(DATE_HEADER, "E1,a@example.com,13/03/2024"), dayfirst=True
    )
    assert record(fixed, "E1")["hire_date"] == date(2024, 3, 13)
    assert fixed.problems == []


# --- statuses --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("", "active"),
        ("Active", "active"),
        ("EMPLOYED", "active"),
        ("current", "active"),
        ("On Leave", "on_leave"),
        ("on_leave", "on_leave"),
        ("on-leave", "on_leave"),
        ("Leave", "on_leave"),
        ("LOA", "on_leave"),
        ("Parental leave", "on_leave"),
        ("sick  leave", "on_leave"),
        ("Left", "left"),
        ("terminated", "left"),
        ("Leaver", "left"),
        ("inactive", "left"),
        ("Resigned", "left"),
        ("retired", "left"),
    ],
)
def test_status_words(word, status):
    result = read_roster(
        csv_bytes("Employee ID,Email,Employment Status", f"E1,a@example.com,{word}")
    )
    assert record(result, "E1")["status"] == status


def test_unknown_status_rejects_the_row_and_lists_allowed_values():
    result = read_roster(
        csv_bytes("Employee ID,Email,Status", "E1,a@example.com,Contractor")
    )
    assert result.frame.empty
    [problem] = result.problems
    assert problem.level == "error"
    assert "Contractor" in problem.message
    for allowed in ("active", "on_leave", "left"):
        assert allowed in problem.message


# --- rejected rows ---------------------------------------------------------------


def only_error(result, row: int) -> RosterProblem:
    found = [p for p in problems_for(result, row) if p.level == "error"]
    assert len(found) == 1, found
    return found[0]


def test_missing_employee_id_is_rejected():
    result = simple(",a@example.com,Ann,,,", "E2,b@example.com,,,,")
    assert result.frame["employee_id"].tolist() == ["E2"]
    assert "Employee ID is missing" in only_error(result, 2).message


def test_missing_email_is_rejected():
    result = simple("E1,  ,Ann,,,", "E2,b@example.com,,,,")
    assert result.frame["employee_id"].tolist() == ["E2"]
    error = only_error(result, 2)
    assert error.employee_id == "E1"
    assert "Email is missing" in error.message


@pytest.mark.parametrize(
    "email",
    [
        "ann",
        "ann@",
        "@example.com",
        "ann@example",
        "a@b@example.com",
        "ann lee@example.com",
        "ann@example..com",
        "ann@.example.com",
    ],
)
def test_invalid_email_is_rejected(email):
    result = simple(f"E1,{email},,,,", "E2,b@example.com,,,,")
    assert result.frame["employee_id"].tolist() == ["E2"]
    assert "not a valid email" in only_error(result, 2).message


def test_conflicting_rows_for_one_id_are_all_rejected_naming_the_others():
    result = simple(
        "E1,a@example.com,Ann,Lee,Finance,",
        "E2,b@example.com,Bob,,,",
        "E1,a@example.com,Ann,Lee,Sales,",
        "E1,a@example.com,Annie,Lee,Finance,",
    )
    assert result.frame["employee_id"].tolist() == ["E2"]
    assert "rows 4 and 5" in only_error(result, 2).message
    assert "rows 2 and 5" in only_error(result, 4).message
    assert "rows 2 and 4" in only_error(result, 5).message
    assert "department" in only_error(result, 2).message


def test_one_email_for_two_ids_rejects_all_those_rows_case_insensitively():
    result = simple(
        "E1,Ann@Example.com,,,,",
        "E2,ann@example.COM,,,,",
        "E3,c@example.com,,,,",
    )
    assert result.frame["employee_id"].tolist() == ["E3"]
    assert '"E2" (row 3)' in only_error(result, 2).message
    assert '"E1" (row 2)' in only_error(result, 3).message


@pytest.mark.parametrize(
    ("column", "limit"),
    [
        ("employee_id", 64),
        ("email", 254),
        ("first_name", 150),
        ("last_name", 150),
        ("department", 200),
        ("manager_employee_id", 64),
        ("job_title", 200),
        ("role", 100),
        ("location", 120),
    ],
)
def test_values_longer_than_their_field_are_rejected(column, limit):
    values = {
        "employee_id": "E1",
        "email": "a@example.com",
        "first_name": "",
        "last_name": "",
        "department": "",
        "manager_employee_id": "",
        "job_title": "",
        "role": "",
        "location": "",
    }
    fits = dict(values, employee_id="E2", email="b@example.com")
    if column == "email":
        values[column] = "a" * (limit - len("@example.com") + 1) + "@example.com"
        fits[column] = "b" * (limit - len("@example.com")) + "@example.com"
    else:
        values[column] = "x" * (limit + 1)
        fits[column] = "y" * limit
    header = ",".join(values)
    result = read_roster(
        csv_bytes(header, ",".join(values.values()), ",".join(fits.values()))
    )
    assert len(result.frame) == 1
    error = only_error(result, 2)
    assert f"{limit + 1} characters" in error.message
    assert f"limit is {limit}" in error.message


def test_a_row_with_several_errors_reports_each():
    result = simple(",not-an-email,,,,")
    assert [p.level for p in problems_for(result, 2)] == ["error", "error"]


def test_row_with_an_unquoted_delimiter_is_rejected_alone():
    result = simple(
        "E1,a@example.com,Ann,Lee,Finance,",
        "E2,b@example.com,Bob,Ray, Jr,Finance,E1",
        "E3,c@example.com,Cy,Ng,Finance,E1",
    )
    assert result.frame["employee_id"].tolist() == ["E1", "E3"]
    assert "more cells than the header" in only_error(result, 3).message


def test_trailing_empty_cells_are_harmless():
    result = simple("E1,a@example.com,Ann,Lee,Finance,,,", "E2,b@example.com,,,,")
    assert result.frame["employee_id"].tolist() == ["E1", "E2"]
    assert result.problems == []


# --- warnings --------------------------------------------------------------------


def test_exact_duplicates_are_imported_once_with_a_warning():
    result = simple(
        "E1,a@example.com,Ann,Lee,Finance,",
        "E1, A@EXAMPLE.com ,Ann,Lee,finance,",
        "E1,a@example.com,Ann,Lee,Finance,",
    )
    assert result.frame["row"].tolist() == [2]
    assert [(p.row, p.level) for p in result.problems] == [
        (3, "warning"),
        (4, "warning"),
    ]
    assert "Same as row 2" in result.problems[0].message


def test_self_management_is_cleared_with_a_warning():
    result = simple("E1,a@example.com,,,,E1")
    assert record(result, "E1")["manager_employee_id"] is None
    [warning] = result.problems
    assert warning.level == "warning"
    assert "own manager" in warning.message


def test_three_cycle_is_broken_at_the_smallest_id():
    result = simple(
        "E3,c@example.com,,,,E1",
        "E2,b@example.com,,,,E3",
        "E1,a@example.com,,,,E2",
        "E4,d@example.com,,,,E1",
    )
    assert record(result, "E1")["manager_employee_id"] is None
    assert record(result, "E2")["manager_employee_id"] == "E3"
    assert record(result, "E3")["manager_employee_id"] == "E1"
    assert record(result, "E4")["manager_employee_id"] == "E1"
    [warning] = result.problems
    assert (warning.row, warning.employee_id, warning.level) == (4, "E1", "warning")
    assert "E1 → E2 → E3 → E1" in warning.message


def test_manager_missing_from_the_file_is_kept_without_warning():
    result = simple("E1,a@example.com,,,,BOSS")
    assert record(result, "E1")["manager_employee_id"] == "BOSS"
    assert result.problems == []


def test_unknown_managers_helper_for_the_apply_step():
    result = simple(
        "E1,a@example.com,,,,BOSS",
        "E2,b@example.com,,,,E1",
        "E3,c@example.com,,,,GHOST",
        "E4,d@example.com,,,,",
    )
    [problem] = unknown_managers(result.frame, known_ids={"BOSS"})
    assert (problem.row, problem.employee_id, problem.level) == (4, "E3", "warning")
    assert "GHOST" in problem.message
    assert unknown_managers(result.frame, {"BOSS", "GHOST"}) == []


# --- break_manager_cycles --------------------------------------------------------


def test_break_manager_cycles_cuts_one_link_per_cycle():
    managers = {
        "b": "c",
        "c": "a",
        "a": "b",  # a -> b -> c -> a
        "x": "x",  # self-management
        "p": "q",
        "q": "p",  # two-cycle
        "t": "a",  # a tail into a cycle is not a cycle
        "u": None,
        "v": "outside",  # chains that end
    }
    snapshot = dict(managers)
    fixed, cut = break_manager_cycles(managers)
    assert cut == [("a", "b"), ("p", "q"), ("x", "x")]
    assert fixed == dict(managers, a=None, p=None, x=None)
    assert managers == snapshot  # The input is not modified.


def test_break_manager_cycles_is_independent_of_dict_order():
    forward = {"e3": "e1", "e2": "e3", "e1": "e2"}
    backward = dict(reversed(forward.items()))
    assert break_manager_cycles(forward) == break_manager_cycles(backward)
    assert break_manager_cycles(forward)[1] == [("e1", "e2")]


def test_break_manager_cycles_handles_long_chains():
    chain = {f"e{i:06d}": f"e{i + 1:06d}" for i in range(50_000)}
    chain["e050000"] = "e000000"
    fixed, cut = break_manager_cycles(chain)
    assert cut == [("e000000", "e000001")]
    assert fixed["e000000"] is None


# --- headers, aliases, mapping ---------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "field"),
    [(alias, field) for field, aliases in ALIASES.items() for alias in aliases],
)
def test_every_alias_is_recognised(alias, field):
    if field in ("employee_id", "email"):
        other = "email" if field == "employee_id" else "employee_id"
        header = f"{alias},{other}"
    else:
        header = f"employee_id,email,{alias}"
    result = read_roster(csv_bytes(header, "E1,a@example.com,x"))
    assert result.column_map[alias] == field


@pytest.mark.parametrize(
    "header",
    ["Employee ID", "employee_id", "EMPLOYEE-ID", " employee  id ", "Employee.Id"],
)
def test_headers_match_ignoring_case_space_and_punctuation(header):
    result = read_roster(csv_bytes(f"{header},E-Mail", "E1,a@example.com"))
    assert result.column_map == {header.strip(): "employee_id", "E-Mail": "email"}


def test_unknown_columns_are_ignored_and_listed():
    result = read_roster(
        csv_bytes("Notes,Employee ID,Team,Email,Cost Centre", "x,E1,Core,a@e.com,9")
    )
    assert result.unknown_columns == ["Notes", "Team", "Cost Centre"]
    assert "Team" not in result.column_map


def test_title_rows_above_the_header_are_skipped():
    result = read_roster(
        csv_bytes(
            "Headcount report",
            "Run 2024-05-03",
            "",
            "Staff ID,Email",
            "E1,a@example.com",
        )
    )
    assert record(result, "E1")["row"] == 5


def test_explicit_mapping_wins_over_aliases():
    data = csv_bytes(
        "Email,Work Email,Employee ID,Team",
        "ann@home.net,ann@work.com,E1,Core",
    )
    with pytest.raises(RosterFileError, match="Email"):
        read_roster(data)  # Two columns would fill Email.
    result = read_roster(data, mapping={"work email": "email", "TEAM": "department"})
    assert record(result, "E1")["email"] == "ann@work.com"
    assert record(result, "E1")["department"] == "Core"
    assert result.column_map == {
        "Work Email": "email",
        "Employee ID": "employee_id",
        "Team": "department",
    }
    assert result.unknown_columns == ["Email"]


def test_mapping_to_an_unknown_field_is_refused():
    with pytest.raises(RosterFileError, match="not a roster field"):
        simple("E1,a@example.com,,,,", mapping={"Team": "squad"})


def test_mapping_naming_a_missing_header_is_refused():
    with pytest.raises(RosterFileError, match="not in the file"):
        simple("E1,a@example.com,,,,", mapping={"Team": "department"})


def test_two_columns_for_one_field_are_refused():
    with pytest.raises(RosterFileError, match='"Surname" and "Family Name"'):
        read_roster(csv_bytes("Employee ID,Email,Surname,Family Name", "E1,a@b.co,x,y"))


@pytest.mark.parametrize("missing", ["Employee ID", "Email"])
def test_missing_required_column_names_it_and_lists_headers(missing):
    headers = [h for h in ("Employee ID", "Email", "Dept") if h != missing]
    with pytest.raises(RosterFileError) as caught:
        read_roster(csv_bytes(",".join(headers), "x,y"))
    message = str(caught.value)
    assert missing in message
    assert '"Dept"' in message


# --- whole-file refusals ---------------------------------------------------------


def test_non_utf8_text_asks_for_csv_utf8():
    data = "Employee ID,Email,First Name\nE1,a@example.com,Zoë\n".encode("latin-1")
    with pytest.raises(RosterFileError, match='"CSV UTF-8"') as caught:
        read_roster(data, filename="roster.csv")
    assert "line 2" in str(caught.value)


def test_utf16_is_refused():
    data = "Employee ID,Email\nE1,a@example.com\n".encode("utf-16")
    with pytest.raises(RosterFileError, match="UTF-8"):
        read_roster(data)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".xls"),
        (b"<html><table><tr><td>Employee ID</td></tr></table></html>", "web page"),
        (b"\x00\x01\x02binary", "UTF-8"),
    ],
)
def test_non_spreadsheets_are_refused(data, words):
    with pytest.raises(RosterFileError, match=words):
        read_roster(data, filename="roster.xls")


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("roster.csv", "Employee ID,Email\nE1,a@example.com\n")
    with pytest.raises(RosterFileError, match="ZIP archive"):
        read_roster(buffer.getvalue())


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b" \r\n\r\n"])
def test_empty_file(data):
    with pytest.raises(RosterFileError, match="no rows"):
        read_roster(data)


@pytest.mark.parametrize(
    "data", [b"Employee ID,Email\n", b"Employee ID,Email\r\n\r\n , \r\n"]
)
def test_header_only(data):
    with pytest.raises(RosterFileError, match="no rows"):
        read_roster(data)


def test_size_limit_is_checked_before_parsing():
    data = csv_bytes(
        "Employee ID,Email", *[f"E{i},e{i}@example.com" for i in range(50)]
    )
    assert read_roster(data, max_bytes=len(data)).total_rows == 50
    with pytest.raises(RosterFileError, match="more than the"):
        read_roster(data, max_bytes=len(data) - 1)
    with pytest.raises(RosterFileError, match="more than the"):
        read_roster(b"%PDF" + b"x" * 100, max_bytes=50)  # Size wins over type.


def test_row_limit():
    data = csv_bytes("Employee ID,Email", *[f"E{i},e{i}@example.com" for i in range(5)])
    assert read_roster(data, max_rows=5).total_rows == 5
    with pytest.raises(RosterFileError, match="more than 4 rows"):
        read_roster(data, max_rows=4)


def test_row_limit_counts_data_rows_not_blank_lines():
    data = csv_bytes("Employee ID,Email", "E1,a@example.com", "", "", "", "E2,b@e.com")
    assert read_roster(data, max_rows=2).total_rows == 2


# --- xlsx ------------------------------------------------------------------------


def test_xlsx_with_leading_zero_text_ids_dates_and_numbers():
    data = xlsx_bytes(
        [
            ["Roster export"],  # A title row above the header.
            [
                "Employee Number",
                "Work Email",
                "Given Name",
                "Start Date",
                "Manager Number",
                "Employment Status",
                "Badge",
            ],
            [
                "00123",
                "Ann@Example.com",
                "Ann",
                pd.Timestamp("2024-03-01"),
                "00124",
                "Active",
                7,
            ],
            [],
            ["00124", "bob@example.com", " Bob ", "2023-12-31", None, None, 8],
            [456, "cy@example.com", "=SUM(A1)", 45352, "00123", "on leave", 9],
        ],
        text_columns=(1, 5),
    )
    result = read_roster(data, filename="roster.xlsx")
    assert result.frame["employee_id"].tolist() == ["00123", "00124", "456"]
    assert result.frame["row"].tolist() == [3, 5, 6]
    ann = record(result, "00123")
    assert ann["email"] == "ann@example.com"
    assert ann["hire_date"] == date(2024, 3, 1)
    assert ann["manager_employee_id"] == "00124"
    assert record(result, "00124")["first_name"] == "Bob"
    assert record(result, "00124")["hire_date"] == date(2023, 12, 31)
    assert record(result, "00124")["manager_employee_id"] is None
    # openpyxl writes "=SUM(A1)" as a formula; without a cached value it is blank.
    assert record(result, "456")["status"] == "on_leave"
    assert record(result, "456")["hire_date"] == date(2024, 3, 1)
    assert result.unknown_columns == ["Badge"]
    assert result.problems == []


def test_xlsx_numbers_come_back_as_the_text_people_see():
    data = xlsx_bytes(
        [
            ["Employee ID", "Email", "Manager ID", "Location"],
            [1234567890123, "a@example.com", 7.0, 1.5],
            ["007", "b@example.com", "1234567890123", True],
        ]
    )
    result = read_roster(data)
    assert result.frame["employee_id"].tolist() == ["1234567890123", "007"]
    assert record(result, "1234567890123")["manager_employee_id"] == "7"
    assert record(result, "1234567890123")["location"] == "1.5"
    assert record(result, "007")["manager_employee_id"] == "1234567890123"
    assert record(result, "007")["location"] == "True"


def test_xlsx_reads_only_the_first_sheet():
    workbook = openpyxl.Workbook()
    workbook.active.append(["Employee ID", "Email"])
    workbook.active.append(["E1", "a@example.com"])
    other = workbook.create_sheet("Leavers")
    other.append(["Employee ID", "Email"])
    other.append(["E2", "b@example.com"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_roster(buffer.getvalue()).frame["employee_id"].tolist() == ["E1"]


def test_xlsx_text_cells_that_look_like_formulas_stay_text():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Employee ID", "Email", "Job Title"])
    sheet.append(["E1", "a@example.com", None])
    cell = sheet["C2"]
    cell.value = '=HYPERLINK("http://x")'
    cell.data_type = "s"  # A text cell, as Excel stores '=... typed by a user.
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = read_roster(buffer.getvalue())
    assert record(result, "E1")["job_title"] == '=HYPERLINK("http://x")'


def test_xlsx_row_limit():
    rows = [["Employee ID", "Email"]] + [[f"E{i}", f"e{i}@x.com"] for i in range(6)]
    data = xlsx_bytes(rows)
    assert read_roster(data, max_rows=6).total_rows == 6
    with pytest.raises(RosterFileError, match="more than 5 rows"):
        read_roster(data, max_rows=5)


def test_xlsx_missing_required_column():
    data = xlsx_bytes([["Staff ID", "Name"], ["E1", "Ann"]])
    with pytest.raises(RosterFileError, match="Email"):
        read_roster(data)


def test_damaged_xlsx_is_refused():
    data = xlsx_bytes([["Employee ID", "Email"], ["E1", "a@example.com"]])
    with pytest.raises(RosterFileError):
        read_roster(data[: len(data) // 2])


# --- a larger messy file ---------------------------------------------------------


def test_many_rows_mixed_problems_are_consistent():
    lines = [
        f"E{i:05d},e{i}@example.com,First{i},Last,Dept {i % 7},E{i // 10:05d}"
        for i in range(1, 2001)
    ]
    lines[10] = lines[9]  # Exact duplicate of row 11, at row 12.
    lines[20] = "E00021,bad,,,,"
    result = simple(*lines)
    assert result.total_rows == 2000
    assert len(result.frame) == 1998
    assert {(p.row, p.level) for p in result.problems} == {
        (12, "warning"),
        (22, "error"),
    }
    # E00001..E00009 report to E00000, who is not in the file: kept as is.
    assert record(result, "E00001")["manager_employee_id"] == "E00000"
    assert result.frame["department_key"].nunique() == 7


def test_unclosed_quote_is_reported_with_its_row():
    data = csv_bytes(
        "Employee ID,Email,First Name", "E1,a@example.com,Ann", 'E2,b@e.com,"Bob'
    )
    with pytest.raises(RosterFileError, match="row 3"):
        read_roster(data)


def test_the_same_header_twice_is_refused():
    with pytest.raises(RosterFileError, match='"Email" and "Email"'):
        read_roster(csv_bytes("Employee ID,Email,Email", "E1,a@example.com,b@e.com"))


def test_mapping_can_send_an_aliased_header_elsewhere():
    result = read_roster(
        csv_bytes("Employee ID,Email,Title,Job Title", "E1,a@example.com,Coach,Dev"),
        mapping={"Title": "role"},
    )
    assert record(result, "E1")["role"] == "Coach"
    assert record(result, "E1")["job_title"] == "Dev"
