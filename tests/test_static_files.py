"""Static files survive the production storage's post-processing."""

import re

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
