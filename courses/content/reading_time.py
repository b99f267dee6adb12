"""How long a lesson takes, worked out from its files (content/README.md).

``words / 200`` minutes of reading (200 words a minute, code listings included),
plus 2 minutes to study each code listing, plus 2 minutes for each question an
attempt of the knowledge check draws. A lesson's stated ``minutes`` must be within
25% of this; the content tests check every shipped lesson.
"""

from __future__ import annotations

import re

WORDS_PER_MINUTE = 200
MINUTES_PER_LISTING = 2
MINUTES_PER_QUESTION = 2
TOLERANCE = 0.25

_FENCE_OPEN = re.compile(r"^(`{3,}|~{3,})[^`]*$")
_MARKER = re.compile(r"^:{2,3}[A-Za-z][\w-]*.*$|^:::\s*$")


def expected_minutes(body: str, *, questions_drawn: int) -> float:
    """The minutes a lesson body and its check should take."""
    listings = 0
    fence = None
    words = 0
    for line in body.split("\n"):
        if fence is None and (match := _FENCE_OPEN.match(line)):
            fence = match.group(1)
            listings += 1
            continue
        if fence is not None and line.strip() == fence[0] * len(line.strip()) and (
            len(line.strip()) >= len(fence)
        ):
            fence = None
            continue
        if fence is None and _MARKER.match(line):
            continue  # block markers are not read
        words += len(line.split())
    return (
        words / WORDS_PER_MINUTE
        + listings * MINUTES_PER_LISTING
        + questions_drawn * MINUTES_PER_QUESTION
    )


def minutes_problem(stated: int, expected: float) -> str | None:
    low, high = expected * (1 - TOLERANCE), expected * (1 + TOLERANCE)
    if low <= stated <= high:
        return None
    return (
        f"states {stated} minutes, but its words, listings and questions come to "
        f"about {round(expected)} (allowed {max(1, round(low))}-{round(high)})."
    )
