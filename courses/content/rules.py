"""Editorial rules the shipped content is held to (tests/courses/test_content_rules.py).

**Statistics need a source.** A sentence of prose (outside code listings and inline
code) that gives a percentage as a fact about people or organisations in general
must sit in a lesson that cites a source (``[^id]`` with the source listed in the
front matter). "In general" means the sentence also names where the figure comes
from or whom it describes at large: a survey, study, report, index or research, or
enterprises, organisations, companies, firms, businesses, respondents, employees,
workers or the industry. Figures of a worked example ("reassignments fell from 23%
to 15%") describe that example and need no source; a claim about "most
organisations" without a number is softened or cited by the writer's judgement.
"""

from __future__ import annotations

import re

from courses.placeholders import CITATION, markdown_prose_lines

PERCENT = re.compile(r"\d(?:[\d.,]*\d)?\s?(?:%|per ?cent\b)", re.I)
GENERAL = re.compile(
    r"\b(surveys?|stud(?:y|ies)|reports?|index|research|enterprises|"
    r"organi[sz]ations|companies|firms|businesses|respondents|employees|workers|"
    r"industry)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def statistic_lines(body: str, *, first_line: int = 1) -> list[tuple[int, str]]:
    """(line, sentence) for each general percentage claim in the body's prose."""
    found = []
    for line, text in markdown_prose_lines(body, first_line=first_line):
        for sentence in _SENTENCE_END.split(text):
            if PERCENT.search(sentence) and GENERAL.search(sentence):
                found.append((line, sentence.strip()))
    return found


def uncited_statistics(body: str, *, first_line: int = 1) -> list[tuple[int, str]]:
    """The general percentage claims of a lesson that cites nothing."""
    if any(
        CITATION.search(text)
        for _line, text in markdown_prose_lines(body, first_line=first_line)
    ):
        return []
    return statistic_lines(body, first_line=first_line)
