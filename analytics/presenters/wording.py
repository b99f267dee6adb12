"""Figures in plain words: dates, percentages and paces as people say them."""

from __future__ import annotations

import math
from datetime import date
from typing import Any


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def weeks_words(n: int) -> str:
    return f"{n} week{'' if n == 1 else 's'}"


def percent_words(value: Any) -> str:
    return f"{float(value):g}%"


def per_week(value: Any, *, up: bool = False) -> str:
    """Completions a week, as people count them: whole numbers from ten, one
    decimal below. ``up`` rounds up (a need is never understated), otherwise to
    the nearest."""
    number = float(value)
    if number >= 10:
        whole = math.ceil(number - 1e-9) if up else math.floor(number + 0.5)
        return f"{whole:,}"
    tenths = math.ceil(number * 10 - 1e-9) if up else math.floor(number * 10 + 0.5)
    return f"{tenths / 10:g}"


def _completions(text: str) -> str:
    return f"{text} completion{'' if text == '1' else 's'} a week"


def pace_words(pace: Any) -> str:
    """'5.5 completions a week'; a pace is shown to the nearest tenth."""
    return _completions(per_week(pace))


def need_words(needed: Any) -> str:
    """'About 9.3 completions a week are needed', rounded up."""
    if float(needed) < 1:
        return "Fewer than one completion a week is needed"
    text = per_week(needed, up=True)
    verb = "is" if text == "1" else "are"
    return f"About {_completions(text)} {verb} needed"
