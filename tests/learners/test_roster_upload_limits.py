"""Uploads are bounded by what reading them costs, not just by their size.

A workbook is a zip archive: a small file can unpack to gigabytes, name a cell
at XFD900000 so that the reader's grid needs hundreds of gigabytes, lie about
its sizes in the archive's directory, or repeat one long text in every cell.
Each is refused with the figure and the limit, before anything is stored.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bench.roster_upload import xlsx
from learners.models import RosterImport
from learners.roster import RosterFileError, files, read_roster, tables

HEADER = ["Employee ID", "Email", "First Name", "Last Name"]


def people(count: int) -> list[list[str]]:
    return [[f"E{i}", f"e{i}@example.com", "Ann", "Lee"] for i in range(count)]


def repetitive(rows: int, **options) -> bytes:
    """The same row again and again, without cell positions: compresses ~1000x."""
    return xlsx(
        iter([HEADER, *[["E1", "a@example.com", "Ann", "Lee"]] * rows]),
        refs=False,
        **options,
    )


def test_an_ordinary_workbook_is_read():
    data = xlsx(iter([HEADER, *people(50)]))
    assert read_roster(data).total_rows == 50


def test_a_workbook_unpacking_to_over_100_times_its_size_is_refused():
    data = repetitive(60_000)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    assert unpacked > 100 * len(data)
    with pytest.raises(RosterFileError) as refused:
        read_roster(data, filename="bomb.xlsx")
    message = str(refused.value)
    assert f'"bomb.xlsx" unpacks to {unpacked / 2**20:,.0f} MiB' in message
    assert "the limit is" in message
    assert "100 times the file's" in message


def test_the_absolute_unpacked_limit_applies_to_large_files(monkeypatch):
    data = xlsx(iter([HEADER, *people(2_000)]))
    monkeypatch.setattr(files, "XLSX_MAX_UNPACKED", 64 * 1024)
    with pytest.raises(RosterFileError, match=r"the limit is 0 MiB .*at most 0 MiB"):
        read_roster(data)


def test_a_directory_that_understates_the_sizes_is_caught_while_unpacking():
    data = repetitive(60_000, lie=True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        declared = sum(member.file_size for member in archive.infolist())
    assert declared < 100 * len(data)  # The directory alone would let it in.
    with pytest.raises(RosterFileError, match="unpacks to more than"):
        read_roster(data)


def test_a_cell_far_from_the_table_is_refused_before_the_grid_is_built():
    data = xlsx(iter([HEADER, *people(2)]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>",
        b'<row r="900000"><c r="XFD900000"><v>1</v></c></row></sheetData>',
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    with pytest.raises(RosterFileError, match="out to column XFD"):
        read_roster(out.getvalue())


def test_a_sheet_over_the_cell_limit_is_refused_with_its_area(monkeypatch):
    monkeypatch.setattr(files, "XLSX_MAX_CELLS", 100)
    data = xlsx(iter([HEADER, *people(30)]))
    with pytest.raises(
        RosterFileError, match=r"31 rows by 4 columns \(up to cell D31\): 124 cells"
    ):
        read_roster(data)


def test_cells_without_positions_are_placed_like_a_spreadsheet_would(monkeypatch):
    monkeypatch.setattr(files, "XLSX_MAX_CELLS", 100)
    assert read_roster(repetitive(20)).total_rows == 20  # 21 x 4: accepted.
    with pytest.raises(RosterFileError, match="26 rows by 4 columns"):
        read_roster(repetitive(25))


def test_xlsx_rows_past_the_limit_are_never_read(monkeypatch):
    converted = []
    cell_text = tables._cell_text

    def counting(value):
        converted.append(value)
        return cell_text(value)

    monkeypatch.setattr(tables, "_cell_text", counting)
    data = xlsx(iter([HEADER, *people(5_000)]))
    with pytest.raises(RosterFileError, match="more than 10 rows"):
        read_roster(data, max_rows=10)
    # The header search reads 50 rows; after that, only up to row 11 of data.
    assert len(converted) <= 50 * 4 + 4


def test_csv_rows_past_the_limit_are_refused_with_the_figure():
    data = (
        "Employee ID,Email\n"
        + "".join(f"E{i},e{i}@example.com\n" for i in range(200_001))
    ).encode()
    with pytest.raises(RosterFileError, match="more than 200,000 rows"):
        read_roster(data)


def test_long_text_repeated_in_every_cell_is_refused(monkeypatch):
    monkeypatch.setattr(tables, "MAX_XLSX_TEXT", 2_000)
    long = "x" * 300
    data = xlsx(
        iter([HEADER, *[[f"E{i}", f"e{i}@ex.com", long, long] for i in range(10)]])
    )
    with pytest.raises(RosterFileError, match="more than 2,000 characters of text"):
        read_roster(data)


@pytest.mark.django_db
def test_upload_of_a_bomb_is_refused_and_nothing_is_stored(
    client, academy_admin, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(academy_admin)
    response = client.post(
        reverse("roster_imports:add"),
        {"file": SimpleUploadedFile("roster.xlsx", repetitive(60_000))},
    )
    assert response.status_code == 200
    assert "unpacks to" in response.content.decode()
    assert RosterImport.objects.count() == 0
    assert not any(tmp_path.rglob("*.xlsx"))
