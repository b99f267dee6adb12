"""The lesson body format: block markers, Markdown features per block, YAML lines."""

import pytest

from courses.content.body import BodyError, parse_body
from courses.content.yaml_lines import YamlError, yaml_parse

CHECK = {"title": "Check your understanding", "questions": []}


def parse(text: str, check=None):
    return [
        (segment.type, segment.value, segment.line)
        for segment in parse_body(text, first_line=10, knowledge_check=check)
    ]


def error_of(text: str, check=None) -> tuple[int, str]:
    with pytest.raises(BodyError) as error:
        parse_body(text, first_line=10, knowledge_check=check)
    return error.value.line, error.value.message


def test_blocks_come_out_in_order_with_their_lines():
    body = (
        "## Why baselines matter\n"
        "\n"
        "Record cycle time **before** the pilot.\n"
        "### What to record\n"
        "- Cycle time\n"
        "- Error rate\n"
        "\n"
        "::split\n"
        "Then compare like with like.\n"
        "\n"
        "::knowledge-check\n"
    )
    assert parse(body, CHECK) == [
        ("heading", "Why baselines matter", 10),
        (
            "rich_text",
            "<p>Record cycle time <strong>before</strong> the pilot.</p>"
            "<h3>What to record</h3><ul><li>Cycle time</li><li>Error rate</li></ul>",
            12,
        ),
        ("rich_text", "<p>Then compare like with like.</p>", 18),
        ("knowledge_check", CHECK, 20),
    ]


def test_one_sentence_per_line_renders_as_one_paragraph():
    body = "First sentence.\nSecond sentence with a [link](https://example.com/a).\n"
    assert parse(body) == [
        (
            "rich_text",
            '<p>First sentence. Second sentence with a <a href="https://example.com/a">'
            "link</a>.</p>",
            10,
        )
    ]


def test_code_listings_keep_their_text_verbatim_and_may_hold_fences():
    body = (
        '````markdown {caption="A fence inside a listing"}\n'
        "```python\n"
        "x  =  1   # spacing kept\n"
        "```\n"
        "````\n"
    )
    assert parse(body) == [
        (
            "code",
            {
                "language": "markdown",
                "code": "```python\nx  =  1   # spacing kept\n```",
                "caption": "A fence inside a listing",
            },
            10,
        )
    ]


def test_attribute_values_may_be_quoted_with_escapes():
    body = ':::callout{kind=policy title="The \\"approved tools\\" list"}\nText.\n:::\n'
    [(_kind, value, _line)] = parse(body)
    assert value["title"] == 'The "approved tools" list'
    assert value["kind"] == "policy"


def test_markdown_characters_can_be_escaped_in_headings_and_takeaways():
    body = (
        "## Use \\*args sparingly\n\n"
        ":::key-takeaways\n- Name \\_private columns.\n:::\n"
    )
    assert [value for _kind, value, _line in parse(body)] == [
        "Use *args sparingly",
        ["Name _private columns."],
    ]


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        pytest.param(
            "Text\n\n# Title\n",
            12,
            "a # heading is not allowed in lesson text: use '## ' at the start of a "
            "line for a section heading, '###' or '####' for a subheading.",
            id="h1-in-text",
        ),
        pytest.param(
            ":::callout{kind=tip}\n### Sub\n:::\n",
            11,
            "a ### heading is not allowed in a callout: use '## ' at the start of a "
            "line for a section heading.",
            id="heading-in-callout",
        ),
        pytest.param(
            "Text\n\n![chart](chart.png)\n",
            12,
            "images are not allowed in lesson text.",
            id="image",
        ),
        pytest.param(
            "Line one  \nline two\n",
            10,
            "a forced line break (two trailing spaces or a trailing backslash) is not "
            "allowed in lesson text: start a new paragraph instead.",
            id="hard-break",
        ),
        pytest.param(
            "3. Third\n4. Fourth\n",
            10,
            "a numbered list must start at 1.",
            id="ol-start",
        ),
        pytest.param(
            "Text\n\n    indented\n",
            12,
            "indented text is read as a code listing: remove the indentation, or use "
            "a ``` fenced code listing.",
            id="indented-code",
        ),
        pytest.param(
            "## A **bold** heading\n",
            10,
            "a heading is plain text: no bold, italic, links or code.",
            id="formatted-heading",
        ),
        pytest.param(
            ":::key-takeaways\nJust a sentence.\n:::\n",
            11,
            "key takeaways hold one bulleted list: a '- ' line per takeaway.",
            id="takeaways-not-a-list",
        ),
        pytest.param(
            "```\ncode\n```\n",
            10,
            "a code listing names its language after the fence, e.g. "
            '```python {caption="..."}.',
            id="code-without-language",
        ),
        pytest.param(
            "```python {title=x}\ncode\n```\n",
            10,
            "unknown attribute 'title' on a code listing (known: caption).",
            id="code-unknown-attribute",
        ),
        pytest.param(
            "```python\ncode\n", 10, "the code listing is never closed.", id="unclosed"
        ),
        pytest.param(
            ":::callout{title=Hi}\nText.\n:::\n",
            10,
            "a callout needs a kind: :::callout{kind=tip}, kind=warning or "
            "kind=policy.",
            id="callout-without-kind",
        ),
        pytest.param(
            ":::callout{kind=tip}\nText.\n:::callout{kind=tip}\n:::\n",
            12,
            ":::callout is not closed before this block starts.",
            id="nested",
        ),
        pytest.param(
            "Text\n:::\n",
            11,
            "':::' closes a block, but no block is open.",
            id="stray-close",
        ),
        pytest.param(
            "::quiz\n",
            10,
            "unknown block '::quiz' (known: ::knowledge-check, ::split).",
            id="unknown-leaf",
        ),
        pytest.param(
            "::knowledge-check\n",
            10,
            "::knowledge-check needs the lesson's check file next to it (the same "
            "name ending in .yaml).",
            id="check-without-file",
        ),
    ],
)
def test_body_problems_name_their_line(body, line, message):
    assert error_of(body) == (line, message)


def test_yaml_lines_are_kept_and_offset():
    data = yaml_parse("title: A\nquestions:\n  - id: q1\n  - id: q2\n", line_offset=1)
    assert data.value_lines["title"] == 2
    assert data["questions"].item_lines == [4, 5]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("slug: a\nslug: b\n", 2, "the key 'slug' appears twice."),
        (
            "title: [a\n",
            2,
            "not valid YAML: expected ',' or ']', but got '<stream end>'.",
        ),
    ],
)
def test_yaml_problems_name_their_line(text, line, message):
    with pytest.raises(YamlError) as error:
        yaml_parse(text)
    assert (error.value.line, error.value.message) == (line, message)


def test_an_attestation_names_its_policy_version_and_statement():
    text = (
        ':::attestation{policy="Northwind AI policy" version="2026.2"}\n'
        "I have read the policy and will follow it.\n"
        ":::"
    )
    [segment] = parse_body(text, first_line=10, knowledge_check=None)
    assert (segment.type, segment.line) == ("attestation", 10)
    assert segment.value == {
        "policy": "Northwind AI policy",
        "version": "2026.2",
        "statement": "I have read the policy and will follow it.",
    }


def test_an_attestation_without_a_version_is_refused_at_its_line():
    text = ':::attestation{policy="Northwind AI policy"}\nI agree.\n:::'
    with pytest.raises(BodyError) as error:
        parse_body(text, first_line=10, knowledge_check=None)
    assert error.value.line == 10
    assert "names its policy and version" in error.value.message
