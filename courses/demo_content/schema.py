"""Plain data shapes for the academy's shipped demo content.

The content modules describe skills, courses, lessons and curricula with these
dataclasses; ``load_demo_data`` turns them into snippets and Wagtail pages. Keeping
content as data (not fixtures) means the loader goes through the same services an
editor's work does, and the prose can be reviewed like any other text.

Lesson bodies are lists of ``(block_type, value)`` tuples in the shape Wagtail's
StreamField accepts:

- ``("heading", "Text")``
- ``("rich_text", "<p>HTML with <strong>inline</strong> markup, lists, links</p>")``
- ``("callout", {"kind": "tip" | "warning" | "policy", "title": str, "text": "<p>HTML</p>"})``
- ``("key_takeaways", ["One sentence.", "Another."])``
- ``("code", {"language": "python" | "sql" | "yaml" | "bash" | "text", "code": str,
  "caption": str})``
- ``("knowledge_check", {"title": str, "questions": [Question, ...]})`` where a
  question is a dict::

      {
          "id": "q1",                # unique within the block
          "kind": "single" | "multiple" | "true_false" | "judge_output",
          "prompt": "Question text",
          "options": [{"id": "a", "text": "...", "correct": True}, ...],
          "explanation": "Why the right answer is right (shown after submitting).",
          # judge_output only: the realistic prompt and the AI's answer to judge;
          # options are the candidate issues, ``correct`` marks those present.
          "ai_prompt": "...",
          "ai_answer": "...",
      }

  ``true_false`` questions have exactly two options with ids ``"true"`` and
  ``"false"``; ``single`` and ``true_false`` have exactly one correct option;
  ``multiple`` and ``judge_output`` have one or more.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BLOCKER_SLUGS = ("data-readiness", "governance", "skills", "infrastructure")
LEVELS = ("foundation", "practitioner", "advanced")


@dataclass(frozen=True)
class SkillSpec:
    slug: str
    name: str
    category: str
    description: str
    # blocker slug -> weight (0 < weight <= 1)
    blockers: dict[str, float]


@dataclass(frozen=True)
class LessonSpec:
    slug: str
    title: str
    minutes: int
    body: list[tuple[str, object]]
    required: bool = True
    summary: str = ""


@dataclass(frozen=True)
class CourseSpec:
    slug: str
    title: str
    summary: str
    level: str
    # (skill slug, level taught: 1 awareness, 2 working, 3 expert)
    skills: list[tuple[str, int]]
    lessons: list[LessonSpec]
    prerequisites: list[str] = field(default_factory=list)
    pass_mark: int = 70


@dataclass(frozen=True)
class CurriculumCourseSpec:
    course: str
    required: bool = True
    due_in_days: int = 30


@dataclass(frozen=True)
class CurriculumSpec:
    role_slug: str
    slug: str
    title: str
    intro: str
    outcomes: list[str]
    courses: list[CurriculumCourseSpec]
