"""Well-known CDN libraries map to pinned local copies; everything else external
is listed as blocked (``scorm/libraries.py``)."""

import pytest

from scorm import libraries

from .fixtures import GOLF_2004_4TH, golf_members

JQUERY = "jQuery 1.12.4 with jQuery Migrate 1.4.1"
JQUERY_UI = "jQuery UI 1.13.3"


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("http://ajax.googleapis.com/ajax/libs/jquery/1.4.3/jquery.min.js", JQUERY),
        ("https://ajax.googleapis.com/ajax/libs/jquery/1.12.4/jquery.js", JQUERY),
        ("//ajax.googleapis.com/ajax/libs/jquery/1.7/jquery.min.js", JQUERY),
        ("https://code.jquery.com/jquery-1.8.3.min.js", JQUERY),
        ("https://ajax.aspnetcdn.com/ajax/jQuery/jquery-1.9.1.min.js", JQUERY),
        ("https://cdnjs.cloudflare.com/ajax/libs/jquery/1.11.3/jquery.min.js", JQUERY),
        (
            "http://ajax.googleapis.com/ajax/libs/jqueryui/1.8.5/jquery-ui.min.js",
            JQUERY_UI,
        ),
        ("https://code.jquery.com/ui/1.12.1/jquery-ui.min.js", JQUERY_UI),
        (
            "https://cdnjs.cloudflare.com/ajax/libs/jqueryui/1.10.4/jquery-ui.js",
            JQUERY_UI,
        ),
        (
            "https://ajax.aspnetcdn.com/ajax/jquery.ui/1.13.2/jquery-ui.min.js",
            JQUERY_UI,
        ),
    ],
)
def test_known_cdn_urls_map_to_the_vendored_library(url, title):
    library = libraries.library_for(url)
    assert library is not None
    assert library.title == title


@pytest.mark.parametrize(
    "url",
    [
        # Other major versions are not what the vendored copy stands in for.
        "https://ajax.googleapis.com/ajax/libs/jquery/3.7.1/jquery.min.js",
        "https://code.jquery.com/jquery-2.2.4.min.js",
        "https://ajax.googleapis.com/ajax/libs/jqueryui/1.7.2/jquery-ui.min.js",
        "https://code.jquery.com/ui/1.14.0/jquery-ui.min.js",
        # Look-alike hosts and paths.
        "https://ajax.googleapis.com.attacker.example/ajax/libs/jquery/1.4.3/jquery.min.js",
        "https://attacker.example/ajax.googleapis.com/ajax/libs/jquery/1.4.3/jquery.min.js",
        "https://ajax.googleapis.com/ajax/libs/jquery/1.4.3/jquery.min.js/../evil.js",
        "https://ajax.googleapis.com/ajax/libs/jquery/1.4.3/jquery.min.js?callback=x",
        "https://ajax.googleapis.com/ajax/libs/jquery/1.4.3/jquery.slim.min.js",
        # Not external at all.
        "jquery.min.js",
        "/ajax/libs/jquery/1.4.3/jquery.min.js",
        "javascript:alert(1)",
        "",
    ],
)
def test_anything_else_maps_to_nothing(url):
    assert libraries.library_for(url) is None


def test_the_golf_launch_page_gets_local_urls_and_is_otherwise_unchanged():
    page = golf_members(GOLF_2004_4TH)["shared/launchpage.html"]
    jquery = b"http://ajax.googleapis.com/ajax/libs/jquery/1.4.3/jquery.min.js"
    jquery_ui = b"http://ajax.googleapis.com/ajax/libs/jqueryui/1.8.5/jquery-ui.min.js"
    assert jquery in page
    assert jquery_ui in page
    rewritten = libraries.rewrite_sources(page)
    assert rewritten == page.replace(
        jquery, b"/scorm/libraries/jquery-1.12.4.js"
    ).replace(jquery_ui, b"/scorm/libraries/jquery-ui-1.13.3.js")


def test_unknown_external_sources_and_non_src_attributes_stay_as_they_are():
    page = (
        b"<script src='https://code.jquery.com/jquery-1.6.4.min.js'></script>"
        b'<script src="https://cdn.example.net/tracker.js"></script>'
        b'<a href="https://code.jquery.com/jquery-1.6.4.min.js">source</a>'
        b'<img data-src="https://code.jquery.com/jquery-1.6.4.min.js">'
    )
    assert libraries.rewrite_sources(page) == (
        b"<script src='/scorm/libraries/jquery-1.12.4.js'></script>"
        b'<script src="https://cdn.example.net/tracker.js"></script>'
        b'<a href="https://code.jquery.com/jquery-1.6.4.min.js">source</a>'
        b'<img data-src="https://code.jquery.com/jquery-1.6.4.min.js">'
    )


def test_a_page_in_another_encoding_keeps_its_bytes():
    page = (
        '<p>Caf\xe9</p><script src="//code.jquery.com/jquery-1.5.2.js"></script>'
    ).encode("latin-1")
    assert libraries.rewrite_sources(page) == (
        b'<p>Caf\xe9</p><script src="/scorm/libraries/jquery-1.12.4.js"></script>'
    )


def test_a_library_is_its_vendored_files_in_order():
    script = libraries.library_script("jquery-1.12.4")
    assert script.startswith(b"/*! jQuery v1.12.4 ")
    assert b"/*! jQuery Migrate v1.4.1 " in script
    assert script.index(b"jQuery Migrate") > script.index(b"jQuery v1.12.4")
    assert libraries.library_script("jquery-ui-1.13.3").startswith(
        b"/*! jQuery UI - v1.13.3 "
    )
    assert libraries.library_script("jquery-3.7.1") is None
    assert libraries.library_script("../jquery/jquery.min") is None


def test_every_library_file_is_vendored_with_its_licence():
    for library in libraries.LIBRARIES:
        for path in library.files:
            folder = (libraries.VENDOR / path).parent
            assert (libraries.VENDOR / path).is_file()
            assert (folder / "LICENSE.txt").is_file()
            assert (folder / "README.md").is_file()


def test_html_references_are_what_the_page_loads():
    page = b"""<html><head>
    <link rel="stylesheet" href="https://fonts.example.com/css?family=Lato">
    <link rel="license" href="http://creativecommons.org/licenses/by/3.0/us/">
    <link href="//cdn.example.net/favicon.ico" rel="icon">
    <style>@import url( "https://cdn.example.net/theme.css" );</style>
    <script src="http://ajax.googleapis.com/ajax/libs/jquery/1.4.3/jquery.min.js">
    </script><script src="local.js"></script>
    </head><body>
    <img alt="" src='https://images.example.org/hole.jpg'>
    <iframe src="https://video.example.org/embed/1"></iframe>
    <a href="https://en.wikipedia.org/wiki/Golf">Golf</a>
    <img src="https://images.example.org/hole.jpg">
    </body></html>"""
    assert libraries.file_references("Playing/Page.HTML", page) == [
        "https://fonts.example.com/css?family=Lato",
        "//cdn.example.net/favicon.ico",
        "http://ajax.googleapis.com/ajax/libs/jquery/1.4.3/jquery.min.js",
        "https://images.example.org/hole.jpg",
        "https://video.example.org/embed/1",
        "https://cdn.example.net/theme.css",
    ]


def test_css_references_are_imports_and_urls():
    css = b"""@import "https://cdn.example.net/reset.css";
    body { background: url(https://images.example.org/bg.png) }
    .logo { background: url('../shared/logo.png') }
    @font-face { src: url("//fonts.example.com/lato.woff2") }"""
    assert libraries.file_references("shared/style.css", css) == [
        "https://cdn.example.net/reset.css",
        "https://images.example.org/bg.png",
        "//fonts.example.com/lato.woff2",
    ]


def test_scripts_and_other_files_are_not_scanned():
    text = b'<script src="https://cdn.example.net/x.js"></script>'
    assert libraries.file_references("shared/contentfunctions.js", text) == []
    assert libraries.file_references("imsmanifest.xml", text) == []


def test_references_list_blocked_addresses_first_with_their_files():
    rows = libraries.external_references(
        {
            "b.html": [
                "https://code.jquery.com/jquery-1.7.2.min.js",
                "https://cdn.example.net/x.js",
            ],
            "a.html": ["https://cdn.example.net/x.js"],
        }
    )
    assert rows == [
        {
            "url": "https://cdn.example.net/x.js",
            "files": ["a.html", "b.html"],
            "file_count": 2,
            "library": "",
        },
        {
            "url": "https://code.jquery.com/jquery-1.7.2.min.js",
            "files": ["b.html"],
            "file_count": 1,
            "library": JQUERY,
        },
    ]


def test_references_are_capped():
    many = {
        f"page{n:03}.html": [
            f"https://cdn.example.net/{n}.js",
            "https://assets.example/a.css",
        ]
        for n in range(80)
    }
    rows = libraries.external_references(many)
    assert len(rows) == libraries.MAX_REFERENCES
    shared = next(row for row in rows if row["url"] == "https://assets.example/a.css")
    assert shared["file_count"] == 80
    assert len(shared["files"]) == libraries.MAX_FILES_PER_REFERENCE
