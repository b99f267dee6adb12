"""Zip checks and extraction, without Django: every way an upload can be refused."""

import io
import os
import stat
import struct
import zipfile

import pytest

from scorm.package import (
    MIB,
    Limits,
    PackageError,
    check_folder,
    check_zip,
    extract,
    normalise_name,
)

from .fixtures import (
    ADL_DIR,
    GOLF_2004_4TH,
    fixture,
    fixtures_dir,
    golf_members,
    make_zip,
)

LIMITS = Limits()


def _saver():
    saved: dict[str, bytes] = {}

    def save(name, reader):
        chunks = []
        while chunk := reader.read(64 * 1024):
            chunks.append(chunk)
        saved[name] = b"".join(chunks)

    return saved, save


def test_golf_package_passes_and_extracts_every_file():
    with fixture(GOLF_2004_4TH).open("rb") as source:
        checked = check_zip(source, limits=LIMITS)
        saved, save = _saver()
        result = extract(source, checked, limits=LIMITS, save=save)
    assert checked.manifest.sco_count() == 5
    assert result.file_count == checked.file_count == len(saved) == 59
    assert result.size_bytes == sum(len(data) for data in saved.values())
    assert saved["imsmanifest.xml"].startswith(b"<?xml")


def test_a_file_that_is_not_a_zip_is_refused():
    with pytest.raises(PackageError, match="not a zip archive"):
        check_zip(io.BytesIO(b"%PDF-1.7 not a package"), limits=LIMITS)


def test_a_zip_without_a_manifest_is_refused():
    with pytest.raises(PackageError, match="no imsmanifest.xml at its root"):
        check_zip(make_zip({"index.html": b"<h1>Hi</h1>"}), limits=LIMITS)


def test_a_manifest_inside_a_folder_gets_a_hint():
    members = {f"golf/{name}": data for name, data in golf_members().items()}
    with pytest.raises(PackageError, match='inside the folder "golf/"'):
        check_zip(make_zip(members), limits=LIMITS)


def test_a_file_the_manifest_lists_must_be_in_the_zip():
    members = golf_members()
    del members["Etiquette/Course.html"]
    with pytest.raises(PackageError, match='does not contain: "Etiquette/Course.html"'):
        check_zip(make_zip(members), limits=LIMITS)


def test_an_unknown_schema_version_is_refused():
    members = golf_members()
    members["imsmanifest.xml"] = members["imsmanifest.xml"].replace(
        b"<schemaversion>1.2</schemaversion>", b"<schemaversion>1.1</schemaversion>"
    )
    with pytest.raises(ValueError, match='Unrecognised SCORM schema version "1.1"'):
        check_zip(make_zip(members), limits=LIMITS)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../evil.html", "points outside the package"),
        ("shared/../../evil.html", "points outside the package"),
        ("/etc/cron.d/evil", "absolute path"),
        ("C:/Windows/evil.dll", "absolute path"),
        ("..\\evil.html", "backslashes"),
        ("shared\\evil.html", "backslashes"),
    ],
)
def test_unsafe_entry_names_are_refused(name, message):
    members = {**golf_members(), name: b"x"}
    with pytest.raises(PackageError, match=message):
        check_zip(make_zip(members), limits=LIMITS)


def test_safe_names_are_normalised():
    assert normalise_name("./shared//style.css") == "shared/style.css"
    assert normalise_name("shared/") is None


def test_a_symbolic_link_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in golf_members().items():
            archive.writestr(name, data)
        link = zipfile.ZipInfo("shared/passwd")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(PackageError, match="symbolic link"):
        check_zip(buffer, limits=LIMITS)


def test_a_zip_bomb_by_compression_ratio_is_refused_from_its_headers():
    members = {**golf_members(), "media/silence.bin": bytes(20 * MIB)}
    with pytest.raises(PackageError, match="zip bomb"):
        check_zip(make_zip(members), limits=LIMITS)


def test_too_many_files_are_refused():
    with pytest.raises(PackageError, match="more than 40 files"):
        check_zip(make_zip(golf_members()), limits=Limits(max_files=40))


def test_too_many_entries_are_refused_before_the_directory_is_read(monkeypatch):
    def unreachable(*args, **kwargs):
        raise AssertionError("the zip's directory should not have been read")

    source = make_zip(golf_members())
    monkeypatch.setattr(zipfile, "ZipFile", unreachable)
    with pytest.raises(PackageError, match="more than 10 files"):
        check_zip(source, limits=Limits(max_files=10))


def test_an_oversized_directory_is_refused_before_it_is_read():
    with pytest.raises(PackageError, match="table of contents"):
        check_zip(make_zip(golf_members()), limits=Limits(max_directory_bytes=1000))


def _as_zip64(data: bytes) -> bytes:
    """The same zip with zip64 end records, as large-archive tools write it: the
    classic record says "see zip64" (0xFFFF entries, 0xFFFFFFFF bytes)."""
    end = data.rfind(b"PK\x05\x06")
    entries, size, offset = struct.unpack_from("<HII", data, end + 10)
    record = struct.pack(
        "<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, entries, entries, size, offset
    )
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, end, 1)
    classic = bytearray(data[end:])
    struct.pack_into("<HHI", classic, 8, 0xFFFF, 0xFFFF, 0xFFFFFFFF)
    return data[:end] + record + locator + bytes(classic)


def test_a_zip64_directory_record_is_read_for_the_entry_count():
    data = _as_zip64(make_zip(golf_members()).getvalue())
    # Read from the classic record alone, 0xFFFFFFFF bytes would be refused.
    assert check_zip(io.BytesIO(data), limits=LIMITS).file_count == 46
    with pytest.raises(PackageError, match="more than 10 files"):
        check_zip(io.BytesIO(data), limits=Limits(max_files=10))


def test_too_large_once_extracted_is_refused_from_the_headers():
    with pytest.raises(PackageError, match="once extracted"):
        check_zip(make_zip(golf_members()), limits=Limits(max_total_bytes=100_000))


def test_a_file_larger_than_allowed_is_refused():
    with pytest.raises(PackageError, match="allowed for one file"):
        check_zip(make_zip(golf_members()), limits=Limits(max_file_bytes=50_000))


def test_an_upload_over_the_size_limit_is_refused_before_reading_it():
    with pytest.raises(PackageError, match="more than the"):
        check_zip(make_zip(golf_members()), limits=Limits(max_upload_bytes=1000))


def _central_entries(data: bytes) -> tuple[int, int, list[tuple[int, bytes]]]:
    """(end record offset, directory offset, [(offset, entry bytes)])."""
    end = data.rfind(b"PK\x05\x06")
    start = struct.unpack_from("<I", data, end + 16)[0]
    entries, offset = [], start
    while offset < end:
        name_length, extra_length, comment_length = struct.unpack_from(
            "<HHH", data, offset + 28
        )
        size = 46 + name_length + extra_length + comment_length
        entries.append((offset, bytes(data[offset : offset + size])))
        offset += size
    return end, start, entries


def _lying_zip(real: bytes, claimed_size: int) -> io.BytesIO:
    """A valid package plus "media/big.bin" whose headers claim ``claimed_size``
    bytes while its deflated data holds ``real``."""
    data = bytearray(make_zip({**golf_members(), "media/big.bin": real}).getvalue())
    _, _, entries = _central_entries(bytes(data))
    for offset, entry in entries:
        if entry[46:].startswith(b"media/big.bin"):
            local = struct.unpack_from("<I", entry, 42)[0]
            # Uncompressed size: offset 22 in the local header, 24 in the directory.
            struct.pack_into("<I", data, local + 22, claimed_size)
            struct.pack_into("<I", data, offset + 24, claimed_size)
    return io.BytesIO(bytes(data))


def test_a_bomb_with_lying_headers_is_stopped_while_extracting():
    # 8 MiB of zeros claiming to be 4 KiB: the header checks pass...
    source = _lying_zip(bytes(8 * MIB), 4096)
    checked = check_zip(source, limits=LIMITS)
    saved, save = _saver()
    # ...but extraction counts what really comes out, and the data fails its
    # checksum at the declared size: refused, nothing beyond 4 KiB decompressed.
    with pytest.raises(PackageError, match="headers do not match its contents"):
        extract(source, checked, limits=LIMITS, save=save)
    assert len(saved.get("media/big.bin", b"")) <= 4096


def test_extraction_enforces_the_total_on_bytes_actually_read():
    source = make_zip(golf_members())
    checked = check_zip(source, limits=LIMITS)
    _, save = _saver()
    with pytest.raises(PackageError, match="once extracted"):
        extract(source, checked, limits=Limits(max_total_bytes=100_000), save=save)


def test_overlapping_entries_are_refused():
    # Forty more directory entries pointing at the same compressed data: each
    # looks harmless, together they claim more data than the file holds.
    data = make_zip({**golf_members(), "a.bin": os.urandom(300_000)}).getvalue()
    end, start, entries = _central_entries(data)
    big = next(entry for _, entry in entries if entry.endswith(b"a.bin"))
    copies = [big.replace(b"a.bin", f"c{n:02d}.b".encode()) for n in range(40)]
    directory = b"".join([entry for _, entry in entries] + copies)
    count = len(entries) + len(copies)
    record = bytearray(data[end : end + 22])
    struct.pack_into("<HHII", record, 8, count, count, len(directory), start)
    forged = data[:start] + directory + bytes(record)
    with pytest.raises(PackageError, match="overlap"):
        check_zip(io.BytesIO(forged), limits=LIMITS)


def test_a_folder_is_checked_like_a_zip(tmp_path):
    for name, data in golf_members().items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert check_folder(tmp_path, limits=LIMITS).sco_count() == 1
    (tmp_path / "Etiquette" / "Course.html").unlink()
    with pytest.raises(PackageError, match="does not contain"):
        check_folder(tmp_path, limits=LIMITS)


def test_an_adl_manifest_folder_lacks_its_run_time_files():
    fixtures_dir()
    with pytest.raises(PackageError, match="does not contain"):
        check_folder(ADL_DIR / "LMSTestPackage_CM-01", limits=LIMITS)
