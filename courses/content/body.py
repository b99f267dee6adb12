"""A lesson's Markdown body, split into the StreamField blocks it is made of.

The body is Markdown with a few block markers, each on a line of its own::

    ## Section heading                        -> heading
    Paragraphs, lists, **bold**, *italic*,    -> rich_text (until the next marker)
    `code`, [links](https://...), ### subheads
    :::callout{kind=tip title="Register early"}
    Markdown text                             -> callout
    :::
    :::jurisdiction uk{title="UK GDPR"}
    Markdown text                             -> jurisdiction (uk, eu or us)
    :::
    :::key-takeaways
    - One plain sentence per item             -> key_takeaways
    :::
    ```python {caption="What the listing shows"}
    code, verbatim                            -> code
    ```
    ::knowledge-check                         -> the lesson's knowledge check file
    ::split                                   -> ends a rich_text block, starts another

Rich text is rendered to the same compact HTML the Wagtail editor stores, and may
use only the features the target block allows (see ``courses.blocks``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from courses.blocks import CALLOUT_FEATURES, RICH_TEXT_FEATURES

FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
CONTAINER_OPEN = re.compile(
    r"^:::(?P<name>[A-Za-z][\w-]*)(?:[ \t]+(?P<arg>[A-Za-z]\w*))?"
    r"\s*(?P<attrs>\{.*\})?\s*$"
)
CONTAINER_CLOSE = re.compile(r"^:::\s*$")
LEAF = re.compile(r"^::(?P<name>[A-Za-z][\w-]*)\s*(?P<attrs>\{.*\})?\s*$")
HEADING = re.compile(r"^## +(?P<text>.*?)\s*$")
CODE_INFO = re.compile(r"^\s*(?P<language>[\w+-]+)?\s*(?P<attrs>\{.*\})?\s*$")
ATTR = re.compile(
    r'\s*(?P<name>[A-Za-z][\w-]*)=(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<bare>[^\s"}]+))'
)

#: Directives a body may use, and the attributes each accepts.
CONTAINERS = {
    "callout": {"kind", "title"},
    "key-takeaways": set(),
    "attestation": {"policy", "version"},
    "jurisdiction": {"title"},
}
#: ``:::jurisdiction uk``: the law notes a profile may select (ADR 0022).
JURISDICTIONS = ("uk", "eu", "us")
LEAVES = {"knowledge-check": set(), "split": set()}
CODE_ATTRS = {"caption"}

_FEATURE_NAMES = {
    "bold": "bold",
    "italic": "italic",
    "link": "links",
    "ul": "bulleted lists",
    "ol": "numbered lists",
    "h3": "### subheadings",
    "h4": "#### subheadings",
    "code": "inline `code`",
}


def _markdown() -> MarkdownIt:
    # CommonMark with raw HTML recognised (so it can be refused, not shown as text).
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})

    def softbreak(self, tokens, idx, options, env) -> str:
        # A line break in the source is a space: write one sentence per line.
        return " "

    md.add_render_rule("softbreak", softbreak)
    return md


MD = _markdown()


class BodyError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Segment:
    """One block of the body: its StreamField type, value and first line."""

    type: str
    value: Any
    line: int


@dataclass
class _Lines:
    """The body's lines with their line numbers in the file."""

    lines: list[str]
    first_line: int
    position: int = 0
    errors: list[BodyError] = field(default_factory=list)

    def __iter__(self) -> Iterator[tuple[int, str]]:
        while self.position < len(self.lines):
            index = self.position
            self.position += 1
            yield self.first_line + index, self.lines[index]


def parse_attrs(text: str | None, allowed: set[str], *, line: int, what: str) -> dict:
    """``{name=value name2="quoted value"}`` as a dict, refusing unknown names."""
    if not text:
        return {}
    inner = text.strip()[1:-1]
    attrs: dict[str, str] = {}
    position = 0
    while inner[position:].strip():
        match = ATTR.match(inner, position)
        if match is None:
            raise BodyError(
                line,
                f"cannot read the attributes of {what}: write them as "
                'name=value or name="a value with spaces".',
            )
        name = match["name"]
        if name not in allowed:
            known = ", ".join(sorted(allowed)) or "none"
            raise BodyError(
                line, f"unknown attribute {name!r} on {what} (known: {known})."
            )
        if match["quoted"] is not None:
            value = re.sub(r"\\(.)", r"\1", match["quoted"])
        else:
            value = match["bare"]
        attrs[name] = value
        position = match.end()
    return attrs


def _refuse(token: Token, features: Sequence[str], where: str) -> str | None:
    """Why ``token`` may not appear in rich text with ``features``, or None."""
    allowed = ", ".join(_FEATURE_NAMES[name] for name in features)
    needs = {
        "strong_open": "bold",
        "em_open": "italic",
        "link_open": "link",
        "bullet_list_open": "ul",
        "ordered_list_open": "ol",
        "code_inline": "code",
    }
    if token.type in needs:
        feature = needs[token.type]
        if feature in features:
            return None
        name = _FEATURE_NAMES[feature]
        return f"{name} are not allowed in {where} (allowed: {allowed})."
    if token.type == "heading_open":
        if token.tag in features:
            return None
        if token.tag == "h2" and "h3" in features:
            return None  # A '##' line is taken as a section heading before this.
        return (
            f"a {'#' * int(token.tag[1])} heading is not allowed in {where}: use "
            "'## ' at the start of a line for a section heading"
            + (", '###' or '####' for a subheading." if "h3" in features else ".")
        )
    refused = {
        "fence": "a code listing must start at the beginning of a line, outside "
        "lists and callouts.",
        "code_block": "indented text is read as a code listing: remove the "
        "indentation, or use a ``` fenced code listing.",
        "blockquote_open": f"block quotes ('>') are not allowed in {where}: use "
        ":::callout instead.",
        "hr": f"horizontal rules are not allowed in {where}.",
        "html_block": f"raw HTML is not allowed in {where}: write Markdown.",
        "html_inline": f"raw HTML is not allowed in {where}: write Markdown.",
        "image": f"images are not allowed in {where}.",
        "hardbreak": f"a forced line break (two trailing spaces or a trailing "
        f"backslash) is not allowed in {where}: start a new paragraph instead.",
    }
    return refused.get(token.type)


def _walk(tokens: Sequence[Token]) -> Iterator[tuple[Token, Token]]:
    """Every token with the block token whose line it is on."""
    for token in tokens:
        yield token, token
        for child in token.children or ():
            yield child, token


def rich_text_html(
    source: str, *, first_line: int, features: Sequence[str], where: str
) -> str:
    """The HTML for Markdown ``source``, or a :class:`BodyError` at its line."""
    tokens = MD.parse(source)
    for token, block in _walk(tokens):
        problem = _refuse(token, features, where)
        if problem is not None:
            line = first_line + (block.map[0] if block.map else 0)
            raise BodyError(line, problem)
        if token.type == "ordered_list_open" and token.attrGet("start") not in (
            None,
            1,
            "1",
        ):
            line = first_line + (token.map[0] if token.map else 0)
            raise BodyError(line, "a numbered list must start at 1.")
    html = MD.renderer.render(tokens, MD.options, {})
    # Block tags end in a newline; text never holds one (soft breaks are spaces).
    return html.replace("\n", "")


def plain_text(source: str, *, line: int, what: str) -> str:
    """Markdown text without formatting (a heading, a takeaway) as plain text."""
    tokens = MD.parseInline(source.strip())
    parts = []
    for child in tokens[0].children or ():
        if child.type == "text":
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        else:
            raise BodyError(
                line, f"{what} is plain text: no bold, italic, links or code."
            )
    return "".join(parts).strip()


def _takeaways(source: str, *, first_line: int) -> list[str]:
    tokens = MD.parse(source)
    item = [
        "list_item_open",
        "paragraph_open",
        "inline",
        "paragraph_close",
        "list_item_close",
    ]
    # A tight list of n items is exactly these tokens; anything else is not one list.
    expected = ["bullet_list_open", *item * max(1, (len(tokens) - 2) // 5)]
    expected.append("bullet_list_close")
    for index, token in enumerate(tokens):
        if index >= len(expected) or token.type != expected[index]:
            line = first_line + (token.map[0] if token.map else 0)
            raise BodyError(
                line, "key takeaways hold one bulleted list: a '- ' line per takeaway."
            )
    if len(tokens) != len(expected):
        raise BodyError(
            first_line,
            "key takeaways hold one bulleted list: a '- ' line per takeaway.",
        )
    return [
        plain_text(token.content, line=first_line + token.map[0], what="a takeaway")
        for token in tokens
        if token.type == "inline"
    ]


def _take_until(
    lines: _Lines, closes: re.Pattern, *, start: int, what: str
) -> list[str]:
    """The lines up to the closing line; a code listing may hold ':::' lines."""
    taken = []
    for line, text in lines:
        if closes.match(text):
            return taken
        if CONTAINER_OPEN.match(text) and what.startswith(":::"):
            raise BodyError(line, f"{what} is not closed before this block starts.")
        taken.append(text)
    raise BodyError(start, f"{what} is never closed.")


def _code(match: re.Match, lines: _Lines, line: int) -> Segment:
    """A fenced code listing, read up to its closing fence."""
    fence = match["fence"]
    info = CODE_INFO.match(match["info"])
    if info is None or not info["language"]:
        raise BodyError(
            line,
            "a code listing names its language after the fence, e.g. "
            '```python {caption="..."}.',
        )
    attrs = parse_attrs(info["attrs"], CODE_ATTRS, line=line, what="a code listing")
    closes = re.compile(rf"^{re.escape(fence[0])}{{{len(fence)},}}\s*$")
    code = _take_until(lines, closes, start=line, what="the code listing")
    return Segment(
        "code",
        {
            "language": info["language"],
            "code": "\n".join(code),
            "caption": attrs.get("caption", ""),
        },
        line,
    )


def _container(match: re.Match, lines: _Lines, line: int) -> Segment:
    """The block a ``:::name`` container opens, read up to its closing ``:::``."""
    name = match["name"]
    if name not in CONTAINERS:
        known = ", ".join(f":::{n}" for n in CONTAINERS)
        raise BodyError(line, f"unknown block ':::{name}' (known: {known}).")
    if match["arg"] and name != "jurisdiction":
        raise BodyError(
            line,
            f"':::{name}' takes no word after its name; attributes go in "
            "braces, e.g. {kind=tip}.",
        )
    attrs = parse_attrs(match["attrs"], CONTAINERS[name], line=line, what=f":::{name}")
    inner = _take_until(lines, CONTAINER_CLOSE, start=line, what=f":::{name}")
    source = "\n".join(inner)
    if name == "callout":
        if "kind" not in attrs:
            raise BodyError(
                line,
                "a callout needs a kind: :::callout{kind=tip}, "
                "kind=warning or kind=policy.",
            )
        html = rich_text_html(
            source,
            first_line=line + 1,
            features=CALLOUT_FEATURES,
            where="a callout",
        )
        value = {
            "kind": attrs["kind"],
            "title": attrs.get("title", ""),
            "text": html,
        }
        return Segment("callout", value, line)
    elif name == "jurisdiction":
        if match["arg"] not in JURISDICTIONS:
            raise BodyError(
                line,
                "a jurisdiction callout names one jurisdiction: "
                ":::jurisdiction uk, :::jurisdiction eu or :::jurisdiction us.",
            )
        html = rich_text_html(
            source,
            first_line=line + 1,
            features=CALLOUT_FEATURES,
            where="a jurisdiction callout",
        )
        value = {
            "jurisdiction": match["arg"],
            "title": attrs.get("title", ""),
            "text": html,
        }
        return Segment("jurisdiction", value, line)
    elif name == "attestation":
        if not attrs.get("policy") or not attrs.get("version"):
            raise BodyError(
                line,
                "an attestation names its policy and version: "
                ':::attestation{policy="AI policy" version="2026.2"}.',
            )
        value = {
            "policy": attrs["policy"],
            "version": attrs["version"],
            "statement": plain_text(
                source, line=line + 1, what="an attestation statement"
            ),
        }
        return Segment("attestation", value, line)
    return Segment("key_takeaways", _takeaways(source, first_line=line + 1), line)


def _leaf(match: re.Match, line: int) -> str:
    """The name of a ``::name`` line, its attributes checked."""
    name = match["name"]
    if name not in LEAVES:
        known = ", ".join(f"::{n}" for n in LEAVES)
        raise BodyError(line, f"unknown block '::{name}' (known: {known}).")
    parse_attrs(match["attrs"], LEAVES[name], line=line, what=f"::{name}")
    return name


def _prose(prose: list[tuple[int, str]]) -> list[Segment]:
    """The rich-text block of the prose lines gathered so far (none when blank)."""
    kept = list(prose)
    while kept and not kept[0][1].strip():
        kept.pop(0)
    while kept and not kept[-1][1].strip():
        kept.pop()
    if not kept:
        return []
    html = rich_text_html(
        "\n".join(text for _line, text in kept),
        first_line=kept[0][0],
        features=RICH_TEXT_FEATURES,
        where="lesson text",
    )
    return [Segment("rich_text", html, kept[0][0])]


def parse_body(text: str, *, first_line: int, knowledge_check: Any) -> list[Segment]:
    """The body's blocks in order; raises :class:`BodyError` at the first problem.

    ``knowledge_check`` is the value placed at the ``::knowledge-check`` line (None
    when the lesson has no check file).
    """
    lines = _Lines(text.split("\n"), first_line)
    segments: list[Segment] = []
    prose: list[tuple[int, str]] = []

    def flush() -> None:
        segments.extend(_prose(prose))
        prose.clear()

    placed_check = False
    for line, text in lines:
        if match := FENCE_OPEN.match(text):
            flush()
            segments.append(_code(match, lines, line))
        elif match := CONTAINER_OPEN.match(text):
            flush()
            segments.append(_container(match, lines, line))
        elif match := LEAF.match(text):
            flush()
            if _leaf(match, line) == "knowledge-check":
                if knowledge_check is None:
                    raise BodyError(
                        line,
                        "::knowledge-check needs the lesson's check file next to "
                        "it (the same name ending in .yaml).",
                    )
                if placed_check:
                    raise BodyError(line, "a lesson has one knowledge check.")
                placed_check = True
                segments.append(Segment("knowledge_check", knowledge_check, line))
        elif CONTAINER_CLOSE.match(text):
            raise BodyError(line, "':::' closes a block, but no block is open.")
        elif match := HEADING.match(text):
            flush()
            segments.append(
                Segment(
                    "heading",
                    plain_text(match["text"], line=line, what="a heading"),
                    line,
                )
            )
        else:
            prose.append((line, text))
    flush()
    if knowledge_check is not None and not placed_check:
        raise BodyError(
            first_line + len(lines.lines) - 1,
            "the lesson has a knowledge check file, but no '::knowledge-check' line "
            "in its body to place it.",
        )
    return segments
