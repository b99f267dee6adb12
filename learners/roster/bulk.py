"""Insert and update many rows of one model: COPY on PostgreSQL, the ORM elsewhere.

For 100,000 people the ORM's ``bulk_create``/``bulk_update`` spend most of their time
in Python (a model instance per row, per-value preparation, CASE expressions), so on
PostgreSQL rows are streamed with ``COPY``: inserts straight into the table (ids
reserved from its sequence first, so callers know them and can link rows to each
other in the same pass), updates into a temporary table joined by one ``UPDATE …
FROM``. Foreign keys are ``DEFERRABLE INITIALLY DEFERRED``, so rows may point at rows
later in the same COPY. Other databases (SQLite: the laptop and the test suite) use
the ORM with batches, which is correct everywhere, just slower.

Inserts take values column by column (no dict per row: at 100,000 rows the
Python work per row is what counts). Values are plain Python (str, int, bool, date,
aware datetime, None, and dict/list for JSON fields); fields left out get the
field's default, and ``auto_now``/``auto_now_add`` fields the current time, as
``save()`` would.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice, repeat
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
        else:
            # The field's default, or "" for a text field that is not nullable
            # (as the ORM would write), else None.
            values[field.attname] = field.get_default()
    return values


def _copy(
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    json_positions: Sequence[int] = (),
) -> None:
    from psycopg.types.json import Jsonb

    quote = connection.ops.quote_name
    statement = (
        f"COPY {quote(table)} ({', '.join(quote(column) for column in columns)}) "
        "FROM STDIN"
    )
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        write = copy.write_row
        for row in rows:
            for position in json_positions:
                row[position] = Jsonb(row[position])
            write(row)


def _json_positions(fields: Sequence[models.Field]) -> list[int]:
    return [
        position
        for position, field in enumerate(fields)
        if isinstance(field, models.JSONField)
    ]


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
    model: type[models.Model],
    columns: Mapping[str, Sequence[Any]],
    *,
    ids: bool = True,
) -> list[int]:
    """Insert rows given column-wise (attname -> values, all the same length);
    return their new ids in order (an empty list when ``ids`` is False)."""
    count = len(next(iter(columns.values()), ()))
    if not count:
        return []
    if not _is_postgresql():
        names = list(columns)
        objects = [
            model(**dict(zip(names, values, strict=True)))
            for values in zip(*columns.values(), strict=True)
        ]
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        return [obj.pk for obj in objects] if ids else []

    fields = [
        field for field in model._meta.concrete_fields if ids or not field.primary_key
    ]
    with transaction.atomic():
        return _copy_insert(model, columns, count, fields, ids=ids)


def _copy_insert(model, columns, count: int, fields, *, ids: bool) -> list[int]:
    pk = model._meta.pk.attname
    new_ids = reserve_ids(model, count) if ids else []
    json_positions = _json_positions(fields)
    for start in range(0, count, COPY_CHUNK):
        stop = min(start + COPY_CHUNK, count)
        defaults = _defaults(model)
        values = []
        for field in fields:
            if ids and field.attname == pk:
                values.append(new_ids[start:stop])
            elif field.attname in columns:
                values.append(columns[field.attname][start:stop])
            else:
                values.append(repeat(defaults[field.attname], stop - start))
        rows = zip(*values, strict=True)
        if json_positions:
            rows = (list(row) for row in rows)
        _copy(
            model._meta.db_table,
            [field.column for field in fields],
            rows,
            json_positions,
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
        _json_positions([by_name[name] for name in names]),
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


# --- Single writes in few round trips ----------------------------------------------
#
# A SCIM push creates people one request at a time, thousands in a row: there the
# cost is the round trips to the database and the ORM building each statement, not
# the rows. These run a request's look-ups together and write a person's linked rows
# in one statement.


def _batches_statements() -> bool:
    """Whether one ``execute`` may carry several statements: psycopg's client-side
    binding (Django's default on PostgreSQL) sends them as one simple query."""
    if not _is_postgresql():
        return False
    import psycopg

    connection.ensure_connection()
    return issubclass(connection.connection.cursor_factory, psycopg.ClientCursor)


def together(statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[tuple]]:
    """Run ``statements`` (SQL with ``%s`` parameters) in order and return each
    one's rows (an empty list for a statement that returns none): in one round trip
    on PostgreSQL, one at a time elsewhere."""
    results: list[list[tuple]] = []
    with connection.cursor() as cursor:
        if len(statements) > 1 and _batches_statements():
            from psycopg import pq

            cursor.execute(
                ";\n".join(sql for sql, _ in statements),
                [param for _, params in statements for param in params],
            )
            raw = cursor.cursor
            while True:
                # The result's status, not ``description``: that builds a
                # column description per call, which costs more than the rows.
                returns_rows = raw.pgresult.status == pq.ExecStatus.TUPLES_OK
                results.append(cursor.fetchall() if returns_rows else [])
                if not cursor.nextset():
                    break
            return results
        for sql, params in statements:
            cursor.execute(sql, params)
            results.append(cursor.fetchall() if cursor.description else [])
    return results


class Sql(str):
    """A value written into a statement as SQL, not as a parameter: a sub-query on
    the rows an earlier part of the same statement inserted."""


def row_insert(
    model: type[models.Model],
    values: Mapping[str, Any] | Sequence[Mapping[str, Any]],
    *,
    returning: Sequence[str] = (),
) -> tuple[str, list[Any]]:
    """The ``INSERT`` of one row (or several, with the same fields) of ``model``,
    as ``save()`` would write it: fields left out get their default, and
    ``auto_now``/``auto_now_add`` fields the current time; values are prepared by
    their fields. Returns (SQL, parameters), for ``together`` or a ``WITH``."""
    rows = [values] if isinstance(values, Mapping) else list(values)
    defaults = _defaults(model)
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and field.attname not in rows[0])
    ]
    quote = connection.ops.quote_name
    params: list[Any] = []
    tuples = []
    for row in rows:
        slots = []
        for field in fields:
            value = row.get(field.attname, defaults[field.attname])
            if isinstance(value, Sql):
                slots.append(value)
            else:
                slots.append("%s")
                params.append(field.get_db_prep_save(value, connection))
        tuples.append(f"({', '.join(slots)})")
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608 - names from models
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES {', '.join(tuples)}"
    )
    if returning:
        columns = [model._meta.get_field(name).column for name in returning]
        sql += f" RETURNING {', '.join(quote(column) for column in columns)}"
    return sql, params
