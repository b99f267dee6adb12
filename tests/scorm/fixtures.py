"""Where the shared SCORM fixtures are: the one place that knows the path.

CI lays ``shared/`` beside the clone, so they are at ``../shared/fixtures/scorm``
from the repository root; ``SCORM_FIXTURES_DIR`` overrides that. When they are
missing the tests that need them skip on a laptop but fail in CI (``CI`` set), so
a broken checkout can never pass by skipping.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCORM_FIXTURES = Path(
    os.environ.get("SCORM_FIXTURES_DIR")
    or REPO_ROOT.parent / "shared" / "fixtures" / "scorm"
)
ADL_DIR = SCORM_FIXTURES / "adl-2004-4th-manifests"
ADL_MANIFEST_COUNT = 189

GOLF_12 = "golf_scorm12_single_sco_runtime_basic.zip"
GOLF_2004_3RD = "golf_scorm2004_3rd_single_sco_runtime_basic.zip"
GOLF_2004_4TH = "golf_scorm2004_4th_multi_sco_sequencing_posttestrollup.zip"


def fixtures_dir() -> Path:
    if SCORM_FIXTURES.is_dir():
        return SCORM_FIXTURES
    message = (
        f"SCORM fixtures not found at {SCORM_FIXTURES}; set SCORM_FIXTURES_DIR "
        "or put shared/ beside the repository."
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def fixture(name: str) -> Path:
    return fixtures_dir() / name


def adl_manifests() -> list[Path]:
    """Collected at import time for parametrisation; empty when absent."""
    return sorted(ADL_DIR.glob("*/imsmanifest.xml")) if ADL_DIR.is_dir() else []


def golf_members(name: str = GOLF_12) -> dict[str, bytes]:
    """The files of a golf package, to rebuild variants of it in memory."""
    with zipfile.ZipFile(fixture(name)) as archive:
        return {
            info.filename: archive.read(info)
            for info in archive.infolist()
            if not info.is_dir()
        }


def make_zip(
    members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED
) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer
