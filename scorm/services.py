"""Writes: accept an uploaded SCORM zip as a new package or a new version.

Order matters so that a refused upload leaves nothing behind: check the zip (reads
only its directory and manifest), extract it under a fresh storage prefix while
enforcing the limits, and only then write the rows in one short transaction. If
extraction or the transaction fails, the extracted files are deleted again.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from wagtail.log_actions import log

from . import libraries
from .manifest import Manifest
from .models import ScormPackage, ScormPackageVersion
from .package import CHUNK, LimitedReader, Limits, PackageError, check_zip, extract

STORAGE_ROOT = "scorm"


def limits_from_settings() -> Limits:
    return Limits(
        max_upload_bytes=settings.SCORM_MAX_UPLOAD_BYTES,
        max_total_bytes=settings.SCORM_MAX_EXTRACTED_BYTES,
        max_file_bytes=settings.SCORM_MAX_FILE_BYTES,
        max_files=settings.SCORM_MAX_FILES,
        max_ratio=settings.SCORM_MAX_COMPRESSION_RATIO,
    )


@dataclass
class _Stored:
    prefix: str
    names: list[str]
    size_bytes: int = 0


def launch_rows(manifest: Manifest) -> list[dict]:
    """The default organisation's launchable items, as the player will need them."""
    return [
        {
            "identifier": item.identifier,
            "title": item.title,
            "url": item.launch_url,
            "scorm_type": str(item.scorm_type),
            "is_visible": item.is_visible,
            "mastery_score": item.mastery_score,
            "data_from_lms": item.data_from_lms,
        }
        for item in manifest.launchable_items()
    ]


def _sha256(source: BinaryIO) -> str:
    digest = hashlib.sha256()
    source.seek(0)
    while chunk := source.read(CHUNK):
        digest.update(chunk)
    source.seek(0)
    return digest.hexdigest()


def _store(source: BinaryIO, checked, limits: Limits) -> _Stored:
    prefix = f"{STORAGE_ROOT}/{uuid.uuid4().hex}/"
    stored = _Stored(prefix=prefix, names=[])

    def save(name: str, reader: LimitedReader) -> None:
        wanted = prefix + name
        try:
            saved = default_storage.save(wanted, File(reader, name=name))
        except BaseException:
            # A limit crossed mid-file leaves a partial file behind: remove it.
            if default_storage.exists(wanted):
                default_storage.delete(wanted)
            raise
        stored.names.append(saved)
        if saved != wanted:
            # The player serves files by their package path: a renamed file would
            # be a broken link, so refuse rather than store something that fails.
            raise PackageError(
                f'The file "{name}" could not be stored under its own name.'
            )

    try:
        stored.size_bytes = extract(
            source, checked, limits=limits, save=save
        ).size_bytes
    except BaseException:
        _delete(stored.names)
        raise
    return stored


def _delete(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def package_upload(
    *,
    source: BinaryIO,
    file_name: str,
    actor,
    title: str = "",
    package: ScormPackage | None = None,
) -> ScormPackageVersion:
    """Validate and store a SCORM zip: a new package, or a new version of ``package``.

    Raises ``PackageError`` or ``ManifestError`` with a message for the uploader;
    then nothing has been stored.
    """
    limits = limits_from_settings()
    checked = check_zip(source, limits=limits)
    sha256 = _sha256(source)
    stored = _store(source, checked, limits)
    manifest = checked.manifest
    try:
        references = libraries.stored_references(
            default_storage, prefix=stored.prefix, names=stored.names
        )
        with transaction.atomic():
            if package is None:
                package = ScormPackage.objects.create(
                    title=title or manifest.default_organization.title,
                    uploaded_by=actor,
                )
                log(instance=package, action="wagtail.create", user=actor)
            else:
                # One upload at a time per package, so version numbers never clash.
                package = ScormPackage.objects.select_for_update().get(pk=package.pk)
            number = (package.versions.aggregate(n=Max("number"))["n"] or 0) + 1
            version = ScormPackageVersion.objects.create(
                package=package,
                number=number,
                original_filename=file_name[:255],
                sha256=sha256,
                storage_prefix=stored.prefix,
                schema_version=manifest.version,
                manifest_identifier=manifest.identifier[:255],
                manifest=manifest.to_dict(),
                launch_data=launch_rows(manifest),
                external_references=references,
                upload_bytes=checked.upload_bytes,
                size_bytes=stored.size_bytes,
                file_count=checked.file_count,
                uploaded_by=actor,
            )
            if number > 1:
                log(
                    instance=package,
                    action="wagtail.edit",
                    user=actor,
                    data={"version": number, "sha256": sha256},
                )
    except BaseException:
        _delete(stored.names)
        raise
    return version
