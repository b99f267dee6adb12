"""Content files: validation with file:line messages, loading, the command."""

import ast
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from courses.content import ContentError, content_load, content_read
from courses.demo import content_dir
from courses.management.commands.load_content import Command as LoadContent
from courses.models import (
    BankQuestion,
    CoursePage,
    CurriculumPage,
    LessonPage,
    QuestionVersion,
    RolloutBlocker,
    Skill,
)

SKILLS = """\
skills:
  - slug: prompt-writing
    name: Prompt writing
    category: Everyday AI use
    description: >-
      Giving a model the audience, purpose, facts and format a task needs.
    blockers:
      skills: 1.0
  - slug: checking-ai-answers
    name: Checking AI answers
    category: Everyday AI use
    description: Checking figures, names and sources before relying on an answer.
    blockers:
      skills: 0.6
      governance: 0.4
"""

COURSES = """\
courses:
  - prompts-at-work
"""

COURSE = """\
slug: prompts-at-work
title: Prompts at work
level: foundation
summary: Write prompts that get usable answers, and check them before use.
skills:
  prompt-writing: working
  checking-ai-answers: awareness
prerequisites: []
lessons:
  - giving-context
  - checking-the-answer
"""

LESSON_ONE = """\
---
slug: giving-context
title: Giving the model context
minutes: 8
summary: What a model needs to know before it can help.
objectives:
  - Tell a model who an answer is for and why.
  - Paste the facts a model should use.
owner: Learning team
last_reviewed: 2026-11-02
---

## Say who the answer is for

A model cannot see your inbox.
Tell it **who** the answer is for and *why* they need it.

- The audience: *the finance committee*.
- The purpose: a decision on the travel budget.

:::callout{kind=tip title="Paste the facts"}
Paste the figures you want used instead of asking the model to recall them.
:::

:::key-takeaways
- Give the audience and the purpose.
- Paste the facts you want used.
:::
"""

LESSON_TWO = """\
---
slug: checking-the-answer
title: Checking the answer
minutes: 10
required: false
summary: Check figures and names before an answer leaves your desk.
objectives:
  - Check every figure in an AI answer against its source.
  - Keep a note of where each figure came from.
owner: priya.raman@example.com
last_reviewed: 2026-10-15
---

## Check the figures

Compare every figure with the spreadsheet it came from.

```text {caption="A note kept beside the draft."}
Revenue 2025: 4.2m (source: finance pack, p. 3) - checked
```

::knowledge-check
"""

CHECK_TWO = """\
title: Check your understanding
questions:
  - id: q1
    kind: single
    prompt: Where should a figure in an AI answer be checked?
    options:
      - id: a
        text: Against the source it came from.
        correct: true
      - id: b
        text: By asking the model whether it is sure.
    explanation: Only the source can confirm a figure; the model cannot.
  - id: q2
    kind: true_false
    prompt: A confident answer is more likely to be right.
    options:
      - id: "true"
        text: "True"
      - id: "false"
        text: "False"
        correct: true
    explanation: Models sound equally confident when they are wrong.
"""

CURRICULA = """\
curricula:
  - slug: everyday-ai-basics
    role: critical-business-user
    title: Everyday AI basics
    intro: The habits that make AI answers safe to use at work.
    outcomes:
      - Write a prompt with the audience, purpose and facts.
    courses:
      - course: prompts-at-work
        due_in_days: 21
"""

FILES = {
    "skills.yaml": SKILLS,
    "courses.yaml": COURSES,
    "curricula.yaml": CURRICULA,
    "courses/prompts-at-work/course.yaml": COURSE,
    "courses/prompts-at-work/01-giving-context.md": LESSON_ONE,
    "courses/prompts-at-work/02-checking-the-answer.md": LESSON_TWO,
    "courses/prompts-at-work/02-checking-the-answer.yaml": CHECK_TWO,
}
COURSE_DIR = "courses/prompts-at-work"


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing ``needle``."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


@pytest.fixture
def folder(tmp_path) -> Path:
    return write(tmp_path / "content", FILES)


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ContentError) as error:
        content_read(path=path)
    return [str(problem) for problem in error.value.problems]


def _state():
    return (
        Revision.objects.count(),
        sorted(Page.objects.values_list("url_path", "live", "latest_revision_id")),
        sorted(Skill.objects.values_list("slug", "name", "description")),
        sorted(BankQuestion.objects.values_list("key", "version", "updated_at")),
        QuestionVersion.objects.count(),
    )


# --- Reading and validating ----------------------------------------------------------


def test_every_shipped_content_file_validates():
    content = content_read(path=content_dir())
    assert len(content.skills) == 35
    assert len(content.courses) == 19
    assert sum(len(course.lessons) for course in content.courses) == 58
    assert len(content.curricula) == 4
    lesson_files = list(content_dir().glob("courses/*/*.md"))
    assert len(lesson_files) == 58
    checks = [
        block
        for course in content.courses
        for lesson in course.lessons
        for kind, block in lesson.body
        if kind == "knowledge_check"
    ]
    assert len(checks) == len(list(content_dir().glob("courses/*/[0-9]*.yaml")))


def test_a_lesson_reads_into_the_blocks_it_is_written_as(folder):
    content = content_read(path=folder)
    lesson = content.courses[0].lessons[0]
    assert [kind for kind, _value in lesson.body] == [
        "heading",
        "rich_text",
        "callout",
        "key_takeaways",
    ]
    assert lesson.body[0][1] == "Say who the answer is for"
    assert lesson.body[1][1] == (
        "<p>A model cannot see your inbox. Tell it <strong>who</strong> the answer "
        "is for and <em>why</em> they need it.</p><ul><li>The audience: <em>the "
        "finance committee</em>.</li><li>The purpose: a decision on the travel "
        "budget.</li></ul>"
    )
    assert lesson.body[2][1] == {
        "kind": "tip",
        "title": "Paste the facts",
        "text": "<p>Paste the figures you want used instead of asking the model "
        "to recall them.</p>",
    }
    assert lesson.body[3][1] == [
        "Give the audience and the purpose.",
        "Paste the facts you want used.",
    ]
    second = content.courses[0].lessons[1]
    assert (second.required, second.objectives) == (
        False,
        (
            "Check every figure in an AI answer against its source.",
            "Keep a note of where each figure came from.",
        ),
    )
    assert (second.owner, second.last_reviewed) == (
        "priya.raman@example.com",
        date(2026, 10, 15),
    )
    code = dict(second.body)["code"]
    assert code == {
        "language": "text",
        "code": "Revenue 2025: 4.2m (source: finance pack, p. 3) - checked",
        "caption": "A note kept beside the draft.",
    }
    check = dict(second.body)["knowledge_check"]
    assert [question["id"] for question in check["questions"]] == ["q1", "q2"]
    assert content.courses[0].skills == (
        ("prompt-writing", 2),
        ("checking-ai-answers", 1),
    )


def test_split_starts_a_second_text_block(folder):
    lesson = folder / COURSE_DIR / "01-giving-context.md"
    lesson.write_text(
        LESSON_ONE.replace("\n- The audience", "\n::split\n\n- The audience")
    )
    body = content_read(path=folder).courses[0].lessons[0].body
    assert [kind for kind, _value in body][:3] == ["heading", "rich_text", "rich_text"]


def _edit(folder: Path, name: str, old: str, new: str) -> tuple[Path, str]:
    path = folder / name
    text = path.read_text()
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text)
    return path, text


LESSON = f"{COURSE_DIR}/01-giving-context.md"
CHECK = f"{COURSE_DIR}/02-checking-the-answer.yaml"


@pytest.mark.parametrize(
    ("name", "old", "new", "at", "message"),
    [
        pytest.param(
            f"{COURSE_DIR}/course.yaml",
            "level: foundation",
            "level: [foundation",
            "summary:",
            "not valid YAML",
            id="broken-yaml",
        ),
        pytest.param(
            LESSON,
            "minutes: 8\n",
            "",
            "slug: giving-context",
            "the front matter is missing 'minutes'.",
            id="missing-key",
        ),
        pytest.param(
            f"{COURSE_DIR}/course.yaml",
            "prerequisites: []",
            "prerequisite: []",
            "prerequisite:",
            "unknown key 'prerequisite' in course.yaml. Did you mean 'prerequisites'?",
            id="unknown-key",
        ),
        pytest.param(
            LESSON,
            "minutes: 8",
            "minutes: eight",
            "minutes:",
            "'minutes' must be a whole number, not text.",
            id="wrong-type",
        ),
        pytest.param(
            LESSON,
            ":::key-takeaways",
            ":::sidebar",
            ":::sidebar",
            "unknown block ':::sidebar' (known: :::callout, :::key-takeaways, "
            ":::attestation, :::jurisdiction).",
            id="unknown-block",
        ),
        pytest.param(
            LESSON,
            ":::callout{kind=tip",
            ":::callout{kind=aside",
            ":::callout",
            "callout: kind: Select a valid choice. aside is not one of the available "
            "choices.",
            id="bad-callout-kind",
        ),
        pytest.param(
            LESSON,
            "Paste the figures you want used",
            "> Paste the figures you want used",
            "> Paste",
            "block quotes ('>') are not allowed in a callout: use :::callout instead.",
            id="block-quote",
        ),
        pytest.param(
            LESSON,
            "A model cannot see your inbox.",
            "A model cannot see your <b>inbox</b>.",
            "A model cannot",
            "raw HTML is not allowed in lesson text: write Markdown.",
            id="raw-html",
        ),
        pytest.param(
            LESSON,
            "Paste the facts you want used.\n:::",
            "Paste the facts you want used.\n",
            ":::key-takeaways",
            ":::key-takeaways is never closed.",
            id="unclosed-block",
        ),
        pytest.param(
            CHECK,
            "        text: By asking the model whether it is sure.",
            "        text: By asking the model whether it is sure.\n"
            "        correct: true",
            "  - id: q1",
            "question 'q1': Mark exactly one option as correct.",
            id="single-with-two-correct",
        ),
        pytest.param(
            CHECK,
            '      - id: "true"',
            "      - id: yes-it-is",
            "  - id: q2",
            "question 'q2': A true/false question has two options, ids 'true', "
            "'false'.",
            id="true-false-ids",
        ),
        pytest.param(
            CHECK,
            "  - id: q2",
            "  - id: q1",
            "title:",
            "the question id 'q1' is used more than once.",
            id="duplicate-question-id",
        ),
        pytest.param(
            CHECK,
            "questions:",
            "pools:\n  - questions: [q1, q7]\n    draw: 1\nquestions:",
            "  - questions: [q1, q7]",
            "pool #1 names questions this file does not have: 'q7'.",
            id="pool-with-an-unknown-question",
        ),
        pytest.param(
            CHECK,
            "questions:",
            "pools:\n  - draw: 2\nquestions:",
            "  - draw: 2",
            "pool #1 needs a skill or a list of questions.",
            id="pool-without-a-source",
        ),
        pytest.param(
            CHECK,
            "title: Check your understanding",
            "title: Check your understanding\nmode: exam",
            "mode: exam",
            "'mode' 'exam' is not one of: practice, assessment.",
            id="unknown-mode",
        ),
        pytest.param(
            CHECK,
            '      - id: "false"',
            "      - id: false",
            "      - id: false",
            '\'id\' must be text, not true or false (write "true" or "false" in '
            "quotes to mean the text).",
            id="unquoted-boolean-id",
        ),
        pytest.param(
            "skills.yaml",
            "  - slug: checking-ai-answers",
            "  - slug: prompt-writing",
            "last:slug: prompt-writing",
            "the slug 'prompt-writing' is used twice (first on line 2).",
            id="duplicate-slug",
        ),
        pytest.param(
            f"{COURSE_DIR}/course.yaml",
            "  - checking-the-answer",
            "  - checking-the-answer\n  - giving-context",
            "last:- giving-context",
            "the lesson 'giving-context' is listed twice.",
            id="duplicate-lesson",
        ),
        pytest.param(
            f"{COURSE_DIR}/course.yaml",
            "  checking-ai-answers: awareness",
            "  checking-ai-answers: guru",
            "checking-ai-answers",
            "skill level 'guru' is not one of: awareness, working, expert.",
            id="bad-skill-level",
        ),
        pytest.param(
            LESSON,
            "A model cannot see your inbox.",
            "A model cannot see {{org.ceo}}'s inbox.",
            "{{org.ceo}}",
            "unknown placeholder '{{org.ceo}}'",
            id="unknown-placeholder",
        ),
        pytest.param(
            LESSON,
            "A model cannot see your inbox.",
            "A model cannot see {{ org.name }}'s inbox.",
            "{{ org.name }}",
            "'{{ org.name }}' is not a placeholder: write {{org.KEY}}",
            id="placeholder-with-spaces",
        ),
        pytest.param(
            CHECK,
            "    prompt: Where should a figure in an AI answer be checked?",
            "    prompt: 'Where should {{org.boss}} check a figure?'",
            "{{org.boss}}",
            "unknown placeholder '{{org.boss}}'",
            id="unknown-placeholder-in-a-check",
        ),
        pytest.param(
            LESSON,
            "A model cannot see your inbox.",
            "A model cannot see your inbox.[^gartner-2024]",
            "[^gartner-2024]",
            "the citation [^gartner-2024] names no source of this lesson",
            id="citation-without-a-source",
        ),
        pytest.param(
            LESSON,
            ":::callout{kind=tip",
            ":::jurisdiction fr\nFrench law.\n:::\n\n:::callout{kind=tip",
            ":::jurisdiction fr",
            "a jurisdiction callout names one jurisdiction",
            id="unknown-jurisdiction",
        ),
        pytest.param(
            LESSON,
            "  - Paste the facts a model should use.\n",
            "",
            "  - Tell a model who",
            "'objectives' needs 2 to 4 objectives, not 1.",
            id="one-objective",
        ),
        pytest.param(
            LESSON,
            "last_reviewed: 2026-11-02",
            "last_reviewed: next week",
            "last_reviewed:",
            "'last_reviewed' must be a date (YYYY-MM-DD)",
            id="review-date-not-a-date",
        ),
        pytest.param(
            LESSON,
            "owner: Learning team",
            "owner: grace@",
            "owner:",
            "'owner' 'grace@' is not an email address.",
            id="owner-bad-email",
        ),
        pytest.param(
            f"{COURSE_DIR}/course.yaml",
            "level: foundation\n",
            "level: foundation\nvalidity_months: 0\n",
            "validity_months",
            "'validity_months' 0 is not between 1 and 120.",
            id="bad-validity",
        ),
    ],
)
def test_malformed_content_is_reported_at_its_line(folder, name, old, new, at, message):
    path, text = _edit(folder, name, old, new)
    if at.startswith("last:"):
        lines = text.split("\n")
        line = max(n for n, value in enumerate(lines, 1) if at[5:] in value)
    else:
        line = line_of(text, at)
    problems = problems_of(folder)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}:{line}: {message}")


def test_every_problem_is_reported_not_just_the_first(folder):
    _edit(folder, "skills.yaml", "name: Prompt writing", "nme: Prompt writing")
    _edit(folder, CHECK, "    kind: single", "    kind: pick-one")
    problems = problems_of(folder)
    assert len(problems) == 3
    assert any("unknown key 'nme'" in problem for problem in problems)
    assert any("is missing 'name'" in problem for problem in problems)
    assert any("'pick-one' is not one of" in problem for problem in problems)


def test_lesson_files_and_the_lesson_list_must_agree(folder):
    write(folder, {f"{COURSE_DIR}/03-escalating.md": LESSON_ONE})
    (folder / COURSE_DIR / "02-checking-the-answer.md").rename(
        folder / COURSE_DIR / "02-checking.md"
    )
    course = folder / COURSE_DIR / "course.yaml"
    problems = problems_of(folder)
    assert f"{course}:11: no lesson file for 'checking-the-answer': expected " in (
        "\n".join(problems)
    )
    escalating = folder / COURSE_DIR / "03-escalating.md"
    assert any(
        p.startswith(f"{escalating}:1: the lesson 'escalating' is not")
        for p in problems
    )


def test_a_lesson_slug_must_match_its_file_name(folder):
    path, text = _edit(folder, LESSON, "slug: giving-context", "slug: context")
    assert problems_of(folder) == [
        f"{path}:2: the slug 'context' differs from the file name's "
        "'giving-context': rename one so they match."
    ]


def test_a_knowledge_check_needs_its_place_in_the_body(folder):
    path, text = _edit(
        folder, f"{COURSE_DIR}/02-checking-the-answer.md", "::knowledge-check", ""
    )
    last_line = len(text.split("\n"))
    assert problems_of(folder) == [
        f"{path}:{last_line}: the lesson has a knowledge check file, but no "
        "'::knowledge-check' line in its body to place it."
    ]


def test_prerequisite_cycles_are_reported(folder):
    write(
        folder,
        {
            "courses.yaml": COURSES + "  - checking-at-work\n",
            "courses/checking-at-work/course.yaml": COURSE.replace(
                "slug: prompts-at-work", "slug: checking-at-work"
            ).replace("prerequisites: []", "prerequisites: [prompts-at-work]"),
            "courses/checking-at-work/01-giving-context.md": LESSON_ONE,
            "courses/checking-at-work/02-checking-the-answer.md": LESSON_TWO,
            "courses/checking-at-work/02-checking-the-answer.yaml": CHECK_TWO,
        },
    )
    _edit(
        folder,
        f"{COURSE_DIR}/course.yaml",
        "prerequisites: []",
        "prerequisites: [checking-at-work]",
    )
    problems = problems_of(folder)
    assert len(problems) == 1
    assert "prerequisites form a cycle" in problems[0]


def test_an_unlisted_course_folder_is_reported(folder):
    write(
        folder,
        {"courses/orphan/course.yaml": COURSE.replace("prompts-at-work", "orphan")},
    )
    problems = problems_of(folder)
    assert (
        f"{folder / 'courses.yaml'}:2: the course folder courses/orphan/ is not listed"
        in (problems[0])
    )


def test_a_path_that_is_no_content_folder_is_refused(tmp_path):
    assert problems_of(tmp_path) == [
        f"{tmp_path}:1: not a content folder (with skills.yaml, curricula.yaml or "
        "courses/) nor a course folder (with course.yaml)."
    ]
    assert problems_of(tmp_path / "missing") == [
        f"{tmp_path / 'missing'}:1: no such folder."
    ]


# --- Loading -------------------------------------------------------------------------


@pytest.mark.django_db
def test_validity_months_loads_onto_courses_and_curricula(folder):
    _edit(
        folder,
        f"{COURSE_DIR}/course.yaml",
        "level: foundation\n",
        "level: foundation\nvalidity_months: 12\n",
    )
    _edit(
        folder,
        "curricula.yaml",
        "    courses:\n",
        "    validity_months: 24\n    courses:\n",
    )
    content_load(content=content_read(path=folder))
    assert CoursePage.objects.get(slug="prompts-at-work").validity_months == 12
    assert CurriculumPage.objects.get(slug="everyday-ai-basics").validity_months == 24
    # Without the key, the validity is cleared again on the next load.
    _edit(
        folder,
        f"{COURSE_DIR}/course.yaml",
        "validity_months: 12\n",
        "",
    )
    summary = content_load(content=content_read(path=folder))
    assert summary.courses.updated == 1
    assert CoursePage.objects.get(slug="prompts-at-work").validity_months is None


@pytest.mark.django_db
def test_loading_creates_the_content_and_a_second_load_writes_nothing(folder):
    summary = content_load(content=content_read(path=folder))
    assert (summary.skills.created, summary.courses.created) == (2, 1)
    assert (summary.lessons.created, summary.curricula.created) == (2, 1)
    course = CoursePage.objects.get(slug="prompts-at-work")
    assert [lesson.slug for lesson in LessonPage.objects.child_of(course)] == [
        "giving-context",
        "checking-the-answer",
    ]
    lesson = LessonPage.objects.get(slug="checking-the-answer")
    keys = BankQuestion.objects.filter(
        pk__in=lesson.check_settings.pools[0].question_ids
    ).values_list("key", flat=True)
    assert sorted(keys) == [
        "prompts-at-work/checking-the-answer/q1",
        "prompts-at-work/checking-the-answer/q2",
    ]
    assert lesson.required is False
    curriculum = CurriculumPage.objects.get(slug="everyday-ai-basics")
    assert curriculum.role.slug == "critical-business-user"

    before = _state()
    again = content_load(content=content_read(path=folder))
    assert _state() == before
    assert "created 0, updated 0, unchanged 8." in again.line()


@pytest.mark.django_db
def test_a_check_file_names_its_mode_pools_and_question_skills(folder):
    _edit(
        folder,
        CHECK,
        "title: Check your understanding",
        "title: Check your understanding\nmode: assessment\nmax_attempts: 2\n"
        "cooldown_minutes: 30\npools:\n  - skill: checking-ai-answers\n"
        "    draw: 1\n  - questions: [q2]\n    draw: 1",
    )
    _edit(
        folder,
        CHECK,
        "    kind: single",
        "    kind: single\n    skills: [checking-ai-answers]\n    difficulty: easy",
    )
    content_load(content=content_read(path=folder))
    check = LessonPage.objects.get(slug="checking-the-answer").check_settings
    assert (check.mode, check.max_attempts, check.cooldown_minutes) == (
        "assessment",
        2,
        30,
    )
    skill = Skill.objects.get(slug="checking-ai-answers")
    q1 = BankQuestion.objects.get(key="prompts-at-work/checking-the-answer/q1")
    q2 = BankQuestion.objects.get(key="prompts-at-work/checking-the-answer/q2")
    assert [(p.skill_id, p.question_ids, p.draw) for p in check.pools] == [
        (skill.pk, (), 1),
        (None, (q2.pk,), 1),
    ]
    assert [s.slug for s in q1.skills.all()] == ["checking-ai-answers"]
    assert q1.difficulty == "easy"
    # Without skills of its own a question has the course's.
    assert sorted(s.slug for s in q2.skills.all()) == [
        "checking-ai-answers",
        "prompt-writing",
    ]
    before = _state()
    content_load(content=content_read(path=folder))
    assert _state() == before


@pytest.mark.django_db
def test_an_unknown_skill_in_a_pool_is_reported_at_its_line(folder):
    path, text = _edit(
        folder,
        CHECK,
        "questions:",
        "pools:\n  - skill: prompting\n    draw: 1\nquestions:",
    )
    with pytest.raises(ContentError) as error:
        content_load(content=content_read(path=folder))
    assert [str(p) for p in error.value.problems] == [
        f"{path}:{line_of(text, 'skill: prompting')}: unknown skill 'prompting'."
    ]


@pytest.mark.django_db
def test_an_unknown_skill_is_reported_and_nothing_is_loaded(folder):
    path, text = _edit(
        folder,
        f"{COURSE_DIR}/course.yaml",
        "  prompt-writing: working",
        "  prompting: working",
    )
    before = _state()
    with pytest.raises(ContentError) as error:
        content_load(content=content_read(path=folder))
    assert [str(p) for p in error.value.problems] == [
        f"{path}:{line_of(text, 'prompting')}: unknown skill 'prompting'."
    ]
    assert _state() == before


@pytest.mark.django_db
def test_unknown_roles_courses_and_blockers_are_reported(folder):
    _edit(folder, "curricula.yaml", "role: critical-business-user", "role: astronaut")
    _edit(
        folder, "curricula.yaml", "course: prompts-at-work", "course: prompts-at-home"
    )
    _edit(folder, "skills.yaml", "governance: 0.4", "compliance: 0.4")
    with pytest.raises(ContentError) as error:
        content_load(content=content_read(path=folder))
    messages = sorted(problem.message for problem in error.value.problems)
    assert messages == [
        "unknown blocker 'compliance'.",
        "unknown course 'prompts-at-home'.",
        "unknown role 'astronaut'.",
    ]
    assert not Skill.objects.filter(slug="prompt-writing").exists()


@pytest.mark.django_db
def test_a_blockers_file_adds_blockers_the_skills_may_use_without_overwriting(folder):
    write(
        folder,
        {
            "blockers.yaml": (
                "blockers:\n"
                "  - slug: change-management\n"
                "    name: Change management\n"
                "    description: Whether the people affected are ready to work in a "
                "new way.\n"
                "    benchmark_percent: 35\n"
                "  - slug: governance\n"
                "    name: Governance (renamed in the file)\n"
            )
        },
    )
    _edit(folder, "skills.yaml", "governance: 0.4", "change-management: 0.4")
    summary = content_load(content=content_read(path=folder))
    assert (summary.blockers.created, summary.blockers.unchanged) == (1, 1)
    skill = Skill.objects.get(slug="checking-ai-answers")
    assert [link.blocker.slug for link in skill.blocker_links.all()] == [
        "skills",
        "change-management",
    ]
    assert RolloutBlocker.objects.get(slug="change-management").benchmark_percent == 35
    assert RolloutBlocker.objects.get(slug="governance").name == "Governance"


def _blockers_file(folder, *lines: str):
    write(
        folder,
        {
            "blockers.yaml": "blockers:\n"
            "  - slug: change-management\n"
            "    name: Change management\n"
            "    benchmark_percent: 35\n" + "".join(f"    {line}\n" for line in lines)
        },
    )


@pytest.mark.django_db
def test_a_blockers_benchmark_source_is_loaded_as_a_citation(folder):
    _blockers_file(
        folder,
        "benchmark_source_title: Change readiness in operations",
        "benchmark_source_publisher: Northwind Research",
        "benchmark_source_year: 2024",
        "benchmark_source_url: https://research.example.org/change-2024",
    )
    content_load(content=content_read(path=folder))
    blocker = RolloutBlocker.objects.get(slug="change-management")
    assert blocker.benchmark_citation == (
        "Change readiness in operations. Northwind Research, 2024."
    )
    assert blocker.benchmark_source_url == "https://research.example.org/change-2024"


@pytest.mark.django_db
def test_a_blocker_without_a_source_loads_with_none_recorded(folder):
    _blockers_file(folder)
    content_load(content=content_read(path=folder))
    blocker = RolloutBlocker.objects.get(slug="change-management")
    assert blocker.benchmark_citation == ""
    assert blocker.benchmark_source_year is None


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ["benchmark_source_publisher: Northwind Research"],
            "give the benchmark source a benchmark_source_title",
        ),
        (
            ["benchmark_source_title: A survey", "benchmark_source_year: 1850"],
            "1850 is not between 1900 and 2100",
        ),
        (
            ["benchmark_source_title: A survey", "benchmark_source_url: later"],
            "'later' is not a web address",
        ),
        (["benchmark_source: A survey, 2024"], "benchmark_source"),
    ],
)
@pytest.mark.django_db
def test_a_benchmark_source_that_cannot_be_cited_is_refused(folder, lines, message):
    _blockers_file(folder, *lines)
    before = _state()
    with pytest.raises(ContentError) as error:
        content_load(content=content_read(path=folder))
    assert any(message in str(problem) for problem in error.value.problems), [
        str(p) for p in error.value.problems
    ]
    assert _state() == before
    assert not RolloutBlocker.objects.filter(slug="change-management").exists()


# --- The command ---------------------------------------------------------------------


@pytest.mark.django_db
def test_dry_run_lists_the_changes_and_writes_nothing(folder, capsys):
    before = _state()
    call_command("load_content", str(folder), dry_run=True)
    out = capsys.readouterr().out
    assert "  would be created: course prompts-at-work" in out
    assert "  would be created: lesson prompts-at-work/giving-context" in out
    assert "items would be created 8, would be updated 0, unchanged 0." in out
    assert "Dry run: nothing was written." in out
    assert _state() == before


@pytest.mark.django_db
def test_dry_run_after_a_load_reports_what_would_be_updated(folder, capsys):
    call_command("load_content", str(folder))
    _edit(folder, LESSON, "minutes: 8", "minutes: 9")
    before = _state()
    call_command("load_content", str(folder), dry_run=True)
    out = capsys.readouterr().out
    assert "  would be updated: lesson prompts-at-work/giving-context" in out
    assert "would be updated 1, unchanged 7." in out
    assert _state() == before
    assert LessonPage.objects.get(slug="giving-context").estimated_minutes == 8


@pytest.mark.django_db
def test_invalid_content_exits_with_status_2_and_loads_nothing(
    folder, capsys, monkeypatch
):
    # run_from_argv closes every connection when it ends; the test's transaction
    # must outlive it (on PostgreSQL a closed connection cannot be read again).
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    path, text = _edit(folder, LESSON, ":::key-takeaways", ":::sidebar")
    before = _state()
    with pytest.raises(SystemExit) as exit_info:
        LoadContent().run_from_argv(["manage.py", "load_content", str(folder)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"{path}:{line_of(text, ':::sidebar')}: unknown block ':::sidebar'" in err
    assert "1 problem in the content; nothing was loaded." in err
    assert _state() == before


@pytest.mark.django_db
def test_a_valid_load_exits_with_status_0(folder, capsys, monkeypatch):
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    # run_from_argv exits only on errors; returning normally is status 0.
    LoadContent().run_from_argv(["manage.py", "load_content", str(folder)])
    assert (
        "Content: 0 blockers, 2 skills, 1 courses, 2 lessons, 2 questions, 1 curricula"
        in (capsys.readouterr().out)
    )


@pytest.mark.django_db
def test_one_course_folder_loads_against_skills_already_in_the_academy(
    folder, tmp_path, capsys
):
    call_command("load_content", str(folder))
    extra = write(
        tmp_path / "new-course",
        {
            "course.yaml": COURSE.replace(
                "slug: prompts-at-work", "slug: new-course"
            ).replace("prerequisites: []", "prerequisites: [prompts-at-work]"),
            "01-giving-context.md": LESSON_ONE,
            "02-checking-the-answer.md": LESSON_TWO,
            "02-checking-the-answer.yaml": CHECK_TWO,
        },
    )
    call_command("load_content", str(extra))
    out = capsys.readouterr().out
    assert (
        "Content: 0 blockers, 0 skills, 1 courses, 2 lessons, 2 questions, 0 curricula;"
        in out
    )
    course = CoursePage.objects.get(slug="new-course")
    assert list(course.prerequisites.values_list("slug", flat=True)) == [
        "prompts-at-work"
    ]
    assert course.course_skills.count() == 2


@pytest.mark.django_db
def test_one_course_folder_with_an_unknown_skill_is_refused(tmp_path):
    extra = write(
        tmp_path / "prompts-at-work",
        {
            name.removeprefix(f"{COURSE_DIR}/"): text
            for name, text in FILES.items()
            if name.startswith(COURSE_DIR)
        },
    )
    with pytest.raises(CommandError) as error:
        call_command("load_content", str(extra))
    assert error.value.returncode == 2
    assert not CoursePage.objects.filter(slug="prompts-at-work").exists()


# --- No lesson prose in Python -------------------------------------------------------

COURSES_PACKAGE = Path(__file__).resolve().parents[2] / "courses"


def test_no_python_module_in_courses_holds_lesson_prose():
    offenders = []
    for module in COURSES_PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and len(node.value) > 200
                and ("<p>" in node.value or "<li>" in node.value)
            ):
                offenders.append(f"{module}:{node.lineno}")
    assert offenders == []
    assert not (COURSES_PACKAGE / "demo_content").exists()
