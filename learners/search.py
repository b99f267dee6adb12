"""People search: one lower-case text column on the learner, ``search_text``.

Every write that changes a person's name, email, employee ID or job title sets
the column in the same transaction (the roster's bulk writer, provisioning, the
admin's forms, an account's save), so a person is searchable the moment their
import commits, with no per-row indexing job. On PostgreSQL a GIN trigram index
(``pg_trgm``, migration ``learners 0008``) answers ``LIKE '%word%'``; SQLite reads
the column with a plain ``LIKE`` (the laptop and the test suite).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from django.db.models import Q, QuerySet

#: The longest query searched for; a person's text is far shorter.
MAX_QUERY = 100
#: At most this many words of a query are matched (each must appear).
MAX_WORDS = 8


def search_text(
    first_name: str, last_name: str, email: str, employee_id: str, job_title: str
) -> str:
    """What a person is found by, lower case, words separated by one space."""
    parts = (first_name, last_name, email, employee_id, job_title)
    return " ".join(" ".join(part or "" for part in parts).split()).lower()


def search_text_column(frame: pd.DataFrame) -> pd.Series:
    """``search_text`` for each row of ``frame`` (columns ``first_name``,
    ``last_name``, ``email``, ``employee_id``, ``job_title``), vectorised."""
    joined = frame["first_name"].fillna("").astype(str)
    for column in ("last_name", "email", "employee_id", "job_title"):
        joined = joined + " " + frame[column].fillna("").astype(str)
    return joined.str.split().str.join(" ").str.lower()


def query_words(query: str) -> list[str]:
    return (query or "")[:MAX_QUERY].lower().split()[:MAX_WORDS]


def people_search_q(query: str, *, prefix: str = "") -> Q:
    """Rows whose text contains every word of ``query`` (in any order); ``prefix``
    reaches the learner through a relation (e.g. ``"learner__"``)."""
    condition = Q()
    for word in query_words(query):
        condition &= Q(**{f"{prefix}search_text__contains": word})
    return condition


def people_search(queryset: QuerySet, query: str) -> QuerySet:
    """``queryset`` of learners narrowed to those matching ``query``."""
    if not query_words(query):
        return queryset
    return queryset.filter(people_search_q(query))


def search_text_refresh(*, learner_ids: Iterable[int] = (), user_ids=()) -> int:
    """Recompute the text of these learners (or the learners of these accounts)
    after a write that did not set it (a queryset ``update``, an account renamed).
    Returns how many changed."""
    from .models import Learner
    from .roster import bulk

    learner_ids, user_ids = list(learner_ids), list(user_ids)
    if not learner_ids and not user_ids:
        return 0
    changed = 0
    fields = (
        "pk",
        "search_text",
        "user__first_name",
        "user__last_name",
        "user__email",
        "employee_id",
        "job_title",
    )
    condition = Q(pk__in=learner_ids) | Q(user_id__in=user_ids)
    rows = Learner.objects.filter(condition).values_list(*fields)
    stale = []
    for pk, current, first, last, email, employee_id, job_title in rows.iterator(
        chunk_size=2000
    ):
        text = search_text(first, last, email, employee_id, job_title)
        if text != current:
            stale.append(Learner(pk=pk, search_text=text))
    if stale:
        # COPY into a temporary table and one UPDATE on PostgreSQL.
        bulk.update(
            Learner,
            [{"id": item.pk, "search_text": item.search_text} for item in stale],
            ["search_text"],
        )
        changed = len(stale)
    return changed
