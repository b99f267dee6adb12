"""Insert and update many rows of one model: COPY on PostgreSQL, the ORM elsewhere.

For 100,000 people the ORM's ``bulk_create``/``bulk_update`` spend most of their time
in Python (a model instance per row, per-value preparation, CASE expressions), so on
PostgreSQL rows are streamed with ``COPY``: inserts straight into the table (ids
reserved from its sequence first, so callers know them and can link rows to each
other in the same pass), updates into a temporary table joined by one ``UPDATE …
FROM``. Foreign keys are ``DEFERRABLE INITIALLY DEFERRED``, so rows may point at rows
later in the same COPY. Other databases (SQLite: the laptop and the test suite) use
the ORM with batches, which is correct everywhere, just slower.

Values are plain Python (str, int, bool, date, aware datetime, None, and dict/list
for JSON fields); fields a record leaves out get the field's default, and
``auto_now``/``auto_now_add`` fields the current time, as ``save()`` would.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

BATCH = 1000
COPY_CHUNK = 5000


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _defaults(model: type[models.Model]) -> dict[str, Any]:
    """Per-batch values for fields a record leaves out."""
    now = timezone.now()
    values = {}
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values[field.attname] = now
        elif field.has_default():
            values[field.attname] = field.get_default()
        else:
            values[field.attname] = None
    return values


def _copy(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    from psycopg.types.json import Jsonb

    quote = connection.ops.quote_name
    statement = (
        f"COPY {quote(table)} ({', '.join(quote(column) for column in columns)}) "
        "FROM STDIN"
    )
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(
                [
                    Jsonb(value) if isinstance(value, dict | list) else value
                    for value in row
                ]
            )


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys from the table's sequence (PostgreSQL only)."""
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
            "FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert(
    model: type[models.Model], records: Sequence[dict[str, Any]], *, ids: bool = True
) -> list[int]:
    """Insert ``records`` (attname -> value); return their new ids in order
    (an empty list when ``ids`` is False)."""
    if not records:
        return []
    if not _is_postgresql():
        objects = [model(**record) for record in records]
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        return [obj.pk for obj in objects] if ids else []

    fields = [
        field for field in model._meta.concrete_fields if ids or not field.primary_key
    ]
    with transaction.atomic():
        return _copy_insert(model, records, fields, ids=ids)


def _copy_insert(model, records, fields, *, ids: bool) -> list[int]:
    names = [field.attname for field in fields]
    columns = [field.column for field in fields]
    pk = model._meta.pk.attname
    new_ids = reserve_ids(model, len(records)) if ids else []
    for start in range(0, len(records), COPY_CHUNK):
        defaults = _defaults(model)
        chunk = records[start : start + COPY_CHUNK]
        if ids:
            chunk = [
                {**record, pk: new_id}
                for record, new_id in zip(
                    chunk, new_ids[start : start + COPY_CHUNK], strict=True
                )
            ]
        _copy(
            model._meta.db_table,
            columns,
            ([record.get(name, defaults[name]) for name in names] for record in chunk),
        )
    return new_ids


def update(
    model: type[models.Model], records: Sequence[dict[str, Any]], fields: Sequence[str]
) -> None:
    """Set ``fields`` (attnames) of existing rows; each record has the pk too."""
    if not records:
        return
    if not _is_postgresql():
        objects = [model(**record) for record in records]
        for batch in _batched(objects, BATCH // 2):
            model._default_manager.bulk_update(batch, list(fields))
        return

    with transaction.atomic():
        _copy_update(model, records, fields)


def _copy_update(model, records, fields) -> None:
    pk = model._meta.pk.attname
    by_name = {field.attname: field for field in model._meta.concrete_fields}
    columns = [by_name[pk].column, *(by_name[name].column for name in fields)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    staging = quote(f"roster_staging_{model._meta.db_table}")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        # Identifiers come from model metadata and are quoted; no user input.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {', '.join(quote(c) for c in columns)} FROM {table} WITH NO DATA"
        )
    names = [pk, *fields]
    _copy(
        f"roster_staging_{model._meta.db_table}",
        columns,
        ([record[name] for name in names] for record in records),
    )
    assignments = ", ".join(
        f"{quote(column)} = s.{quote(column)}" for column in columns[1:]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS t SET {assignments} FROM {staging} AS s "  # noqa: S608
            f"WHERE t.{quote(columns[0])} = s.{quote(columns[0])}"
        )
        cursor.execute(f"DROP TABLE {staging}")


__all__ = ["insert", "reserve_ids", "update"]
