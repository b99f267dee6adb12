"""Well-known libraries that packages load from public CDNs, served locally.

Many packages load jQuery or jQuery UI from a public CDN. The content origin's
policy (``default-src 'self'``) refuses every other origin, and an academy may run
without internet access, so such a package would stop before it starts. Instead,
when a package's HTML page is served, a ``src`` that matches :data:`LIBRARIES`
(a CDN host and path, any 1.x version the vendored copy stands in for) is rewritten
to ``/scorm/libraries/<name>.js`` on the content origin, which serves the pinned
copy vendored from npm under ``scorm/static/scorm/vendor/``. Every other external
URL stays blocked; :func:`external_references` lists them so L&D see at upload
which ones will not load (ADR 0015, point 10).

Only ``src`` attributes in HTML are rewritten: a script that builds a CDN URL at
run time, or a stylesheet from a CDN, is not mapped (and is listed as blocked).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.core.files.storage import Storage

VENDOR = Path(__file__).parent / "static" / "scorm" / "vendor"

#: Files scanned for external references: what a browser parses for resources.
SCANNED_SUFFIXES = (".html", ".htm", ".xhtml", ".css")

#: Larger files are neither scanned nor rewritten (the player's limit too).
MAX_SCANNED_BYTES = 5 * 1024 * 1024

#: At most this many external URLs are kept per version (each with its files).
MAX_REFERENCES = 50
MAX_FILES_PER_REFERENCE = 5


@dataclass(frozen=True)
class Library:
    name: str
    title: str
    #: Vendored files, relative to ``VENDOR``, served one after the other.
    files: tuple[str, ...]
    #: What it stands in for, as L&D read it.
    stands_in_for: str
    #: Scheme-less URLs (``host/path``) it answers, matched whole.
    patterns: tuple[str, ...]


_JQUERY_1 = r"1\.\d+(?:\.\d+)?"
_JQUERY_UI_1 = r"1\.(?:8|9|1[0-3])(?:\.\d+)?"
_MIN = r"(?:\.min)?\.js"

LIBRARIES: tuple[Library, ...] = (
    Library(
        name="jquery-1.12.4",
        title="jQuery 1.12.4 with jQuery Migrate 1.4.1",
        files=("jquery/jquery.min.js", "jquery-migrate/jquery-migrate.min.js"),
        stands_in_for="jQuery 1.x",
        patterns=(
            rf"ajax\.googleapis\.com/ajax/libs/jquery/{_JQUERY_1}/jquery{_MIN}",
            rf"code\.jquery\.com/jquery-{_JQUERY_1}{_MIN}",
            rf"ajax\.aspnetcdn\.com/ajax/jquery/jquery-{_JQUERY_1}{_MIN}",
            rf"cdnjs\.cloudflare\.com/ajax/libs/jquery/{_JQUERY_1}/jquery{_MIN}",
        ),
    ),
    Library(
        name="jquery-ui-1.13.3",
        title="jQuery UI 1.13.3",
        files=("jquery-ui/jquery-ui.min.js",),
        stands_in_for="jQuery UI 1.8 to 1.13",
        patterns=(
            rf"ajax\.googleapis\.com/ajax/libs/jqueryui/{_JQUERY_UI_1}/jquery-ui{_MIN}",
            rf"code\.jquery\.com/ui/{_JQUERY_UI_1}/jquery-ui{_MIN}",
            rf"ajax\.aspnetcdn\.com/ajax/jquery\.ui/{_JQUERY_UI_1}/jquery-ui{_MIN}",
            rf"cdnjs\.cloudflare\.com/ajax/libs/jqueryui/{_JQUERY_UI_1}/jquery-ui{_MIN}",
        ),
    ),
)

_BY_NAME = {library.name: library for library in LIBRARIES}
_MATCHERS = tuple(
    (re.compile(pattern, re.IGNORECASE), library)
    for library in LIBRARIES
    for pattern in library.patterns
)
_EXTERNAL = re.compile(r"^(?:https?:)?//([^/?#\s]+)(/[^?#\s]*)?$", re.IGNORECASE)


def library_for(url: str) -> Library | None:
    """The vendored library an external URL stands for, if it is one we map."""
    found = _EXTERNAL.match(url.strip())
    if found is None:
        return None
    host_path = found.group(1) + (found.group(2) or "")
    for pattern, library in _MATCHERS:
        if pattern.fullmatch(host_path):
            return library
    return None


def library_url(library: Library) -> str:
    """Host-relative: it resolves against the content origin the page runs on."""
    return f"/scorm/libraries/{library.name}.js"


@lru_cache(maxsize=len(LIBRARIES))
def library_script(name: str) -> bytes | None:
    """The vendored files of a library joined into one script, or None."""
    library = _BY_NAME.get(name)
    if library is None:
        return None
    # ";\n" between files: a file ending without a semicolon cannot run into
    # the next one.
    return b";\n".join((VENDOR / path).read_bytes() for path in library.files)


_SRC = re.compile(
    rb"""(\ssrc\s*=\s*)(["'])((?:https?:)?//[^"'<>\s]+)\2""", re.IGNORECASE
)


def rewrite_sources(html: bytes) -> bytes:
    """The page with each ``src`` naming a mapped CDN library pointed at the
    local copy; every other byte unchanged (works for any ASCII-compatible
    encoding, the page's own encoding is kept)."""

    def local(match: re.Match) -> bytes:
        library = library_for(match.group(3).decode("ascii", "replace"))
        if library is None:
            return match.group(0)
        quote = match.group(2)
        return match.group(1) + quote + library_url(library).encode() + quote

    return _SRC.sub(local, html)


# --- what a package references that will not load -----------------------------------

_HTML_REFERENCES = re.compile(
    rb"""<(?:script|img|iframe|frame|embed|audio|video|source|track|input|link)\b"""
    rb"""[^>]*?\s(?:src|href)\s*=\s*(["'])((?:https?:)?//[^"'<>\s]+)\1""",
    re.IGNORECASE,
)
_CSS_REFERENCES = re.compile(
    rb"""(?:url\(\s*(["']?)((?:https?:)?//[^"'()\s]+)\1\s*\)"""
    rb"""|@import\s+(["'])((?:https?:)?//[^"'\s]+)\3)""",
    re.IGNORECASE,
)
_ANCHOR_LINK = re.compile(rb"<link\b[^>]*>", re.IGNORECASE)
_LOADED_LINK = re.compile(
    rb"""\srel\s*=\s*["']?[^"'>]*(?:stylesheet|icon|preload|modulepreload|manifest)""",
    re.IGNORECASE,
)


def _html_urls(text: bytes) -> list[bytes]:
    urls = []
    for match in _HTML_REFERENCES.finditer(text):
        tag = match.group(0)
        if tag[:5].lower() == b"<link":
            # A <link> loads its href only as a stylesheet, icon or preload;
            # other rels (alternate, license, …) are plain links.
            whole = _ANCHOR_LINK.match(text, match.start())
            if whole is None or not _LOADED_LINK.search(whole.group(0)):
                continue
        urls.append(match.group(2))
    return urls


def _css_urls(text: bytes) -> list[bytes]:
    return [
        match.group(2) or match.group(4) for match in _CSS_REFERENCES.finditer(text)
    ]


def file_references(name: str, content: bytes) -> list[str]:
    """External URLs one package file makes the browser load: ``src``
    attributes and stylesheet links in HTML, ``url()``/``@import`` in CSS and
    in HTML's inline styles. Links a learner follows are not loads."""
    lowered = name.lower()
    if not lowered.endswith(SCANNED_SUFFIXES):
        return []
    found = _css_urls(content)
    if not lowered.endswith(".css"):
        found = _html_urls(content) + found
    seen: dict[str, None] = {}
    for raw in found:
        seen.setdefault(raw.decode("utf-8", "replace"), None)
    return list(seen)


def external_references(files: dict[str, list[str]]) -> list[dict]:
    """Rows for a version: each external URL, the files that reference it, and
    the library served in its place ("" when it will not load). Blocked URLs
    first, then by URL; at most ``MAX_REFERENCES`` rows."""
    by_url: dict[str, list[str]] = {}
    for name in sorted(files):
        for url in files[name]:
            by_url.setdefault(url, []).append(name)
    rows = []
    for url, names in by_url.items():
        library = library_for(url)
        rows.append(
            {
                "url": url,
                "files": names[:MAX_FILES_PER_REFERENCE],
                "file_count": len(names),
                "library": library.title if library else "",
            }
        )
    rows.sort(key=lambda row: (bool(row["library"]), row["url"]))
    return rows[:MAX_REFERENCES]


def stored_references(
    storage: Storage, *, prefix: str, names: Iterable[str]
) -> list[dict]:
    """:func:`external_references` of a stored package: ``names`` are its files'
    storage names, under ``prefix``."""
    found = {}
    for saved in names:
        name = saved.removeprefix(prefix)
        if not name.lower().endswith(SCANNED_SUFFIXES):
            continue
        if storage.size(saved) > MAX_SCANNED_BYTES:
            continue
        with storage.open(saved, "rb") as handle:
            urls = file_references(name, handle.read())
        if urls:
            found[name] = urls
    return external_references(found)


def stored_names(storage: Storage, prefix: str) -> list[str]:
    """Every file's storage name under ``prefix`` (a folder ending in "/")."""
    folders, files = storage.listdir(prefix)
    names = [prefix + name for name in files]
    for folder in folders:
        names.extend(stored_names(storage, f"{prefix}{folder}/"))
    return names
