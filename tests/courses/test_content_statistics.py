"""Statistics of the shipped question bank, computed from the files in ``content/``.

A learner who guesses by position, by length or by "it is usually true" must not do
better than chance, every course must let people practise before it assesses them,
and the bank must be large enough to draw fresh questions for every skill. The
figures are read through the real content reader, so they are the ones the loader
puts into the bank.
"""

from collections import Counter

import pytest

from courses.content import content_read
from courses.demo import content_dir

LIVE_QUESTIONS_AT_LEAST = 150
QUESTIONS_PER_SKILL_AT_LEAST = 4
POSITION_SHARE_AT_MOST = 0.35
LONGEST_SHARE_AT_MOST = 0.40
TRUE_SHARE = (0.40, 0.60)
CORRECT_COUNT_SHARE_AT_MOST = 0.50
ACCEPTABLE_AS_WRITTEN_AT_LEAST = 2


@pytest.fixture(scope="module")
def content():
    return content_read(path=content_dir())


def _check(lesson):
    return dict(lesson.body).get("knowledge_check")


def _live(content):
    """(course, question) for every live question, with its effective skills."""
    rows = []
    for course in content.courses:
        course_skills = [slug for slug, _level in course.skills]
        for lesson in course.lessons:
            check = _check(lesson)
            for question in check["questions"] if check else ():
                if question["status"] == "live":
                    skills = question["skills"] or course_skills
                    rows.append((course, {**question, "skills": skills}))
    return rows


def _of_kind(content, kind):
    return [
        question for _course, question in _live(content) if question["kind"] == kind
    ]


def _correct(question):
    return [option for option in question["options"] if option["correct"]]


def test_the_bank_holds_enough_live_questions(content):
    assert len(_live(content)) >= LIVE_QUESTIONS_AT_LEAST


def test_every_skill_has_enough_questions_to_draw_from(content):
    per_skill = Counter(
        slug for _course, question in _live(content) for slug in question["skills"]
    )
    thin = {
        skill.slug: per_skill[skill.slug]
        for skill in content.skills
        if per_skill[skill.slug] < QUESTIONS_PER_SKILL_AT_LEAST
    }
    assert content.skills
    assert thin == {}


def test_every_course_has_practice_first_and_an_assessment_last(content):
    modes = {
        course.slug: [
            _check(lesson)["mode"] if _check(lesson) else None
            for lesson in course.lessons
        ]
        for course in content.courses
    }
    wrong = {
        slug: found
        for slug, found in modes.items()
        if found[0] != "practice" or found[-1] != "assessment"
    }
    assert wrong == {}


def test_no_option_position_holds_too_many_single_choice_keys(content):
    single = _of_kind(content, "single")
    positions = Counter(
        next(i for i, option in enumerate(q["options"]) if option["correct"])
        for q in single
    )
    assert single
    assert max(positions.values()) <= POSITION_SHARE_AT_MOST * len(single), positions


def test_the_key_is_seldom_the_longest_option(content):
    single = _of_kind(content, "single")
    # A tie for longest counts as longest: a guesser picking the longest could
    # land on the key.
    longest = [
        q["id"]
        for q in single
        if len(_correct(q)[0]["text"]) == max(len(o["text"]) for o in q["options"])
    ]
    assert len(longest) <= LONGEST_SHARE_AT_MOST * len(single), (
        len(longest),
        len(single),
    )


def test_true_and_false_keys_are_balanced(content):
    true_false = _of_kind(content, "true_false")
    true_keys = sum(_correct(q)[0]["id"] == "true" for q in true_false)
    low, high = TRUE_SHARE
    assert true_false
    assert low * len(true_false) <= true_keys <= high * len(true_false), (
        true_keys,
        len(true_false),
    )


def test_multiple_choice_items_vary_in_how_many_options_are_correct(content):
    multiple = _of_kind(content, "multiple")
    counts = Counter(len(_correct(q)) for q in multiple)
    # Never none and never all: "select all" must always be a wrong strategy.
    assert all(1 <= len(_correct(q)) < len(q["options"]) for q in multiple)
    assert len(counts) >= 3, counts
    assert max(counts.values()) <= CORRECT_COUNT_SHARE_AT_MOST * len(multiple), counts


def test_some_judge_exercises_are_acceptable_as_written(content):
    judged = _of_kind(content, "judge_output")
    flawless = [q["id"] for q in judged if not _correct(q)]
    assert len(flawless) >= ACCEPTABLE_AS_WRITTEN_AT_LEAST
    # ... and most have flaws to find.
    assert len(flawless) < len(judged) / 2


def test_every_role_judges_output_in_a_course_of_its_own(content):
    """Courses every role takes do not count: each role has its own exercise."""
    taken = {
        curriculum.role: {link.course for link in curriculum.courses}
        for curriculum in content.curricula
    }
    shared = set.intersection(*taken.values())
    judged_in = Counter(
        course.slug
        for course, question in _live(content)
        if question["kind"] == "judge_output"
    )
    without = sorted(
        role
        for role, courses in taken.items()
        if not any(judged_in[slug] for slug in courses - shared)
    )
    assert set(taken) == {
        "production-engineer",
        "ai-product-manager",
        "critical-business-user",
        "people-manager",
    }
    assert without == []


def test_every_question_explains_its_answer_and_every_option(content):
    unexplained = [
        f"{course.slug}/{question['id']}"
        for course, question in _live(content)
        if not question["explanation"].strip()
    ]
    without_feedback = [
        f"{course.slug}/{question['id']}/{option['id']}"
        for course, question in _live(content)
        for option in question["options"]
        if not option["feedback"].strip()
    ]
    assert unexplained == []
    assert without_feedback == []
