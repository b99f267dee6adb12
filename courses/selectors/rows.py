"""Bulk rows for analytics: one query each; keys follow analytics' column names."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from ..models import (
    CoursePage,
    CourseSkill,
    CurriculumCourse,
    CurriculumPage,
    Role,
    RolloutBlocker,
    Skill,
    SkillBlocker,
)
from ..models.taxonomy import benchmark_citation


def course_rows() -> list[dict]:
    return [
        {"course_id": pk, "title": title, "slug": slug, "level": level}
        for pk, title, slug, level in CoursePage.objects.live()
        .order_by("title")
        .values_list("pk", "title", "slug", "level")
    ]


def skill_rows() -> list[dict]:
    return [
        {"skill_id": pk, "slug": slug, "name": name, "category": category}
        for pk, slug, name, category in Skill.objects.order_by(
            "category", "name"
        ).values_list("pk", "slug", "name", "category")
    ]


def course_skill_rows() -> list[dict]:
    return [
        {"course_id": course_id, "skill_id": skill_id, "level": level}
        for course_id, skill_id, level in CourseSkill.objects.filter(page__live=True)
        .order_by("page_id", "sort_order")
        .values_list("page_id", "skill_id", "level")
    ]


def skill_blocker_rows() -> list[dict]:
    return [
        {"skill_id": skill_id, "blocker_id": blocker_id, "weight": float(weight)}
        for skill_id, blocker_id, weight in SkillBlocker.objects.order_by(
            "skill_id", "sort_order"
        ).values_list("skill_id", "blocker_id", "weight")
    ]


def blocker_rows() -> list[dict]:
    return [
        {
            "blocker_id": pk,
            "slug": slug,
            "name": name,
            "benchmark_percent": percent,
            # Analytics works in shares (0..1); None when L&D has no benchmark.
            "benchmark": None if percent is None else percent / 100,
            # "Title. Publisher, 2025." ("" when no source is recorded).
            "benchmark_citation": benchmark_citation(title, publisher, year),
            "benchmark_source_url": url,
        }
        for pk, slug, name, percent, title, publisher, year, url in (
            RolloutBlocker.objects.order_by("name").values_list(
                "pk",
                "slug",
                "name",
                "benchmark_percent",
                "benchmark_source_title",
                "benchmark_source_publisher",
                "benchmark_source_year",
                "benchmark_source_url",
            )
        )
    ]


def curriculum_course_rows() -> list[dict]:
    return [
        {
            "role_id": role_id,
            "curriculum_id": curriculum_id,
            "course_id": course_id,
            "required": required,
            "due_in_days": due_in_days,
            "sort_order": sort_order,
        }
        for role_id, curriculum_id, course_id, required, due_in_days, sort_order in (
            CurriculumCourse.objects.filter(page__live=True, course__live=True)
            .order_by("page_id", "sort_order", "pk")
            .values_list(
                "page__role_id",
                "page_id",
                "course_id",
                "required",
                "due_in_days",
                "sort_order",
            )
        )
    ]


def figures_content_changed_since(*, when) -> bool:
    """Whether the content analytics' figures rest on changed after ``when``: a
    curriculum or course page published, unpublished, moved or deleted (its log
    entry, or a publication without one), or a role, skill or rollout blocker
    edited in the admin (Wagtail logs snippet edits). Three ``EXISTS`` queries."""
    pages = list(
        ContentType.objects.get_for_models(
            CurriculumPage, CoursePage, for_concrete_models=False
        ).values()
    )
    taxonomy = list(
        ContentType.objects.get_for_models(Role, Skill, RolloutBlocker).values()
    )
    return (
        PageLogEntry.objects.filter(timestamp__gt=when, content_type__in=pages).exists()
        or Page.objects.filter(
            content_type__in=pages, last_published_at__gt=when
        ).exists()
        or ModelLogEntry.objects.filter(
            timestamp__gt=when, content_type__in=taxonomy
        ).exists()
    )
