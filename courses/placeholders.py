"""Organisation placeholders and citations in lesson text (ADR 0022).

A lesson says ``{{org.name}}`` where it means the organisation, and ``[^id]`` where
a statement rests on one of its ``sources``. Both stay in the stored text; they
are filled in when the lesson is shown, from the organisation profile
(``cms.api.organisation_profile``) and the lesson's sources, so a profile change
reaches every lesson without a new revision. Code listings and inline code are
never touched: a literal ``{{org.name}}`` in code stays as written.

List-valued keys read as a sentence list inside a sentence ("A, B and C"); a
paragraph that holds nothing but the placeholder becomes a bulleted list, or a
table of name and description for ``risk_tiers``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from django.utils.html import escape, format_html, format_html_join

from cms.api import OrganisationProfile, sentence_list

#: The keys a placeholder may name.
KEYS = (
    "name",
    "policy_name",
    "policy_version",
    "approved_tools",
    "risk_tiers",
    "incident_contact",
    "data_classes",
    "jurisdiction_name",
)
LIST_KEYS = {"approved_tools", "risk_tiers", "data_classes"}

PLACEHOLDER = re.compile(r"\{\{org\.(?P<key>[a-z][a-z0-9_]*)\}\}")
#: Anything that looks meant as a placeholder, to catch ``{{ org.name }}``.
LOOSE_PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}")
CITATION = re.compile(r"\[\^(?P<id>[A-Za-z0-9][\w-]*)\]")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)*?\1")
FENCE = re.compile(r"^(`{3,}|~{3,})")
# Stored HTML: code spans and listings are left alone.
_HTML_CODE = re.compile(r"(<(code|pre)\b[^>]*>.*?</\2>)", re.S)
_ALONE = re.compile(r"<p>\s*\{\{org\.(?P<key>[a-z][a-z0-9_]*)\}\}\s*</p>")


# --- Checking ------------------------------------------------------------------------


def text_problems(text: str, *, sources: Iterable[str] | None = None) -> list[str]:
    """What is wrong with the placeholders (and, given ``sources``, citations) of
    one piece of prose that holds no code."""
    problems = []
    for match in LOOSE_PLACEHOLDER.finditer(text):
        strict = PLACEHOLDER.fullmatch(match.group(0))
        if strict is None:
            problems.append(
                f"{match.group(0)!r} is not a placeholder: write {{{{org.KEY}}}} "
                f"with no spaces, KEY one of {', '.join(KEYS)}."
            )
        elif strict["key"] not in KEYS:
            problems.append(
                f"unknown placeholder {match.group(0)!r} "
                f"(known keys: {', '.join(KEYS)})."
            )
    if sources is not None:
        known = set(sources)
        for match in CITATION.finditer(text):
            if match["id"] not in known:
                problems.append(
                    f"the citation [^{match['id']}] names no source of this lesson "
                    f"(its sources: {', '.join(sorted(known)) or 'none'})."
                )
    return problems


def markdown_prose_lines(text: str, *, first_line: int) -> Iterator[tuple[int, str]]:
    """Each line of Markdown outside fenced code, without its inline code."""
    fence = None
    for index, line in enumerate(text.split("\n")):
        if match := FENCE.match(line):
            if fence is None:
                fence = match.group(1)
                continue
            if (
                line.strip().startswith(fence[0] * len(fence))
                and not line.strip(fence[0]).strip()
            ):
                fence = None
                continue
        if fence is not None:
            continue
        yield first_line + index, INLINE_CODE.sub("", line)


def markdown_problems(
    text: str, *, first_line: int, sources: Iterable[str] | None = None
) -> list[tuple[int, str]]:
    """(line, message) for every bad placeholder or citation in Markdown text."""
    sources = list(sources) if sources is not None else None
    return [
        (line, problem)
        for line, prose in markdown_prose_lines(text, first_line=first_line)
        for problem in text_problems(prose, sources=sources)
    ]


def _outside_html_code(html: str) -> str:
    return _HTML_CODE.sub("", html)


def stream_problems(
    raw_body: Iterable[Mapping], *, sources: Iterable[str]
) -> list[str]:
    """Problems of a lesson body as stored (the admin checks these on save)."""
    sources = list(sources)
    problems: list[str] = []
    for item in raw_body:
        for text in _texts(item["type"], item["value"]):
            problems.extend(text_problems(text, sources=sources))
    return list(dict.fromkeys(problems))


def _texts(kind: str, value) -> Iterator[str]:
    if kind in ("rich_text",):
        yield _outside_html_code(value)
    elif kind in ("heading",):
        yield value
    elif kind == "key_takeaways":
        for item in value:
            yield item.get("value", item) if isinstance(item, Mapping) else item
    elif kind in ("callout", "jurisdiction"):
        yield value.get("title", "")
        yield _outside_html_code(value.get("text", ""))
    elif kind == "attestation":
        yield value.get("policy", "")
        yield value.get("version", "")
        yield value.get("statement", "")
    elif kind == "video":
        yield _outside_html_code(value.get("transcript", ""))


# --- Filling in ----------------------------------------------------------------------


def _text_value(profile: OrganisationProfile, key: str) -> str:
    if key == "risk_tiers":
        return sentence_list([tier.name for tier in profile.risk_tiers])
    value = getattr(profile, key)
    if isinstance(value, tuple):
        return sentence_list(list(value))
    return value


def fill_text(text: str, profile: OrganisationProfile) -> str:
    """Plain text with its placeholders filled in (a heading, a takeaway, a prompt).

    Citations are dropped: plain text has no Sources list to point to.
    """
    if "{{" not in text and "[^" not in text:
        return text

    def replace(match: re.Match) -> str:
        key = match["key"]
        return _text_value(profile, key) if key in KEYS else match.group(0)

    return CITATION.sub("", PLACEHOLDER.sub(replace, text))


def _block_html(profile: OrganisationProfile, key: str) -> str:
    if key == "risk_tiers":
        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td></tr>',
            ((tier.name, tier.description) for tier in profile.risk_tiers),
        )
        return format_html(
            '<table class="org-table"><caption>Risk tiers</caption><thead><tr>'
            '<th scope="col">Tier</th><th scope="col">What it covers</th></tr>'
            "</thead><tbody>{}</tbody></table>",
            rows,
        )
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "", "<li>{}</li>", ((item,) for item in getattr(profile, key))
        ),
    )


def fill_html(
    html: str, profile: OrganisationProfile, citations: Mapping[str, int] | None = None
) -> str:
    """Rich text HTML with placeholders and citation markers filled in; the text
    inside ``<code>`` and ``<pre>`` is left as it is."""
    if "{{" not in html and "[^" not in html:
        return html
    citations = citations or {}

    def alone(match: re.Match) -> str:
        key = match["key"]
        if key in LIST_KEYS:
            return _block_html(profile, key)
        return match.group(0)

    def placeholder(match: re.Match) -> str:
        key = match["key"]
        if key not in KEYS:
            return match.group(0)
        return str(escape(_text_value(profile, key)))

    def citation(match: re.Match) -> str:
        number = citations.get(match["id"])
        if number is None:
            return match.group(0)
        return str(
            format_html(
                '<sup class="citation"><a href="#source-{}" '
                'aria-label="Source {}">[{}]</a></sup>',
                match["id"],
                number,
                number,
            )
        )

    parts = _HTML_CODE.split(html)
    out = []
    index = 0
    while index < len(parts):
        part = parts[index]
        if index % 3 == 0:
            part = _ALONE.sub(alone, part)
            part = PLACEHOLDER.sub(placeholder, part)
            part = CITATION.sub(citation, part)
            out.append(part)
        elif index % 3 == 1:
            out.append(part)  # a code span or listing, verbatim
        index += 1
    return "".join(out)
