"""Editorial rules every shipped lesson keeps (content/README.md, "Rules").

These read the files in ``content/`` directly, so they hold for lessons another
branch adds as much as for the existing ones.
"""

from pathlib import Path

import pytest
import yaml

from courses.content.reader import DEMO_PROFILE
from courses.content.reading_time import expected_minutes, minutes_problem
from courses.content.rules import statistic_lines, uncited_statistics
from courses.demo import content_dir
from courses.placeholders import markdown_problems

CONTENT = Path(content_dir())
LESSONS = sorted((CONTENT / "courses").glob("*/*.md"))


def _split(path: Path) -> tuple[dict, str, int]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body, front.count("\n") + 3


def _questions_drawn(path: Path) -> int:
    check = path.with_suffix(".yaml")
    if not check.exists():
        return 0
    data = yaml.safe_load(check.read_text(encoding="utf-8"))
    pools = data.get("pools") or []
    return sum(pool["draw"] for pool in pools) if pools else len(data["questions"])


def _ids(paths):
    return [f"{path.parent.name}/{path.name}" for path in paths]


def test_there_are_lessons_to_check():
    assert len(LESSONS) >= 40


def test_no_file_names_the_demo_company_outside_its_profile():
    offenders = [
        str(path.relative_to(CONTENT))
        for path in CONTENT.rglob("*")
        if path.is_file()
        and path.name != DEMO_PROFILE
        and "Northwind" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
    assert "Northwind" in (CONTENT / DEMO_PROFILE).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_every_lesson_has_objectives_an_owner_and_a_review_date(path):
    front, _body, _first = _split(path)
    assert 2 <= len(front["objectives"]) <= 4
    assert front["owner"].strip()
    assert front["last_reviewed"]


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_stated_minutes_match_the_reading_time_rule(path):
    front, body, _first = _split(path)
    expected = expected_minutes(body, questions_drawn=_questions_drawn(path))
    assert minutes_problem(front["minutes"], expected) is None


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_percentages_stated_as_general_facts_are_cited(path):
    _front, body, first = _split(path)
    assert uncited_statistics(body, first_line=first) == []


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_placeholders_and_citations_are_known(path):
    front, body, first = _split(path)
    sources = [source["id"] for source in front.get("sources") or []]
    assert markdown_problems(body, first_line=first, sources=sources) == []
    check = path.with_suffix(".yaml")
    if check.exists():
        assert markdown_problems(check.read_text(encoding="utf-8"), first_line=1) == []


def test_a_general_percentage_without_a_citation_fails_the_rule():
    body = (
        "A survey found 78% of employees use their own AI tools.\n"
        "In the pilot, errors fell from 23% to 15%.\n"
    )
    assert uncited_statistics(body) == [
        (1, "A survey found 78% of employees use their own AI tools.")
    ]
    assert uncited_statistics(body + "\nSee the survey.[^wti]\n") == []


def test_worked_example_figures_and_code_are_not_statistics():
    body = (
        "Reassignments fell from 23% to 15% in the pilot.\n"
        "```text\nenterprises: 40%\n```\n"
        "Write `40% of companies` as a literal.\n"
    )
    assert statistic_lines(body) == []


def test_the_minutes_rule_allows_a_quarter_either_way():
    body = "word " * 1000  # 5 minutes of reading
    expected = expected_minutes(body, questions_drawn=5)  # + 10 for the check
    assert expected == pytest.approx(15)
    assert minutes_problem(12, expected) is None
    assert minutes_problem(18, expected) is None
    assert "states 19 minutes" in minutes_problem(19, expected)
    assert minutes_problem(11, expected) is not None
