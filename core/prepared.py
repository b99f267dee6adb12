"""QuerySets of a fixed shape, compiled to SQL once and run with new values.

The ORM compiles a QuerySet to SQL on every evaluation. For a query that every
page runs (the signed-in person's profile, their progress in a course) with
several joins and sub-queries, that compiling costs more than PostgreSQL spends
answering. ``PreparedQuery`` builds the QuerySet once per thread and database
with a marker for each value, keeps its SQL, and on each call swaps the values
in and turns the rows into model instances the way the ORM does (field
converters, ``select_related`` objects, annotations). The answer is the ORM's
own: only the compiling is skipped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators

# Values no real id reaches, one per parameter: how the compiled parameters
# tell where each value goes.
_MARKER_BASE = 7_270_000_000_000_000_000


class PreparedQuery:
    """``build(**values)`` must return a QuerySet of model instances whose SQL
    differs only by ``values`` (integers: ids). Call with the real values::

        PROFILE = PreparedQuery(lambda user_id: Learner.objects.filter(user_id=user_id))
        rows = PROFILE(user_id=request.user.pk)
    """

    def __init__(self, build: Callable[..., QuerySet]):
        self._build = build
        self._local = threading.local()

    def __call__(self, *, using: str = "default", **values: int) -> list[Any]:
        state = self._compiled(using, tuple(sorted(values)))
        compiler, sql, params, slots = state
        params = list(params)
        for position, name in slots:
            params[position] = int(values[name])
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return list(_instances(compiler, rows, using))

    def _compiled(self, using: str, names: tuple[str, ...]):
        cache = self._local.__dict__.setdefault("compiled", {})
        key = (using, names)
        if key not in cache:
            markers = {name: _MARKER_BASE + i for i, name in enumerate(names)}
            queryset = self._build(**markers).using(using)
            compiler = queryset.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            by_value = {value: name for name, value in markers.items()}
            slots = [
                (position, by_value[param])
                for position, param in enumerate(params)
                if isinstance(param, int) and param in by_value
            ]
            missing = set(names) - {name for _, name in slots}
            if missing:
                raise ValueError(
                    f"PreparedQuery: {sorted(missing)} did not reach the SQL as a "
                    "parameter; only plain integer values can be prepared."
                )
            cache[key] = (compiler, sql, tuple(params), slots)
        return cache[key]


def _instances(compiler, rows, using: str):
    """Model instances from ``rows`` as ``ModelIterable`` makes them."""
    select, klass_info = compiler.select, compiler.klass_info
    annotation_col_map = compiler.annotation_col_map
    model_cls = klass_info["model"]
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    init_list = [f[0].target.attname for f in select[start:end]]
    related_populators = get_related_populators(klass_info, select, using)
    for row in compiler.results_iter(results=[rows]):
        obj = model_cls.from_db(using, init_list, row[start:end])
        for populator in related_populators:
            populator.populate(row, obj)
        for attr_name, position in (annotation_col_map or {}).items():
            setattr(obj, attr_name, row[position])
        yield obj
