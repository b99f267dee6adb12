"""CSV lines built by the database, for downloads of many rows.

``core.exports`` turns a pandas frame into a CSV file: every cell passes through
Python, which for 20,000 people and a dozen columns is most of the download's
time. Here each row's line is an SQL expression instead, so the database writes
the lines and Python only joins them (``core.exports.csv_lines_response``).

The bytes are those of ``core.exports.write_csv`` for the same text: a value is
neutralised as ``core.exports.neutralise`` does (a leading =, +, -, @, tab or
carriage return gets an apostrophe) and quoted as Python's csv module quotes
(``QUOTE_MINIMAL``: a value holding a quote, a comma or a line break is put in
quotes, its quotes doubled); NULL is an empty field; lines end in CRLF. The
expressions are Django's own functions, so they run on PostgreSQL and SQLite
alike; ``tests/core/test_sql_csv.py`` checks them against the Python writer on
whichever database the tests use.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Func, Q, TextField, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Coalesce, Left, Replace, StrIndex
from django.db.models.lookups import GreaterThan, In

from .exports import FORMULA_TRIGGERS

__all__ = ["Plain", "csv_field", "csv_line"]

#: Characters that make Python's csv module quote a value (QUOTE_MINIMAL).
_QUOTED_WHEN_HOLDING = ('"', ",", "\r", "\n")


def _literal(text: str) -> Value:
    """A text constant, typed as text for PostgreSQL."""
    return Value(text, output_field=TextField())


def _text(value: Combinable) -> Combinable:
    return Coalesce(Cast(value, TextField()), _literal(""), output_field=TextField())


class _Joined(Func):
    """Text parts joined in one flat expression. Django's ``Concat`` nests a
    pair in a pair, which for a line of a dozen fields is deeper than SQLite's
    parser goes; the parts here are never NULL."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CONCAT(%(expressions)s)",
            arg_joiner=", ",
            **extra_context,
        )


def csv_field(value: Combinable) -> Case:
    """``value`` (any expression; cast to text, NULL as empty) as one CSV field:
    neutralised, then quoted where it needs to be. A number becomes text first,
    so a negative one would be prefixed as ``write_csv`` prefixes "-5" the text,
    not -5 the number: give it counts and text.

    The value is named as few times as the rules allow (the database works it
    out again for each): the apostrophe adds no character that needs quotes, so
    whether to quote is asked of the value itself."""
    text = _text(value)
    prefix = Case(
        When(In(Left(text, 1), list(FORMULA_TRIGGERS)), then=_literal("'")),
        default=_literal(""),
        output_field=TextField(),
    )
    holds_special = Q()
    for character in _QUOTED_WHEN_HOLDING:
        holds_special |= Q(GreaterThan(StrIndex(text, _literal(character)), 0))
    return Case(
        When(
            holds_special,
            then=_Joined(
                _literal('"'),
                prefix,
                Replace(text, _literal('"'), _literal('""')),
                _literal('"'),
            ),
        ),
        default=_Joined(prefix, text),
        output_field=TextField(),
    )


@dataclass(frozen=True)
class Plain:
    """A value that is CSV-safe as it is: it can never start with a formula
    trigger or hold a quote, comma or line break (counts, dates, fixed words).
    ``csv_line`` writes it as text without the tests ``csv_field`` makes, which
    name the value several times: the database would work out a costly value
    (a subquery) once for each."""

    expression: Combinable


def csv_line(*values: Combinable | Plain) -> Func:
    """One CSV line (CRLF-terminated) of ``values``, each as ``csv_field``, a
    ``Plain`` one as its text."""
    parts: list[Combinable] = []
    for value in values:
        if parts:
            parts.append(_literal(","))
        if isinstance(value, Plain):
            parts.append(_text(value.expression))
        else:
            parts.append(csv_field(value))
    parts.append(_literal("\r\n"))
    return _Joined(*parts)
