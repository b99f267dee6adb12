"""Check a SCORM zip before anything is stored, then extract it safely. No Django.

``check_zip`` reads only the zip's central directory and ``imsmanifest.xml``: it
refuses archives that are not zips, have no manifest at the root, contain unsafe
names (absolute paths, "..", backslashes), symbolic links, encrypted entries, too
many files, files too large or too compressed (zip bombs), or lack a file the
manifest lists. ``extract`` then streams every file out in small chunks, counting
the bytes actually decompressed rather than trusting the headers, and stops the
moment a limit is crossed. Memory stays bounded whatever the package's size.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .manifest import MANIFEST_NAME, Manifest, ManifestError, parse

MIB = 1024 * 1024
CHUNK = 64 * 1024

_DRIVE = re.compile(r"^[A-Za-z]:")
_SUPPORTED_COMPRESSION = {
    zipfile.ZIP_STORED,
    zipfile.ZIP_DEFLATED,
    zipfile.ZIP_BZIP2,
    zipfile.ZIP_LZMA,
}


class PackageError(ValueError):
    """The upload cannot be accepted; the message says why, in one sentence."""


@dataclass(frozen=True)
class Limits:
    max_upload_bytes: int = 512 * MIB
    max_total_bytes: int = 1024 * MIB
    max_file_bytes: int = 512 * MIB
    max_files: int = 10_000
    #: Uncompressed / compressed size allowed for a file larger than ``ratio_floor``.
    #: Text and media packages compress 2-20 times; bombs, thousands of times.
    max_ratio: int = 100
    ratio_floor: int = 1 * MIB
    max_manifest_bytes: int = 8 * MIB
    #: The zip module reads the whole central directory into memory: cap it before.
    max_directory_bytes: int = 32 * MIB


@dataclass(frozen=True)
class Member:
    name: str  # normalised, package-relative, "/"-separated
    info: zipfile.ZipInfo


@dataclass(frozen=True)
class CheckedPackage:
    manifest: Manifest
    members: tuple[Member, ...]
    upload_bytes: int
    #: Sum of the sizes the zip declares; ``extract`` enforces the real figure.
    declared_bytes: int

    @property
    def file_count(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class Extracted:
    size_bytes: int
    file_count: int


def describe_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < MIB:
        return f"{size / 1024:.0f} KiB"
    return f"{size / MIB:.1f} MiB"


def normalise_name(raw_name: str) -> str | None:
    """The safe package path of a zip entry (None for folders), or ``PackageError``."""
    if "\x00" in raw_name or any(ord(char) < 32 for char in raw_name):
        raise PackageError(
            f"The zip has an entry with control characters in its name ({raw_name!r})."
        )
    if "\\" in raw_name:
        raise PackageError(
            f'The zip entry "{raw_name}" uses backslashes in its path; re-create the '
            'zip with a standard tool (paths must use "/").'
        )
    if raw_name.startswith("/") or _DRIVE.match(raw_name):
        raise PackageError(f'The zip entry "{raw_name}" has an absolute path.')
    parts = [part for part in raw_name.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise PackageError(
            f'The zip entry "{raw_name}" points outside the package ("..").'
        )
    if raw_name.endswith("/") or not parts:
        return None
    return "/".join(parts)


def check_zip(source: BinaryIO, *, limits: Limits) -> CheckedPackage:
    """Everything that can be known without extracting; raises ``PackageError``."""
    source.seek(0, os.SEEK_END)
    upload_bytes = source.tell()
    source.seek(0)
    if upload_bytes > limits.max_upload_bytes:
        raise PackageError(
            f"The zip is {describe_size(upload_bytes)}, more than the "
            f"{describe_size(limits.max_upload_bytes)} allowed."
        )
    _check_directory(source, upload_bytes=upload_bytes, limits=limits)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise PackageError(
            "This file is not a zip archive. Export the course from your authoring "
            "tool as a SCORM package (.zip)."
        ) from None
    with archive:
        members = _members(archive.infolist(), limits=limits, upload_bytes=upload_bytes)
        by_name = {member.name: member for member in members}
        if MANIFEST_NAME not in by_name:
            raise PackageError(_no_manifest_message(by_name))
        manifest = parse(_read_manifest(archive, by_name[MANIFEST_NAME], limits))
    _check_references(manifest, set(by_name))
    return CheckedPackage(
        manifest=manifest,
        members=tuple(members),
        upload_bytes=upload_bytes,
        declared_bytes=sum(member.info.file_size for member in members),
    )


def _check_directory(source: BinaryIO, *, upload_bytes: int, limits: Limits) -> None:
    """Refuse, from the end-of-directory record alone, a zip whose directory is too
    large to read: the zip module would load all of it (every entry) into memory
    before any per-entry check could run."""
    tail_size = min(upload_bytes, 22 + 0xFFFF + 20)
    source.seek(upload_bytes - tail_size)
    tail = source.read(tail_size)
    source.seek(0)
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or end + 22 > len(tail):
        return  # not a zip: the zip module says so next
    entries, size = struct.unpack_from("<HI", tail, end + 10)
    locator = end - 20
    if locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
        (offset,) = struct.unpack_from("<Q", tail, locator + 8)
        if offset + 56 <= upload_bytes:
            source.seek(offset)
            record = source.read(56)
            source.seek(0)
            if record[:4] == b"PK\x06\x06":
                entries, size = struct.unpack_from("<QQ", record, 32)
    # Folders have entries too: allow as many again before counting files exactly.
    if entries > 2 * limits.max_files:
        raise PackageError(
            f"The zip holds more than {limits.max_files:,} files, the most a "
            "package may have."
        )
    if size > limits.max_directory_bytes:
        raise PackageError(
            f"The zip's table of contents is {describe_size(size)}, more than the "
            f"{describe_size(limits.max_directory_bytes)} allowed."
        )


def _members(
    infos: list[zipfile.ZipInfo], *, limits: Limits, upload_bytes: int
) -> list[Member]:
    members: list[Member] = []
    seen: set[str] = set()
    declared = compressed = 0
    for info in infos:
        name = normalise_name(info.filename)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise PackageError(
                f'The zip entry "{info.filename}" is a symbolic link; packages may '
                "only contain plain files."
            )
        if name is None:
            continue
        if info.flag_bits & 0x1:
            raise PackageError(f'The zip entry "{name}" is encrypted.')
        if info.compress_type not in _SUPPORTED_COMPRESSION:
            raise PackageError(
                f'The zip entry "{name}" uses a compression method the academy '
                "cannot read; re-create the zip with standard (deflate) compression."
            )
        if name in seen:
            raise PackageError(f'The zip contains "{name}" twice.')
        seen.add(name)
        if len(seen) > limits.max_files:
            raise PackageError(
                f"The zip holds more than {limits.max_files:,} files, the most a "
                "package may have."
            )
        if info.file_size > limits.max_file_bytes:
            raise PackageError(
                f'"{name}" is {describe_size(info.file_size)} uncompressed, more than '
                f"the {describe_size(limits.max_file_bytes)} allowed for one file."
            )
        _check_ratio(name, info.file_size, info.compress_size, limits)
        declared += info.file_size
        compressed += info.compress_size
        if declared > limits.max_total_bytes:
            raise PackageError(
                "The package would be more than "
                f"{describe_size(limits.max_total_bytes)} once extracted."
            )
        members.append(Member(name=name, info=info))
    if compressed > upload_bytes:
        # Entries sharing the same compressed bytes: a classic bomb construction.
        raise PackageError(
            "The zip's entries overlap (they claim more data than the file holds); "
            "it is damaged or built to exhaust the server."
        )
    return members


def _check_ratio(name: str, size: int, compressed: int, limits: Limits) -> None:
    if size > limits.ratio_floor and size > limits.max_ratio * max(compressed, 1):
        raise PackageError(
            f'"{name}" expands {size // max(compressed, 1):,} times when extracted '
            f"(at most {limits.max_ratio} is allowed): the zip looks like a zip bomb."
        )


def _no_manifest_message(names: dict[str, Member]) -> str:
    nested = sorted(name for name in names if name.endswith("/" + MANIFEST_NAME))
    if nested:
        folder = nested[0].rsplit("/", 1)[0]
        return (
            f'{MANIFEST_NAME} is inside the folder "{folder}/", not at the root of '
            "the zip. Zip the folder's contents, not the folder itself."
        )
    return f"The zip has no {MANIFEST_NAME} at its root, so it is not a SCORM package."


def _read_manifest(archive: zipfile.ZipFile, member: Member, limits: Limits) -> bytes:
    if member.info.file_size > limits.max_manifest_bytes:
        raise PackageError(
            f"{MANIFEST_NAME} is {describe_size(member.info.file_size)}, more than "
            f"the {describe_size(limits.max_manifest_bytes)} a manifest may be."
        )
    chunks: list[bytes] = []
    with _reading(member.name), archive.open(member.info) as stream:
        total = 0
        while chunk := stream.read(CHUNK):
            total += len(chunk)
            if total > limits.max_manifest_bytes:
                raise PackageError(
                    f"{MANIFEST_NAME} is larger than the "
                    f"{describe_size(limits.max_manifest_bytes)} a manifest may be."
                )
            chunks.append(chunk)
    return b"".join(chunks)


def _check_references(manifest: Manifest, names: set[str]) -> None:
    missing = sorted(manifest.referenced_files() - names)
    if missing:
        shown = ", ".join(f'"{name}"' for name in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise PackageError(
            f"The manifest lists files the package does not contain: {shown}{more}."
        )


class _reading:
    """Turn the zip module's read errors into one clear ``PackageError``."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> bool:
        if isinstance(error, zipfile.BadZipFile | zlib.error | EOFError):
            raise PackageError(
                f'"{self.name}" could not be read from the zip ({error}); the zip is '
                "damaged, or its headers do not match its contents."
            ) from None
        return False


class LimitedReader:
    """Reads one zip entry, counting the bytes really decompressed.

    The headers may lie: the counts, not the declared sizes, are held against the
    per-file, total and ratio limits, and reading stops as soon as one is crossed.
    """

    def __init__(
        self,
        stream: BinaryIO,
        member: Member,
        *,
        limits: Limits,
        total: list[int],
    ) -> None:
        self.stream = stream
        self.member = member
        self.limits = limits
        self.total = total  # shared running total across entries
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        size = CHUNK if size is None or size < 0 or size > CHUNK else size
        with _reading(self.member.name):
            chunk = self.stream.read(size)
        self.count += len(chunk)
        self.total[0] += len(chunk)
        name, info, limits = self.member.name, self.member.info, self.limits
        if self.count > info.file_size:
            raise PackageError(
                f'"{name}" holds more data than its zip header declares; the zip has '
                "been tampered with."
            )
        if self.count > limits.max_file_bytes:
            raise PackageError(
                f'"{name}" is larger than the {describe_size(limits.max_file_bytes)} '
                "allowed for one file."
            )
        if self.total[0] > limits.max_total_bytes:
            raise PackageError(
                "The package would be more than "
                f"{describe_size(limits.max_total_bytes)} once extracted."
            )
        _check_ratio(name, self.count, info.compress_size, limits)
        return chunk


def extract(
    source: BinaryIO,
    checked: CheckedPackage,
    *,
    limits: Limits,
    save: Callable[[str, LimitedReader], None],
) -> Extracted:
    """Stream every file of a checked zip to ``save(name, reader)``.

    ``save`` must read ``reader`` to its end (chunks of at most 64 KiB). Raises
    ``PackageError`` as soon as a limit is crossed; the caller removes what it saved.
    """
    total = [0]
    source.seek(0)
    with zipfile.ZipFile(source) as archive:
        for member in checked.members:
            with _reading(member.name), archive.open(member.info) as stream:
                reader = LimitedReader(stream, member, limits=limits, total=total)
                save(member.name, reader)
                # Reading to the end makes the zip module check the CRC.
                while reader.read(CHUNK):
                    pass
    return Extracted(size_bytes=total[0], file_count=len(checked.members))


# --- folders (for inspecting an unpacked package) ---------------------------------


def check_folder(folder: Path, *, limits: Limits) -> Manifest:
    """Parse ``folder/imsmanifest.xml`` and check the files it lists are there."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        raise PackageError(f'"{folder}" has no {MANIFEST_NAME}.')
    if path.stat().st_size > limits.max_manifest_bytes:
        raise PackageError(
            f"{MANIFEST_NAME} is larger than the "
            f"{describe_size(limits.max_manifest_bytes)} a manifest may be."
        )
    manifest = parse(path.read_bytes())
    root = folder.resolve()
    present = set()
    for name in manifest.referenced_files():
        candidate = folder / name
        if candidate.is_symlink():
            raise PackageError(
                f'"{name}" is a symbolic link; packages may only contain plain files.'
            )
        if candidate.is_file() and candidate.resolve().is_relative_to(root):
            present.add(name)
    _check_references(manifest, present)
    return manifest


__all__ = [
    "CheckedPackage",
    "Extracted",
    "Limits",
    "ManifestError",
    "PackageError",
    "check_folder",
    "check_zip",
    "extract",
]
