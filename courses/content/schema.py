"""Every key a content file may hold, with its type, default and rule, in one place.

Adding a key to the format (lesson objectives, an owner, a review date) means adding
one ``Key`` here and reading it where it is loaded; unknown keys are refused, so a
typo never loads silently.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from courses.data import CheckMode, QuestionKind
from courses.models import CourseLevel, SkillLevel

from .yaml_lines import LineDict, LineList

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: A course.yaml names skill levels in words: ``working`` rather than ``2``.
SKILL_LEVELS = {level.name.lower(): level.value for level in SkillLevel}
COURSE_LEVELS = [level.value for level in CourseLevel]
QUESTION_KINDS = [kind.value for kind in QuestionKind]
CHECK_MODES = [mode.value for mode in CheckMode]
DIFFICULTIES = ["easy", "medium", "hard"]
STATUSES = ["draft", "live", "retired"]
QUESTION_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a mapping (key: value lines)",
    type(None): "empty",
    date: "a date (YYYY-MM-DD)",
}


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class Problems(list):
    """Problems found so far; reading goes on to report as many as it can."""

    def add(self, path: Path, line: int, message: str) -> None:
        self.append(Problem(path=path, line=line, message=message))


def _slug(value: str) -> str | None:
    if not SLUG_RE.match(value):
        return (
            f"{value!r} is not a slug: use lower-case letters, digits and single "
            "hyphens, e.g. 'data-readiness'."
        )
    return None


def _slug_or_blank(value: str) -> str | None:
    return _slug(value) if value else None


def _question_id(value: str) -> str | None:
    if not QUESTION_ID_RE.match(value):
        return (
            f"{value!r} is not a question id: use lower-case letters, digits, "
            "'-' and '_', e.g. 'q1'."
        )
    return None


def _not_blank(value: str) -> str | None:
    return "must not be empty." if not value.strip() else None


def _one_of(choices: list) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if value not in choices:
            return f"{value!r} is not one of: {', '.join(map(str, choices))}."
        return None

    return check


def _between(low: int, high: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not low <= value <= high:
            return f"{value} is not between {low} and {high}."
        return None

    return check


def _web_address(value: str) -> str | None:
    if value and not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
        return f"{value!r} is not a web address: start it with https://."
    return None


@dataclass(frozen=True)
class Key:
    types: tuple[type, ...]
    required: bool = True
    default: Any = None
    check: Callable[[Any], str | None] | None = None
    #: For lists: the type every item must have, and a rule for each item.
    items: type | None = None
    item_check: Callable[[Any], str | None] | None = None

    def default_value(self) -> Any:
        # Fresh containers, so no two records share one.
        return type(self.default)() if isinstance(self.default, list) else self.default


TEXT = Key((str,), check=_not_blank)
SLUG = Key((str,), check=_slug)


def _optional_text(default: str = "") -> Key:
    return Key((str,), required=False, default=default)


def _text_list() -> Key:
    return Key((list,), required=False, default=[], items=str, item_check=_not_blank)


# skills.yaml, blockers.yaml and curricula.yaml each hold one list under one key.
SKILLS_FILE = {"skills": Key((list,), items=dict)}
BLOCKERS_FILE = {"blockers": Key((list,), items=dict)}
CURRICULA_FILE = {"curricula": Key((list,), items=dict)}
# courses.yaml: the order courses are added to the academy in.
COURSES_FILE = {"courses": Key((list,), items=str, item_check=_slug)}

BLOCKER = {
    "slug": SLUG,
    "name": TEXT,
    "description": _optional_text(),
    "benchmark_percent": Key((int, type(None)), required=False, check=_between(0, 100)),
    # Where the benchmark comes from, cited wherever it is shown. A publisher, year
    # or address needs a title (checked when the file is read).
    "benchmark_source_title": _optional_text(),
    "benchmark_source_publisher": _optional_text(),
    "benchmark_source_year": Key(
        (int, type(None)), required=False, check=_between(1900, 2100)
    ),
    "benchmark_source_url": Key((str,), required=False, default="", check=_web_address),
}
SKILL = {
    "slug": SLUG,
    "name": TEXT,
    "category": _optional_text(),
    "description": _optional_text(),
    # blocker slug: weight (greater than 0, at most 1)
    "blockers": Key((dict,)),
}
CURRICULUM = {
    "slug": SLUG,
    "role": SLUG,
    "title": TEXT,
    "intro": _optional_text(),
    "outcomes": _text_list(),
    "courses": Key((list,), items=dict),
    "validity_months": Key(
        (int, type(None)), required=False, default=None, check=_between(1, 120)
    ),
}
CURRICULUM_COURSE = {
    "course": SLUG,
    "required": Key((bool,), required=False, default=True),
    "due_in_days": Key((int,), required=False, default=30, check=_between(1, 730)),
}
COURSE = {
    "slug": SLUG,
    "title": TEXT,
    "summary": _optional_text(),
    "level": Key((str,), check=_one_of(COURSE_LEVELS)),
    "pass_mark": Key((int,), required=False, default=70, check=_between(1, 100)),
    # Months a certificate stays valid; empty: it never expires.
    "validity_months": Key(
        (int, type(None)), required=False, default=None, check=_between(1, 120)
    ),
    # skill slug: level taught (awareness, working or expert)
    "skills": Key((dict,), required=False, default=None),
    "prerequisites": Key(
        (list,), required=False, default=[], items=str, item_check=_slug
    ),
    "lessons": Key((list,), items=str, item_check=_slug),
}
def _objectives(value: list) -> str | None:
    if not 2 <= len(value) <= 4:
        return f"needs 2 to 4 objectives, not {len(value)}."
    return None


def _owner(value: str) -> str | None:
    if not value.strip():
        return "must not be empty: a person's email or a team's name."
    if "@" in value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        return f"{value!r} is not an email address."
    return None


def _not_future(value: date) -> str | None:
    if value > date.today():
        return f"{value.isoformat()} is in the future."
    return None


def _url(value: str) -> str | None:
    if value and not re.match(r"^https?://\S+$", value):
        return f"{value!r} is not a web address (https://...)."
    return None


LESSON = {
    "slug": SLUG,
    "title": TEXT,
    "minutes": Key((int,), check=_between(1, 600)),
    "summary": _optional_text(),
    "required": Key((bool,), required=False, default=True),
    # What a learner can do after the lesson, shown at its top.
    "objectives": Key((list,), check=_objectives, items=str, item_check=_not_blank),
    # Who answers for the content: an email (gets the review reminder) or a team.
    "owner": Key((str,), check=_owner),
    # When the content was last checked; reminded 12 months later.
    "last_reviewed": Key((date,), check=_not_future),
    # What [^id] markers in the body cite, listed under Sources in this order.
    "sources": Key((list,), required=False, default=[], items=dict),
}
SOURCE = {
    "id": Key((str,), check=_question_id),
    "title": TEXT,
    "publisher": TEXT,
    "year": Key((int,), check=_between(1900, 2100)),
    "url": Key((str,), required=False, default="", check=_url),
}
KNOWLEDGE_CHECK = {
    "title": _optional_text("Check your understanding"),
    "mode": Key((str,), required=False, default="practice", check=_one_of(CHECK_MODES)),
    "max_attempts": Key((int,), required=False, default=3, check=_between(1, 20)),
    "cooldown_minutes": Key(
        (int,), required=False, default=60, check=_between(0, 60 * 24 * 14)
    ),
    # The file's questions join the question bank as <course>/<lesson>/<id>.
    "questions": Key((list,), items=dict),
    # Where attempts draw from; default: every question of the file, every time.
    "pools": Key((list,), required=False, default=[], items=dict),
}
POOL = {
    "skill": Key((str,), required=False, default="", check=_slug_or_blank),
    "questions": Key((list,), required=False, default=[], items=str),
    "draw": Key((int,), check=_between(1, 50)),
}
QUESTION = {
    "id": Key((str,), check=_question_id),
    "kind": Key((str,), check=_one_of(QUESTION_KINDS)),
    "prompt": TEXT,
    "options": Key((list,), items=dict),
    "explanation": TEXT,
    "ai_prompt": _optional_text(),
    "ai_answer": _optional_text(),
    # Skill slugs; default: the course's skills.
    "skills": Key((list,), required=False, default=[], items=str, item_check=_slug),
    "difficulty": Key(
        (str,), required=False, default="medium", check=_one_of(DIFFICULTIES)
    ),
    "status": Key((str,), required=False, default="live", check=_one_of(STATUSES)),
}
OPTION = {
    "id": Key((str,), check=_not_blank),
    "text": TEXT,
    "correct": Key((bool,), required=False, default=False),
    "feedback": _optional_text(),
}


def _type_name(types: tuple[type, ...]) -> str:
    return " or ".join(_TYPE_NAMES[kind] for kind in types)


def _type_ok(value: Any, types: tuple[type, ...]) -> bool:
    # YAML's true/false are bools, which Python also counts as ints.
    if isinstance(value, bool) and bool not in types:
        return False
    if isinstance(value, int) and not isinstance(value, bool) and float in types:
        return True
    return isinstance(value, types)


def type_problem(value: Any, types: tuple[type, ...]) -> str | None:
    """Why ``value`` is not of ``types``, or None."""
    if _type_ok(value, types):
        return None
    hint = ""
    if isinstance(value, bool) and str in types:
        hint = ' (write "true" or "false" in quotes to mean the text)'
    found = _TYPE_NAMES.get(type(value), type(value).__name__)
    return f"must be {_type_name(types)}, not {found}{hint}."


def record(
    data: Any,
    keys: Mapping[str, Key],
    *,
    path: Path,
    line: int,
    problems: Problems,
    what: str,
) -> dict | None:
    """``data`` checked against ``keys``, with defaults filled; None if it is unusable.

    Every problem found is added to ``problems`` with the line it is on.
    """
    if not isinstance(data, LineDict):
        problems.add(path, line, f"{what} must be a mapping (key: value lines).")
        return None
    found_before = len(problems)
    result: dict = {}
    for key in data:
        if key not in keys:
            close = get_close_matches(str(key), list(keys), n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            known = ", ".join(keys)
            problems.add(
                path,
                data.key_lines[key],
                f"unknown key {key!r} in {what}.{hint} Known keys: {known}.",
            )
    for name, key in keys.items():
        if name not in data:
            if key.required:
                problems.add(path, data.line, f"{what} is missing {name!r}.")
            else:
                result[name] = key.default_value()
            continue
        value = data[name]
        value_line = data.value_lines[name]
        problem = type_problem(value, key.types)
        if problem is None and key.check is not None and value is not None:
            problem = key.check(value)
        if problem is not None:
            problems.add(path, value_line, f"{name!r} {problem}")
            continue
        if key.items is not None:
            for index, item in enumerate(value):
                item_line = (
                    value.item_lines[index]
                    if isinstance(value, LineList)
                    else value_line
                )
                item_problem = type_problem(item, (key.items,))
                if item_problem is None and key.item_check is not None:
                    item_problem = key.item_check(item)
                if item_problem is not None:
                    problems.add(path, item_line, f"each of {name!r} {item_problem}")
        result[name] = value
    return result if len(problems) == found_before else None


def line_of(data: Any, key: Any, default: int) -> int:
    """The line of ``key``'s value in a parsed mapping, or of item ``key`` in a list."""
    if isinstance(data, LineDict) and key in data.value_lines:
        return data.value_lines[key]
    if isinstance(data, LineList) and isinstance(key, int) and key < len(data):
        return data.item_lines[key]
    return getattr(data, "line", default)
