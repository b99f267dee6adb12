"""Factories for the taxonomy and the curriculum, course and lesson pages.

The curricula and course index pages exist in every database (they are created
after migrate), so page factories put new pages under them by default.
"""

import uuid
from decimal import Decimal

import factory
import wagtail_factories
from django.utils.text import slugify

from courses.models import (
    CourseIndexPage,
    CourseLevel,
    CoursePage,
    CourseSkill,
    CurriculumCourse,
    CurriculumIndexPage,
    CurriculumPage,
    LessonPage,
    Role,
    RolloutBlocker,
    Skill,
    SkillBlocker,
)
from courses.services import BankQuestionSpec, bank_questions_upsert, stream_value


def single_question(qid="q1", correct="a", **extra) -> dict:
    return {
        "id": qid,
        "kind": "single",
        "prompt": f"Which of these should be agreed before deployment? ({qid})",
        "options": [
            {"id": "a", "text": "A baseline for each KPI", "correct": correct == "a"},
            {"id": "b", "text": "The launch party venue", "correct": correct == "b"},
            {"id": "c", "text": "A new logo", "correct": correct == "c"},
        ],
        "explanation": "Without a baseline there is nothing to compare results to.",
        "ai_prompt": "",
        "ai_answer": "",
        **extra,
    }


def multiple_question(qid="q2") -> dict:
    return {
        "id": qid,
        "kind": "multiple",
        "prompt": "Which are signs of data drift? Select all that apply.",
        "options": [
            {"id": "a", "text": "Input distributions shift", "correct": True},
            {"id": "b", "text": "A new feature appears upstream", "correct": True},
            {"id": "c", "text": "The office moves building", "correct": False},
        ],
        "explanation": "Drift is about the data the model sees, not the office.",
        "ai_prompt": "",
        "ai_answer": "",
    }


def true_false_question(qid="q3", answer=False) -> dict:
    return {
        "id": qid,
        "kind": "true_false",
        "prompt": "A confident answer from an AI assistant is more likely to be right.",
        "options": [
            {"id": "true", "text": "True", "correct": answer},
            {"id": "false", "text": "False", "correct": not answer},
        ],
        "explanation": "Models are fluent whether right or wrong.",
        "ai_prompt": "",
        "ai_answer": "",
    }


def judge_question(qid="q4") -> dict:
    return {
        "id": qid,
        "kind": "judge_output",
        "prompt": "Which problems are present in the AI's answer?",
        "options": [
            {"id": "a", "text": "It invents a regulation.", "correct": True},
            {"id": "b", "text": "It leaks a customer's address.", "correct": True},
            {"id": "c", "text": "It gets the delivery date wrong.", "correct": False},
        ],
        "explanation": "There is no such regulation, and the address is personal data.",
        "ai_prompt": "Draft a reply to Mrs Alder about her late delivery.",
        "ai_answer": "Under the Deliveries Act 2021 you are owed 20%. Mr Brook at "
        "14 Elm Road had the same problem.",
    }


def bank_questions(*questions: dict, skills=(), status="live") -> list[int]:
    """Put question dicts (shapes above) into the bank; their ids, in order."""
    prefix = f"test/{uuid.uuid4().hex[:12]}/"
    done = bank_questions_upsert(
        [
            BankQuestionSpec(
                key=prefix + q["id"],
                kind=q["kind"],
                prompt=q["prompt"],
                explanation=q["explanation"],
                options=tuple(q["options"]),
                ai_prompt=q.get("ai_prompt", ""),
                ai_answer=q.get("ai_answer", ""),
                skill_ids=tuple(skill.pk for skill in skills),
                status=status,
            )
            for q in questions
        ]
    )
    return [done[prefix + q["id"]][0] for q in questions]


def knowledge_check(
    *questions: dict,
    title="Check your understanding",
    mode="practice",
    max_attempts=3,
    cooldown_minutes=0,
    draw=None,
    pools=None,
) -> tuple:
    """A check block drawing ``questions`` (put into the bank) from one pool."""
    if pools is None:
        if not questions:
            questions = (single_question(), multiple_question(), true_false_question())
        ids = bank_questions(*questions)
        pools = [{"skill": None, "questions": ids, "draw": draw or len(ids)}]
    return (
        "knowledge_check",
        {
            "title": title,
            "mode": mode,
            "pools": pools,
            "max_attempts": max_attempts,
            "cooldown_minutes": cooldown_minutes,
        },
    )


def lesson_body(*blocks: tuple, check: bool = True) -> list[tuple]:
    """A short, realistic lesson body; ``check`` adds a three-question check."""
    items = list(blocks) or [
        ("heading", "Why baselines matter"),
        (
            "rich_text",
            "<p>Record cycle time and error rate for four weeks <em>before</em> "
            "the pilot starts.</p>",
        ),
    ]
    if check:
        items.append(knowledge_check())
    return items


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Data steward {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "Looks after data quality and access for one domain."


class RolloutBlockerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RolloutBlocker
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Change fatigue {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "Teams already absorbing several changes resist another one."
    benchmark_percent = 35
    benchmark_source_title = "Survey of operations leaders"
    benchmark_source_publisher = "Northwind Research"
    benchmark_source_year = 2025


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Prompt evaluation {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    category = "Everyday AI use"
    description = "Judging whether a prompt gives the model what it needs."


class SkillBlockerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillBlocker

    skill = factory.SubFactory(SkillFactory)
    blocker = factory.LazyFunction(lambda: RolloutBlocker.objects.get(slug="skills"))
    weight = Decimal("1.00")


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Measuring AI impact, part {n}")
    summary = "Define KPIs before deployment and report results honestly."
    level = CourseLevel.PRACTITIONER
    pass_mark = 70
    parent = factory.LazyFunction(lambda: CourseIndexPage.objects.get())


class CourseSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseSkill

    page = factory.SubFactory(CoursePageFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 2


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Operational KPIs and baselines {n}")
    summary = "Cycle time, error rate, throughput and adoption, measured first."
    estimated_minutes = 15
    required = True
    parent = factory.SubFactory(CoursePageFactory)
    body = factory.LazyFunction(lambda: stream_value(LessonPage, "body", lesson_body()))

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        blocks = kwargs.pop("blocks", None)
        if blocks is not None:
            kwargs["body"] = stream_value(LessonPage, "body", blocks)
        return kwargs


class CurriculumPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CurriculumPage

    title = factory.Sequence(lambda n: f"Data steward track {n}")
    role = factory.SubFactory(RoleFactory)
    intro = "For the people who keep Northwind's data fit for AI."
    parent = factory.LazyFunction(lambda: CurriculumIndexPage.objects.get())


class CurriculumCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CurriculumCourse

    page = factory.SubFactory(CurriculumPageFactory)
    course = factory.SubFactory(CoursePageFactory)
    required = True
    due_in_days = 30
    sort_order = factory.Sequence(lambda n: n)
