"""Static files survive the production storage's post-processing."""

import hashlib
import re
from pathlib import Path

from django.contrib.staticfiles import finders

SOURCE_MAP = re.compile(rb"^//# sourceMappingURL=(\S+)\s*$", re.MULTILINE)


def test_every_source_map_a_script_names_is_shipped():
    # CompressedManifestStaticFilesStorage rewrites these comments and stops
    # `collectstatic` (so a production deploy) when the named file is missing.
    missing = []
    for finder in finders.get_finders():
        for path, storage in finder.list(["admin/*", "wagtail*"]):
            if not path.endswith(".js") or "/vendor/" not in path:
                continue
            with storage.open(path) as handle:
                found = SOURCE_MAP.search(handle.read())
            if found and not found.group(1).startswith(b"data:"):
                target = path.rsplit("/", 1)[0] + "/" + found.group(1).decode()
                if not storage.exists(target):
                    missing.append(f"{path} -> {target}")
    assert missing == []


# Test-only vendored files: not static files, so no finder lists them (ADR 0021).
AXE = Path(__file__).parent / "e2e" / "vendor" / "axe-core"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"


def test_the_vendored_axe_core_is_the_npm_release_its_note_records():
    script = (AXE / "axe.min.js").read_bytes()
    assert hashlib.sha256(script).hexdigest() == AXE_SHA256
    assert script.startswith(b"/*! axe v4.14.1")
    assert AXE_SHA256 in (AXE / "README.md").read_text()
    assert (AXE / "LICENSE").read_text().startswith("Mozilla Public License")


def test_no_test_only_script_is_a_static_file():
    # axe-core checks pages in the browser tests; a page of the academy never loads it.
    assert finders.find("axe.min.js") is None
    assert not any(
        path.endswith("axe.min.js")
        for finder in finders.get_finders()
        for path, _ in finder.list([])
    )
