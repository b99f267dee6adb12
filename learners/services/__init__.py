"""Writes about people and their learning. Keyword-only, typed, safe to call twice."""

from .org import (
    PersonSpec,
    UpsertCounts,
    department_ensure,
    department_ensure_path,
    learner_deactivate,
    people_upsert,
)

__all__ = [
    "PersonSpec",
    "UpsertCounts",
    "department_ensure",
    "department_ensure_path",
    "learner_deactivate",
    "people_upsert",
]
