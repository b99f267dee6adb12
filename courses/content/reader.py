"""Read and validate a content folder (or one course folder) into plain specs.

Everything is checked before anything is loaded: YAML and front matter syntax,
required and unknown keys, types, slugs, lesson files against the course's lesson
list, and every lesson body against the real StreamField blocks. All problems are
collected and reported as ``path:line: message``; one problem means nothing loads.
References to things outside the folder (a skill already in the academy, a role)
are checked against the database by the loader, still before it writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from courses import placeholders
from courses.bank import question_problems
from courses.models import LessonPage
from courses.services import stream_value

from . import schema
from .body import BodyError, Segment, parse_body
from .schema import Problem, Problems, line_of, record
from .yaml_lines import LineDict, LineList, YamlError, yaml_parse

LESSON_FILE = re.compile(r"^(?P<number>\d{2,})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
#: Files a content folder may hold besides ``courses/``; README.md is for people.
ROOT_FILES = ("blockers.yaml", "skills.yaml", "courses.yaml", "curricula.yaml")
#: Read by load_demo_data (the demo company's organisation profile), not here.
DEMO_PROFILE = "demo-organisation.yaml"
IGNORED = {"README.md", DEMO_PROFILE}


class ContentError(Exception):
    """The content has problems; nothing was loaded."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (str(p.path), p.line))
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class Ref:
    """A slug one file refers to, with where it is written."""

    slug: str
    path: Path
    line: int


@dataclass(frozen=True)
class BlockerSpec:
    slug: str
    name: str
    description: str
    benchmark_percent: int | None
    benchmark_source_title: str = ""
    benchmark_source_publisher: str = ""
    benchmark_source_year: int | None = None
    benchmark_source_url: str = ""


@dataclass(frozen=True)
class SkillSpec:
    slug: str
    name: str
    category: str
    description: str
    blockers: dict[str, float]
    blocker_refs: tuple[Ref, ...] = ()


@dataclass(frozen=True)
class LessonSpec:
    slug: str
    title: str
    minutes: int
    summary: str
    required: bool
    objectives: tuple[str, ...]
    body: tuple[tuple[str, Any], ...]
    path: Path
    owner: str = ""
    last_reviewed: date | None = None
    sources: tuple[dict, ...] = ()
    skill_refs: tuple[Ref, ...] = ()


@dataclass(frozen=True)
class CourseSpec:
    slug: str
    title: str
    summary: str
    level: str
    pass_mark: int
    skills: tuple[tuple[str, int], ...]
    prerequisites: tuple[str, ...]
    lessons: tuple[LessonSpec, ...]
    path: Path
    skill_refs: tuple[Ref, ...] = ()
    prerequisite_refs: tuple[Ref, ...] = ()
    validity_months: int | None = None


@dataclass(frozen=True)
class CurriculumCourseSpec:
    course: str
    required: bool
    due_in_days: int


@dataclass(frozen=True)
class CurriculumSpec:
    slug: str
    role: str
    title: str
    intro: str
    outcomes: tuple[str, ...]
    courses: tuple[CurriculumCourseSpec, ...]
    role_ref: Ref
    course_refs: tuple[Ref, ...] = ()
    validity_months: int | None = None


@dataclass(frozen=True)
class ContentSet:
    """Everything read from one folder, in load order (prerequisites first)."""

    root: Path
    blockers: tuple[BlockerSpec, ...] = ()
    skills: tuple[SkillSpec, ...] = ()
    courses: tuple[CourseSpec, ...] = ()
    curricula: tuple[CurriculumSpec, ...] = ()


@dataclass
class _Reader:
    problems: Problems = field(default_factory=Problems)

    def yaml_file(self, path: Path) -> Any:
        try:
            return yaml_parse(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            self.problems.add(path, 1, "not UTF-8 text.")
        except YamlError as error:
            self.problems.add(path, error.line, error.message)
        return None

    def list_file(
        self, path: Path, key: str, keys: Mapping
    ) -> Iterator[tuple[dict, Any]]:
        """The records listed under ``key`` in a skills/blockers/curricula file."""
        found_before = len(self.problems)
        data = self.yaml_file(path)
        if data is None:
            if len(self.problems) == found_before:
                self.problems.add(path, 1, "the file is empty.")
            return
        top = record(
            data,
            {key: getattr(schema, f"{key.upper()}_FILE")[key]},
            path=path,
            line=1,
            problems=self.problems,
            what=path.name,
        )
        if top is None:
            return
        items = top[key]
        seen: dict[str, int] = {}
        for index, raw in enumerate(items):
            line = line_of(items, index, 1)
            item = record(
                raw,
                keys,
                path=path,
                line=line,
                problems=self.problems,
                what=f"{key} #{index + 1}",
            )
            if item is None:
                continue
            if item["slug"] in seen:
                self.problems.add(
                    path,
                    line_of(raw, "slug", line),
                    f"the slug {item['slug']!r} is used twice (first on line "
                    f"{seen[item['slug']]}).",
                )
                continue
            seen[item["slug"]] = line_of(raw, "slug", line)
            yield item, raw

    # --- Taxonomy ----------------------------------------------------------------

    def blockers(self, path: Path) -> list[BlockerSpec]:
        specs = []
        for item, raw in self.list_file(path, "blockers", schema.BLOCKER):
            spec = BlockerSpec(**item)
            cited = (
                spec.benchmark_source_publisher,
                spec.benchmark_source_year,
                spec.benchmark_source_url,
            )
            if not spec.benchmark_source_title and any(cited):
                self.problems.add(
                    path,
                    raw.line,
                    f"blocker {spec.slug!r}: give the benchmark source a "
                    "benchmark_source_title as well as its publisher, year or "
                    "address.",
                )
                continue
            specs.append(spec)
        return specs

    def skills(self, path: Path) -> list[SkillSpec]:
        specs = []
        for item, raw in self.list_file(path, "skills", schema.SKILL):
            blockers = item["blockers"]
            refs = []
            ok = True
            if not blockers:
                self.problems.add(
                    path, line_of(raw, "blockers", raw.line), "'blockers' is empty."
                )
                ok = False
            for slug, weight in blockers.items():
                line = blockers.key_lines[slug]
                problem = schema.type_problem(weight, (float,))
                if problem is None and not 0 < weight <= 1:
                    problem = f"{weight} is not greater than 0 and at most 1."
                if not isinstance(slug, str) or schema.SLUG_RE.match(slug) is None:
                    problem = f"{slug!r} is not a blocker slug."
                if problem is not None:
                    self.problems.add(path, line, f"blocker weight: {problem}")
                    ok = False
                refs.append(Ref(str(slug), path, line))
            if ok:
                specs.append(
                    SkillSpec(
                        slug=item["slug"],
                        name=item["name"],
                        category=item["category"],
                        description=item["description"],
                        blockers=dict(blockers),
                        blocker_refs=tuple(refs),
                    )
                )
        return specs

    def curricula(self, path: Path) -> list[CurriculumSpec]:
        specs = []
        for item, raw in self.list_file(path, "curricula", schema.CURRICULUM):
            courses, refs = [], []
            seen: set[str] = set()
            for index, raw_course in enumerate(item["courses"]):
                line = line_of(item["courses"], index, raw.line)
                course = record(
                    raw_course,
                    schema.CURRICULUM_COURSE,
                    path=path,
                    line=line,
                    problems=self.problems,
                    what=f"course #{index + 1} of {item['slug']!r}",
                )
                if course is None:
                    continue
                if course["course"] in seen:
                    self.problems.add(
                        path, line, f"{course['course']!r} is listed twice."
                    )
                    continue
                seen.add(course["course"])
                courses.append(CurriculumCourseSpec(**course))
                refs.append(
                    Ref(course["course"], path, line_of(raw_course, "course", line))
                )
            specs.append(
                CurriculumSpec(
                    slug=item["slug"],
                    role=item["role"],
                    title=item["title"],
                    intro=item["intro"],
                    outcomes=tuple(item["outcomes"]),
                    courses=tuple(courses),
                    role_ref=Ref(item["role"], path, line_of(raw, "role", raw.line)),
                    course_refs=tuple(refs),
                    validity_months=item["validity_months"],
                )
            )
        return specs

    # --- Courses and lessons -----------------------------------------------------

    def course_folders(self, root: Path) -> list[Path]:
        """The course folders, in the order courses.yaml lists them (else by name)."""
        folders = {
            folder.name: folder
            for folder in sorted((root / "courses").iterdir())
            if not folder.name.startswith(".")
        }
        path = root / "courses.yaml"
        if not path.exists():
            return list(folders.values())
        found_before = len(self.problems)
        data = self.yaml_file(path)
        top = record(
            data,
            schema.COURSES_FILE,
            path=path,
            line=1,
            problems=self.problems,
            what="courses.yaml",
        )
        if top is None:
            if len(self.problems) == found_before:
                self.problems.add(path, 1, "the file is empty.")
            return list(folders.values())
        order = top["courses"]
        ordered: list[Path] = []
        for index, slug in enumerate(order):
            line = line_of(order, index, 1)
            if slug not in folders:
                self.problems.add(path, line, f"no course folder courses/{slug}/.")
            elif folders[slug] in ordered:
                self.problems.add(path, line, f"the course {slug!r} is listed twice.")
            else:
                ordered.append(folders[slug])
        for name in folders:
            if name not in order:
                self.problems.add(
                    path,
                    order.line if isinstance(order, LineList) else 1,
                    f"the course folder courses/{name}/ is not listed: add "
                    f"{name!r} here.",
                )
        return ordered

    def course(self, folder: Path) -> CourseSpec | None:
        path = folder / "course.yaml"
        found_before = len(self.problems)
        data = self.yaml_file(path)
        if len(self.problems) != found_before:
            return None
        item = record(
            data,
            schema.COURSE,
            path=path,
            line=1,
            problems=self.problems,
            what="course.yaml",
        )
        if item is None:
            return None
        if item["slug"] != folder.name:
            self.problems.add(
                path,
                line_of(data, "slug", 1),
                f"the slug {item['slug']!r} differs from the folder name "
                f"{folder.name!r}: rename one so they match.",
            )
        skills, skill_refs = [], []
        raw_skills = item["skills"] or LineDict()
        for slug, level in raw_skills.items():
            line = raw_skills.key_lines[slug]
            if level not in schema.SKILL_LEVELS:
                levels = ", ".join(schema.SKILL_LEVELS)
                self.problems.add(
                    path, line, f"skill level {level!r} is not one of: {levels}."
                )
                continue
            skills.append((str(slug), schema.SKILL_LEVELS[level]))
            skill_refs.append(Ref(str(slug), path, line))
        prerequisites = item["prerequisites"]
        prerequisite_refs = [
            Ref(slug, path, line_of(prerequisites, index, 1))
            for index, slug in enumerate(prerequisites)
        ]
        if item["slug"] in prerequisites:
            self.problems.add(
                path,
                line_of(data, "prerequisites", 1),
                "a course cannot be its own prerequisite.",
            )
        lessons = self.lessons(folder, item["lessons"], data)
        if len(self.problems) != found_before:
            return None
        return CourseSpec(
            slug=item["slug"],
            title=item["title"],
            summary=item["summary"],
            level=item["level"],
            pass_mark=item["pass_mark"],
            skills=tuple(skills),
            prerequisites=tuple(prerequisites),
            lessons=tuple(lessons),
            path=path,
            skill_refs=(
                *skill_refs,
                *(ref for lesson in lessons for ref in lesson.skill_refs),
            ),
            prerequisite_refs=tuple(prerequisite_refs),
            validity_months=item["validity_months"],
        )

    def lessons(
        self, folder: Path, order: LineList, course: LineDict
    ) -> list[LessonSpec]:
        course_path = folder / "course.yaml"
        files: dict[str, Path] = {}
        for path in sorted(folder.iterdir()):
            if path.name in ("course.yaml", *IGNORED) or path.name.startswith("."):
                continue
            if path.suffix == ".yaml" and path.with_suffix(".md").exists():
                continue  # a lesson's knowledge check, read with the lesson
            match = LESSON_FILE.match(path.name)
            if match is None or not path.is_file():
                self.problems.add(
                    path,
                    1,
                    "unexpected file: a course folder holds course.yaml, lessons "
                    "named NN-lesson-slug.md and their NN-lesson-slug.yaml checks.",
                )
                continue
            if match["slug"] in files:
                self.problems.add(
                    path, 1, f"a second file for the lesson {match['slug']!r}."
                )
                continue
            files[match["slug"]] = path
        lessons = []
        listed: set[str] = set()
        for index, slug in enumerate(order):
            line = line_of(order, index, 1)
            if slug in listed:
                self.problems.add(
                    course_path, line, f"the lesson {slug!r} is listed twice."
                )
                continue
            listed.add(slug)
            if slug not in files:
                self.problems.add(
                    course_path,
                    line,
                    f"no lesson file for {slug!r}: expected NN-{slug}.md in "
                    f"{folder.name}/.",
                )
                continue
            lesson = self.lesson(files[slug])
            if lesson is not None:
                lessons.append(lesson)
        for slug, path in files.items():
            if slug not in listed:
                self.problems.add(
                    path,
                    1,
                    f"the lesson {slug!r} is not in the 'lessons' list of "
                    "course.yaml, so it would never be shown: add it there.",
                )
        if not order:
            self.problems.add(
                course_path, line_of(course, "lessons", 1), "a course needs lessons."
            )
        return lessons

    def lesson(self, path: Path) -> LessonSpec | None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.problems.add(path, 1, "not UTF-8 text.")
            return None
        lines = text.split("\n")
        if not lines or lines[0].rstrip() != "---":
            self.problems.add(
                path,
                1,
                "a lesson starts with front matter: a '---' line, YAML, "
                "then another '---' line.",
            )
            return None
        try:
            end = next(
                index
                for index in range(1, len(lines))
                if lines[index].rstrip() == "---"
            )
        except StopIteration:
            self.problems.add(path, 1, "the front matter is never closed by '---'.")
            return None
        found_before = len(self.problems)
        try:
            data = yaml_parse("\n".join(lines[1:end]), line_offset=1)
        except YamlError as error:
            self.problems.add(path, error.line, error.message)
            return None
        item = record(
            data,
            schema.LESSON,
            path=path,
            line=1,
            problems=self.problems,
            what="the front matter",
        )
        if item is None:
            return None
        sources = item["sources"]
        for index, source in enumerate(sources):
            record(
                source,
                schema.SOURCE,
                path=path,
                line=line_of(sources, index, 1),
                problems=self.problems,
                what="a source",
            )
        slug_in_name = LESSON_FILE.match(path.name)["slug"]
        if item["slug"] != slug_in_name:
            self.problems.add(
                path,
                line_of(data, "slug", 1),
                f"the slug {item['slug']!r} differs from the file name's "
                f"{slug_in_name!r}: rename one so they match.",
            )
        sources = self.sources(path, data, item["sources"])
        self.placeholders(path, data, item, lines, end, [s["id"] for s in sources])
        check_path = path.with_suffix(".yaml")
        check = None
        if check_path.exists():
            check = self.knowledge_check(check_path, self.yaml_file(check_path))
            if check is None:
                return None
            self.check_placeholders(check_path)
        try:
            segments = parse_body(
                "\n".join(lines[end + 1 :]), first_line=end + 2, knowledge_check=check
            )
        except BodyError as error:
            self.problems.add(path, error.line, error.message)
            return None
        self.stream_check(path, segments)
        if len(self.problems) != found_before:
            return None
        return LessonSpec(
            slug=item["slug"],
            title=item["title"],
            minutes=item["minutes"],
            summary=item["summary"],
            required=item["required"],
            objectives=tuple(item["objectives"]),
            body=tuple((segment.type, segment.value) for segment in segments),
            path=path,
            owner=item["owner"],
            last_reviewed=item["last_reviewed"],
            sources=tuple(sources),
            skill_refs=tuple(check["skill_refs"]) if check else (),
        )

    def sources(self, path: Path, data: Any, raw_sources: list) -> list[dict]:
        sources = []
        for index, raw in enumerate(raw_sources):
            line = line_of(raw_sources, index, line_of(data, "sources", 1))
            source = record(
                raw,
                schema.SOURCE,
                path=path,
                line=line,
                problems=self.problems,
                what=f"source #{index + 1}",
            )
            if source is None:
                continue
            if source["id"] in {s["id"] for s in sources}:
                self.problems.add(
                    path, line, f"the source id {source['id']!r} is used twice."
                )
                continue
            sources.append(dict(source))
        return sources

    def placeholders(
        self,
        path: Path,
        data: Any,
        item: Mapping,
        lines: list[str],
        end: int,
        sources: list[str],
    ) -> None:
        """Unknown placeholders and citations of unlisted sources, at their line:
        a lesson never shows a blank (ADR 0022)."""
        for key in ("title", "summary"):
            if "{{" in item[key] or "[^" in item[key]:
                self.problems.add(
                    path,
                    line_of(data, key, 1),
                    f"the {key} is shown outside the lesson too: write it without "
                    "{{org...}} placeholders or [^id] citations.",
                )
        for index, objective in enumerate(item["objectives"]):
            for problem in placeholders.text_problems(objective):
                self.problems.add(
                    path, line_of(data["objectives"], index, 1), problem
                )
        body = "\n".join(lines[end + 1 :])
        for line, problem in placeholders.markdown_problems(
            body, first_line=end + 2, sources=sources
        ):
            self.problems.add(path, line, problem)

    def check_placeholders(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        for line, problem in placeholders.markdown_problems(text, first_line=1):
            self.problems.add(path, line, problem)

    def knowledge_check(self, path: Path, data: Any) -> dict | None:
        if data is None:
            if not any(problem.path == path for problem in self.problems):
                self.problems.add(path, 1, "the knowledge check file is empty.")
            return None
        found_before = len(self.problems)
        check = record(
            data,
            schema.KNOWLEDGE_CHECK,
            path=path,
            line=1,
            problems=self.problems,
            what="the knowledge check",
        )
        if check is None:
            return None
        questions = []
        skill_refs = []
        for index, raw in enumerate(check["questions"]):
            line = line_of(check["questions"], index, 1)
            question = record(
                raw,
                schema.QUESTION,
                path=path,
                line=line,
                problems=self.problems,
                what=f"question #{index + 1}",
            )
            if question is None:
                continue
            options = []
            for number, raw_option in enumerate(question["options"]):
                option = record(
                    raw_option,
                    schema.OPTION,
                    path=path,
                    line=line_of(question["options"], number, line),
                    problems=self.problems,
                    what=f"option #{number + 1} of question {question['id']!r}",
                )
                if option is not None:
                    options.append(option)
            if len(options) == len(question["options"]):
                for problem in question_problems({**question, "options": options}):
                    self.problems.add(
                        path, line, f"question {question['id']!r}: {problem}"
                    )
            for number, slug in enumerate(question["skills"]):
                skill_refs.append(
                    Ref(slug, path, line_of(raw.get("skills"), number, line))
                )
            questions.append({**question, "options": options})
        ids = [question["id"] for question in questions]
        for question_id in sorted({qid for qid in ids if ids.count(qid) > 1}):
            self.problems.add(
                path, 1, f"the question id {question_id!r} is used more than once."
            )
        pools = self.pools(path, check, set(ids), skill_refs)
        if len(self.problems) != found_before:
            return None
        return {
            "title": check["title"],
            "mode": check["mode"],
            "max_attempts": check["max_attempts"],
            "cooldown_minutes": check["cooldown_minutes"],
            "questions": questions,
            "pools": pools or [{"skill": "", "questions": ids, "draw": len(ids)}],
            "skill_refs": skill_refs,
        }

    def pools(
        self, path: Path, check: Mapping, ids: set[str], skill_refs: list[Ref]
    ) -> list[dict]:
        pools = []
        for index, raw in enumerate(check["pools"]):
            line = line_of(check["pools"], index, 1)
            pool = record(
                raw,
                schema.POOL,
                path=path,
                line=line,
                problems=self.problems,
                what=f"pool #{index + 1}",
            )
            if pool is None:
                continue
            unknown = [qid for qid in pool["questions"] if qid not in ids]
            if unknown:
                self.problems.add(
                    path,
                    line,
                    f"pool #{index + 1} names questions this file does not have: "
                    f"{', '.join(map(repr, unknown))}.",
                )
            if not pool["skill"] and not pool["questions"]:
                self.problems.add(
                    path,
                    line,
                    f"pool #{index + 1} needs a skill or a list of questions.",
                )
            if pool["skill"]:
                skill_refs.append(
                    Ref(pool["skill"], path, line_of(raw, "skill", line))
                )
            pools.append(dict(pool))
        return pools

    def stream_check(self, path: Path, segments: list[Segment]) -> None:
        """Validate the body with the lesson's real StreamField blocks.

        The knowledge check is checked by ``knowledge_check``: its pools name bank
        questions that exist only once the files are loaded.
        """
        segments = [s for s in segments if s.type != "knowledge_check"]
        try:
            stream_value(
                LessonPage,
                "body",
                [(segment.type, segment.value) for segment in segments],
            )
        except ValidationError as error:
            for where, message in _flatten(error):
                if not where or not isinstance(where[0], int):
                    self.problems.add(path, 1, message)
                    continue
                segment = segments[where[0]]
                label = segment.type.replace("_", " ")
                self.problems.add(
                    path, segment.line, f"{label}: {_describe(where[1:])}{message}"
                )


def _flatten(error: Any, where: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(position, message) for every message in a nested block validation error."""
    if isinstance(error, list):
        for item in error:
            yield from _flatten(item, where)
        return
    block_errors = getattr(error, "block_errors", None)
    non_block_errors = getattr(error, "non_block_errors", None)
    if block_errors is None and non_block_errors is None:
        if isinstance(error, ValidationError):
            for message in error.messages:
                yield where, message
        else:
            yield where, str(error)
        return
    for item in non_block_errors or ():
        yield from _flatten(item, where)
    for key, sub in (block_errors or {}).items():
        yield from _flatten(sub, (*where, key))


def _describe(where: tuple) -> str:
    parts = []
    for part in where:
        parts.append(f"#{part + 1}" if isinstance(part, int) else str(part))
    return (" ".join(parts) + ": ") if parts else ""


def _prerequisites_first(
    courses: list[CourseSpec], problems: Problems
) -> list[CourseSpec]:
    """The courses ordered so each comes after those of its prerequisites in the set."""
    by_slug = {course.slug: course for course in courses}
    ordered: list[CourseSpec] = []
    state: dict[str, str] = {}

    def visit(course: CourseSpec) -> bool:
        if state.get(course.slug) == "done":
            return True
        if state.get(course.slug) == "visiting":
            return False
        state[course.slug] = "visiting"
        for ref in course.prerequisite_refs:
            if ref.slug in by_slug and not visit(by_slug[ref.slug]):
                problems.add(
                    ref.path,
                    ref.line,
                    f"prerequisites form a cycle: {course.slug!r} needs {ref.slug!r}, "
                    "which needs it back.",
                )
                state[course.slug] = "done"
                return True
        state[course.slug] = "done"
        ordered.append(course)
        return True

    for course in courses:
        visit(course)
    return ordered


def content_read(*, path: Path) -> ContentSet:
    """Read and validate the content folder (or course folder) at ``path``.

    Raises :class:`ContentError` listing every problem; returns the specs otherwise.
    """
    path = Path(path)
    reader = _Reader()
    if not path.is_dir():
        raise ContentError([Problem(path, 1, "no such folder.")])
    if (path / "course.yaml").exists():
        course = reader.course(path)
        if reader.problems:
            raise ContentError(reader.problems)
        return ContentSet(root=path, courses=(course,))

    courses_dir = path / "courses"
    if not courses_dir.is_dir() and not any(
        (path / name).exists() for name in ROOT_FILES
    ):
        raise ContentError(
            [
                Problem(
                    path,
                    1,
                    "not a content folder (with skills.yaml, curricula.yaml or "
                    "courses/) nor a course folder (with course.yaml).",
                )
            ]
        )
    for item in sorted(path.iterdir()):
        if item.name.startswith(".") or item.name in IGNORED:
            continue
        if item.name not in (*ROOT_FILES, "courses"):
            reader.problems.add(
                item,
                1,
                "unexpected file: a content folder holds blockers.yaml, skills.yaml, "
                "courses.yaml, curricula.yaml and courses/.",
            )
    blockers = (
        reader.blockers(path / "blockers.yaml")
        if (path / "blockers.yaml").exists()
        else []
    )
    skills = (
        reader.skills(path / "skills.yaml") if (path / "skills.yaml").exists() else []
    )
    courses = []
    if courses_dir.is_dir():
        for folder in reader.course_folders(path):
            if not (folder / "course.yaml").is_file():
                reader.problems.add(folder, 1, "a course folder needs a course.yaml.")
                continue
            course = reader.course(folder)
            if course is not None:
                courses.append(course)
    curricula = (
        reader.curricula(path / "curricula.yaml")
        if (path / "curricula.yaml").exists()
        else []
    )
    courses = _prerequisites_first(courses, reader.problems)
    if reader.problems:
        raise ContentError(reader.problems)
    return ContentSet(
        root=path,
        blockers=tuple(blockers),
        skills=tuple(skills),
        courses=tuple(courses),
        curricula=tuple(curricula),
    )
