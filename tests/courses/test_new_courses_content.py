"""Rules the courses added in December 2026 are written to.

Lesson length and stated minutes, objectives and cited sources, and knowledge checks
whose answer keys give nothing away by position or length.
"""

import re
from collections import Counter

import pytest

from courses.content import content_read
from courses.content.yaml_lines import yaml_parse
from courses.demo import content_dir

NEW_COURSES = [
    "ai-literacy-for-everyone",
    "evaluating-llm-applications",
    "agents-and-tool-use",
    "data-engineering-for-ai",
    "leading-ai-adoption",
]
CITATION = re.compile(r"\[\^([a-z0-9_-]+)\]")
PERCENT = re.compile(r"\d%")
CODE = re.compile(r"^(`{3,}).*?^\1\s*$", re.S | re.M)


@pytest.fixture(scope="module")
def courses():
    content = content_read(path=content_dir())
    by_slug = {course.slug: course for course in content.courses}
    return [by_slug[slug] for slug in NEW_COURSES]


def _check(lesson):
    return dict(lesson.body).get("knowledge_check")


def _front_matter_and_prose(lesson):
    text = lesson.path.read_text()
    _start, front, body = text.split("---\n", 2)
    return yaml_parse(front), CODE.sub("", body)


def _questions(courses):
    return [
        question
        for course in courses
        for lesson in course.lessons
        if _check(lesson)
        for question in _check(lesson)["questions"]
    ]


def test_each_course_has_a_practice_check_early_and_an_assessment_last(courses):
    for course in courses:
        assert 3 <= len(course.lessons) <= 4, course.slug
        assert _check(course.lessons[0])["mode"] == "practice", course.slug
        assert _check(course.lessons[-1])["mode"] == "assessment", course.slug


def test_lessons_state_objectives_an_owner_and_honest_minutes(courses):
    for course in courses:
        for lesson in course.lessons:
            front, prose = _front_matter_and_prose(lesson)
            assert 2 <= len(lesson.objectives) <= 4, lesson.slug
            assert front["owner"], lesson.slug
            assert front["last_reviewed"], lesson.slug
            words = len(prose.split())
            assert 600 <= words <= 1200, (lesson.slug, words)
            # Stated minutes follow the reading-time rule every lesson keeps
            # (tests/courses/test_content_rules.py).


def test_citations_name_a_source_and_percentages_are_cited(courses):
    for course in courses:
        for lesson in course.lessons:
            front, prose = _front_matter_and_prose(lesson)
            sources = {source["id"] for source in front.get("sources") or []}
            cited = set(CITATION.findall(prose))
            assert cited <= sources, (lesson.slug, cited - sources)
            if PERCENT.search(prose):
                assert cited, lesson.slug
            assert "northwind" not in lesson.path.read_text().lower(), lesson.slug


def test_checks_hold_five_to_eight_questions_tagged_with_skills(courses):
    for course in courses:
        for lesson in course.lessons:
            if check := _check(lesson):
                assert 5 <= len(check["questions"]) <= 8, lesson.slug
                assert all(q["skills"] for q in check["questions"]), lesson.slug


def test_answer_keys_give_nothing_away(courses):
    questions = _questions(courses)
    single = [q for q in questions if q["kind"] == "single"]
    positions = Counter(
        next(i for i, o in enumerate(q["options"]) if o["correct"]) for q in single
    )
    assert max(positions.values()) <= 0.35 * len(single), positions
    longest = sum(
        max(q["options"], key=lambda o: len(o["text"]))["correct"] for q in single
    )
    assert longest <= 0.40 * len(single)
    true_false = [q for q in questions if q["kind"] == "true_false"]
    true_keys = sum(
        o["id"] == "true" and o["correct"] for q in true_false for o in q["options"]
    )
    assert 0.40 * len(true_false) <= true_keys <= 0.60 * len(true_false)
    multiple = [q for q in questions if q["kind"] == "multiple"]
    assert len({sum(o["correct"] for o in q["options"]) for q in multiple}) >= 3
    judged = [q for q in questions if q["kind"] == "judge_output"]
    flaws = [sum(o["correct"] for o in q["options"]) for q in judged]
    assert 0 in flaws, "some judge exercises are acceptable as written"
    assert any(flaws), "and some have flaws to find"
