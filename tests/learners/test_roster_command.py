"""``manage.py import_roster``: exit codes, the summary, --report, --map, --dry-run."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from learners.models import Learner, LearnerStatus, RosterImport
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db

HEADER = "Staff ID,Work Email,Given Name,Surname,Dept,Line Manager ID,Title,Badge"
ROWS = [
    "0042,ines.costa@northwind.example,Inês,Costa,Finance,,Finance Director,A1",
    "0043,omar.haddad@northwind.example,Omar,Haddad,finance,0042,Financial Analyst,A2",
    "-0044,@sum(1+1),Eve,Lopez,Finance,0042,Accounts Payable Specialist,A3",
    "0045,gareth.evans@northwind.example,Gareth,Evans,Finance,0099,Analyst,A4",
]


@pytest.fixture
def roster_file(tmp_path):
    def write(*rows, header=HEADER, name="hr.csv", data=None):
        path = tmp_path / name
        path.write_bytes(
            data if data is not None else ("\n".join([header, *rows]) + "\n").encode()
        )
        return path

    return write


def summary(out: str) -> dict[str, str]:
    """The counts table of the output: label -> number as printed."""
    return {
        line.split("  ")[1].strip(): line.split()[-1]
        for line in out.splitlines()
        if line.startswith("  ")
    }


def command(*args):
    """Run the command; returns (exit code, stdout, error message).

    A CommandError carries the exit status the shell sees (``manage.py`` exits
    with its ``returncode``); running through ``run_from_argv`` here would close
    the test's database connection.
    """
    out = io.StringIO()
    try:
        call_command("import_roster", *map(str, args), stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue(), str(error)
    return 0, out.getvalue(), ""


def test_a_processed_file_exits_0_with_counts_even_with_rejected_rows(roster_file):
    code, out, _ = command(roster_file(*ROWS))
    assert code == 0
    assert "Read 4 rows from hr.csv." in out
    assert "Columns ignored: Badge." in out
    assert "New people" in out
    lines = summary(out)
    assert lines["New people"] == "3"
    assert lines["Rows rejected"] == "1"
    assert lines["Warnings"] == "1"
    assert "Applied as roster import #" in out
    assert Learner.objects.get(employee_id="0043").manager.employee_id == "0042"
    assert RosterImport.objects.get().options["source"] == "command"


def test_report_lists_every_problem_with_formulas_neutralised(roster_file, tmp_path):
    report = tmp_path / "problems.csv"
    code, out, _ = command(roster_file(*ROWS), "--report", report)
    assert code == 0
    assert "2 problems written to" in out
    rows = list(csv.reader(io.StringIO(report.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["row", "employee_id", "level", "message"]
    assert rows[1][:3] == ["4", "'-0044", "error"]
    assert rows[1][3] == 'Email "@sum(1+1)" is not a valid email address.'
    assert rows[2][:3] == ["5", "0045", "warning"]
    assert "0099" in rows[2][3]


def test_dry_run_changes_nothing_and_says_so(roster_file):
    code, out, _ = command(roster_file(*ROWS), "--dry-run")
    assert code == 0
    assert "Dry run: nothing was changed." in out
    assert Learner.objects.count() == 0
    assert RosterImport.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"%PDF-1.4 a scanned roster", "is a PDF document"),
        ("Employee ID,Email\nE1,zoë@example.com\n".encode("latin-1"), "UTF-8"),
        (b"", "empty"),
        (b"Name,Office\nAnn,Leeds\n", "no column for Employee ID"),
    ],
)
def test_a_file_that_cannot_be_read_exits_2_with_the_reason(roster_file, data, words):
    code, out, err = command(roster_file(data=data))
    assert code == 2
    assert words in err
    assert Learner.objects.count() == 0


def test_a_missing_file_exits_2(tmp_path):
    code, _, err = command(tmp_path / "nowhere.csv")
    assert code == 2
    assert "cannot be opened" in err


def test_a_file_over_the_limit_is_refused_before_reading(roster_file, monkeypatch):
    monkeypatch.setattr("learners.management.commands.import_roster.MAX_BYTES", 10)
    code, _, err = command(roster_file(*ROWS))
    assert code == 2
    assert "more than the 10 bytes allowed" in err


def test_map_reads_unrecognised_headers_and_can_repeat(roster_file):
    path = roster_file(
        "W-1,ann.lee@northwind.example,Leeds",
        header="Worker,Mail,Desk",
    )
    code, out, _ = command(path, "--map", "Worker=employee_id", "--map", "Mail=email")
    assert code == 0
    assert "“Desk”" not in out
    assert "Columns ignored: Desk." in out
    assert (
        Learner.objects.get(employee_id="W-1").user.email == "ann.lee@northwind.example"
    )


def test_a_malformed_map_exits_2(roster_file):
    code, _, err = command(roster_file(*ROWS), "--map", "Worker employee_id")
    assert code == 2
    assert 'not of the form "Source header=field"' in err


def test_deactivate_missing_and_dayfirst(roster_file):
    gone = LearnerFactory(employee_id="0001")
    path = roster_file(
        "0042,ines.costa@northwind.example,03/04/2019",
        header="Staff ID,Work Email,Start Date",
    )
    call_command(
        "import_roster",
        str(path),
        "--deactivate-missing",
        "--dayfirst",
        stdout=io.StringIO(),
    )
    gone.refresh_from_db()
    assert gone.status == LearnerStatus.LEFT
    hire = Learner.objects.get(employee_id="0042").hire_date
    assert (hire.day, hire.month) == (3, 4)


def test_running_twice_reports_everyone_unchanged(roster_file):
    path = roster_file(*ROWS)
    command(path)
    code, out, _ = command(path)
    assert code == 0
    counts = summary(out)
    assert counts["Unchanged"] == "3"
    assert counts["New people"] == counts["People updated"] == "0"
