"""The SCORM run-time data model, checked on the server: what a SCO may store.

A commit carries the data model flattened (``{"cmi.core.lesson_status":
"passed", ...}``), as scorm-again renders it. The browser-side library already
checks values, but the browser is not trusted: every value a SCO may write is
checked here against its type, length and vocabulary from the standard (SCORM 1.2
RTE 3.4; SCORM 2004 4th Edition RTE 4.2), and a commit with one bad value is
refused whole with the standard's error code. Read-only elements the library echoes
back (the learner's id, ``entry``, ``total_time``…) are not stored from the
browser: the server sets them. Plain Python: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation

SCORM_12 = "1.2"
SCORM_2004 = "2004"

#: How many entries of a collection (interactions, objectives, comments) a SCO
#: may write; the standards' smallest permitted maxima are 100 (1.2) and 250 (2004).
MAX_COLLECTION = 250
#: A commit is a data model, not a data store: bounded in keys and in bytes.
MAX_KEYS = 5000
MAX_BODY_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class CmiError(Exception):
    """A commit refused: the SCORM error code and what was wrong."""

    code: int
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


# --- Value checks -----------------------------------------------------------------

Check = Callable[[str], bool]


def _string(limit: int) -> Check:
    return lambda value: len(value) <= limit


def _vocab(*words: str) -> Check:
    allowed = frozenset(words)
    return lambda value: value in allowed


def _decimal(low: float | None = None, high: float | None = None, *, blank=True):
    def check(value: str) -> bool:
        if value == "":
            return blank
        if not re.fullmatch(r"-?\d{1,10}(\.\d{1,18})?", value):
            return False
        number = Decimal(value)
        return (low is None or number >= Decimal(str(low))) and (
            high is None or number <= Decimal(str(high))
        )

    return check


def _integer(low: int, high: int) -> Check:
    def check(value: str) -> bool:
        return bool(re.fullmatch(r"-?\d{1,4}", value)) and low <= int(value) <= high

    return check


_TIMESPAN_12 = re.compile(r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?")
_TIME_12 = re.compile(r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?")
_IDENTIFIER_12 = re.compile(r"[^\s]{1,255}")
_DURATION = re.compile(
    r"P(?:(?P<y>\d+)Y)?(?:(?P<mo>\d+)M)?(?:(?P<d>\d+)D)?"
    r"(?:T(?:(?P<h>\d+)H)?(?:(?P<mi>\d+)M)?(?:(?P<s>\d+(?:\.\d{1,2})?)S)?)?"
)
_TIMESTAMP = re.compile(
    r"\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,2})?)?)?"
    r"(Z|[+-]\d{2}(:\d{2})?)?)?)?)?"
)
_LONG_IDENTIFIER = re.compile(r"\S{1,4000}")
_LANGUAGE = re.compile(r"(|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)")


def _timespan_12(value: str) -> bool:
    return bool(_TIMESPAN_12.fullmatch(value))


def _duration_2004(value: str) -> bool:
    match = _DURATION.fullmatch(value)
    if not match or value in ("P", "PT") or value.endswith("T"):
        return False
    return any(match.groupdict().values())


def _pattern(regex: re.Pattern[str]) -> Check:
    return lambda value: bool(regex.fullmatch(value))


_STATUS_12 = (
    "passed",
    "completed",
    "failed",
    "incomplete",
    "browsed",
    "not attempted",
)
_INTERACTION_TYPES = (
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
)
_N = r"(?P<n>\d+)"
_M = r"(?P<m>\d+)"

#: (element pattern, check) of every element a SCORM 1.2 SCO may write.
WRITABLE_12: list[tuple[str, Check]] = [
    (r"cmi\.core\.lesson_location", _string(255)),
    (r"cmi\.core\.lesson_status", _vocab(*_STATUS_12)),
    (r"cmi\.core\.score\.(raw|min|max)", _decimal(0, 100)),
    (r"cmi\.core\.exit", _vocab("", "time-out", "suspend", "logout")),
    (r"cmi\.core\.session_time", _timespan_12),
    (r"cmi\.suspend_data", _string(4096)),
    (r"cmi\.comments", _string(4096)),
    (r"cmi\.student_preference\.audio", lambda v: v == "" or _integer(-1, 100)(v)),
    (r"cmi\.student_preference\.language", _string(255)),
    (r"cmi\.student_preference\.speed", lambda v: v == "" or _integer(-100, 100)(v)),
    (r"cmi\.student_preference\.text", lambda v: v == "" or _integer(-1, 1)(v)),
    (rf"cmi\.objectives\.{_N}\.id", lambda v: v == "" or _pattern(_IDENTIFIER_12)(v)),
    (rf"cmi\.objectives\.{_N}\.score\.(raw|min|max)", _decimal(0, 100)),
    (
        rf"cmi\.objectives\.{_N}\.status",
        lambda v: v == "" or _vocab(*_STATUS_12)(v),
    ),
    (
        rf"cmi\.interactions\.{_N}\.id",
        lambda v: v == "" or _pattern(_IDENTIFIER_12)(v),
    ),
    (
        rf"cmi\.interactions\.{_N}\.objectives\.{_M}\.id",
        lambda v: v == "" or _pattern(_IDENTIFIER_12)(v),
    ),
    (rf"cmi\.interactions\.{_N}\.time", lambda v: v == "" or _pattern(_TIME_12)(v)),
    (
        rf"cmi\.interactions\.{_N}\.type",
        lambda v: (
            v == "" or _vocab(*_INTERACTION_TYPES[:3], *_INTERACTION_TYPES[4:9])(v)
        ),
    ),
    (rf"cmi\.interactions\.{_N}\.correct_responses\.{_M}\.pattern", _string(255)),
    (rf"cmi\.interactions\.{_N}\.weighting", _decimal()),
    (rf"cmi\.interactions\.{_N}\.student_response", _string(255)),
    (
        rf"cmi\.interactions\.{_N}\.result",
        lambda v: (
            v == ""
            or v in ("correct", "wrong", "unanticipated", "neutral")
            or _decimal(blank=False)(v)
        ),
    ),
    (rf"cmi\.interactions\.{_N}\.latency", lambda v: v == "" or _timespan_12(v)),
]
#: Elements the LMS sets; a commit may echo them, they are never stored from it.
READ_ONLY_12 = [
    r"cmi\.core\.(student_id|student_name|credit|entry|total_time|lesson_mode)",
    r"cmi\.(launch_data|comments_from_lms)",
    r"cmi\.student_data\.(mastery_score|max_time_allowed|time_limit_action)",
]

_SCALED = _decimal(-1, 1)
_REAL = _decimal()
_COMPLETION = ("completed", "incomplete", "not attempted", "unknown")
_SUCCESS = ("passed", "failed", "unknown")
_NAV_REQUEST = re.compile(
    r"continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|_none_"
    r"|\{target=[^\s{}]{1,4000}\}(choice|jump)"
)

#: (element pattern, check) of every element a SCORM 2004 SCO may write.
WRITABLE_2004: list[tuple[str, Check]] = [
    (r"cmi\.location", _string(1000)),
    (r"cmi\.suspend_data", _string(64000)),
    (r"cmi\.completion_status", _vocab(*_COMPLETION)),
    (r"cmi\.success_status", _vocab(*_SUCCESS)),
    (r"cmi\.exit", _vocab("", "time-out", "suspend", "logout", "normal")),
    (r"cmi\.score\.scaled", _SCALED),
    (r"cmi\.score\.(raw|min|max)", _REAL),
    (r"cmi\.session_time", lambda v: v == "" or _duration_2004(v)),
    (r"cmi\.progress_measure", _decimal(0, 1)),
    (r"cmi\.learner_preference\.audio_level", _decimal(0)),
    (r"cmi\.learner_preference\.language", _pattern(_LANGUAGE)),
    (r"cmi\.learner_preference\.delivery_speed", _decimal(0)),
    (r"cmi\.learner_preference\.audio_captioning", _vocab("", "-1", "0", "1")),
    (rf"cmi\.comments_from_learner\.{_N}\.comment", _string(4000)),
    (rf"cmi\.comments_from_learner\.{_N}\.location", _string(250)),
    (
        rf"cmi\.comments_from_learner\.{_N}\.timestamp",
        lambda v: v == "" or _pattern(_TIMESTAMP)(v),
    ),
    (
        rf"cmi\.interactions\.{_N}\.id",
        lambda v: v == "" or _pattern(_LONG_IDENTIFIER)(v),
    ),
    (
        rf"cmi\.interactions\.{_N}\.type",
        lambda v: v == "" or _vocab(*_INTERACTION_TYPES)(v),
    ),
    (
        rf"cmi\.interactions\.{_N}\.objectives\.{_M}\.id",
        lambda v: v == "" or _pattern(_LONG_IDENTIFIER)(v),
    ),
    (
        rf"cmi\.interactions\.{_N}\.timestamp",
        lambda v: v == "" or _pattern(_TIMESTAMP)(v),
    ),
    (rf"cmi\.interactions\.{_N}\.correct_responses\.{_M}\.pattern", _string(8000)),
    (rf"cmi\.interactions\.{_N}\.weighting", _REAL),
    (rf"cmi\.interactions\.{_N}\.learner_response", _string(8000)),
    (
        rf"cmi\.interactions\.{_N}\.result",
        lambda v: (
            v == ""
            or v in ("correct", "incorrect", "unanticipated", "neutral")
            or _decimal(blank=False)(v)
        ),
    ),
    (rf"cmi\.interactions\.{_N}\.latency", lambda v: v == "" or _duration_2004(v)),
    (rf"cmi\.interactions\.{_N}\.description", _string(250)),
    (
        rf"cmi\.objectives\.{_N}\.id",
        lambda v: v == "" or _pattern(_LONG_IDENTIFIER)(v),
    ),
    (rf"cmi\.objectives\.{_N}\.score\.scaled", _SCALED),
    (rf"cmi\.objectives\.{_N}\.score\.(raw|min|max)", _REAL),
    (rf"cmi\.objectives\.{_N}\.success_status", _vocab(*_SUCCESS)),
    (rf"cmi\.objectives\.{_N}\.completion_status", _vocab(*_COMPLETION)),
    (rf"cmi\.objectives\.{_N}\.progress_measure", _decimal(0, 1)),
    (rf"cmi\.objectives\.{_N}\.description", _string(250)),
    (r"adl\.nav\.request", lambda v: v == "" or _pattern(_NAV_REQUEST)(v)),
]
READ_ONLY_2004 = [
    r"cmi\.(_version|learner_id|learner_name|credit|entry|mode|launch_data)",
    r"cmi\.(total_time|completion_threshold|scaled_passing_score)",
    r"cmi\.(max_time_allowed|time_limit_action)",
    rf"cmi\.comments_from_lms\.{_N}\.(comment|location|timestamp)",
    r"adl\.nav\.request_valid\..+",
]

# SCORM error codes used here.
ERRORS = {
    SCORM_12: {"general": 101, "undefined": 401, "type": 405, "terminated": 101},
    SCORM_2004: {
        "general": 391,
        "undefined": 401,
        "type": 406,
        "range": 407,
        "terminated": 143,
    },
}


def _compile(rows):
    return [(re.compile(pattern), check) for pattern, check in rows]


_WRITABLE = {SCORM_12: _compile(WRITABLE_12), SCORM_2004: _compile(WRITABLE_2004)}
_READ_ONLY = {
    SCORM_12: [re.compile(p) for p in READ_ONLY_12],
    SCORM_2004: [re.compile(p) for p in READ_ONLY_2004],
}
_KEYWORD = re.compile(r".*\._(children|count)")


def family(schema_version: str) -> str:
    """ "1.2" for SCORM 1.2, "2004" for any 2004 edition."""
    return SCORM_12 if schema_version == SCORM_12 else SCORM_2004


def clean_commit(  # noqa: C901 - one check per rule of the standard, in order
    schema_version: str, values: object
) -> dict[str, str]:
    """The writable values of a commit, every one checked; ``CmiError`` otherwise.

    Read-only elements and ``_children``/``_count`` keywords are dropped (the
    server owns them); an element the standard does not define is refused.
    """
    kind = family(schema_version)
    codes = ERRORS[kind]
    if not isinstance(values, Mapping):
        raise CmiError(codes["general"], "The data model must be an object.")
    if len(values) > MAX_KEYS:
        raise CmiError(codes["general"], "Too many data model elements.")
    cleaned: dict[str, str] = {}
    for element, raw in values.items():
        if not isinstance(element, str) or _KEYWORD.fullmatch(element):
            continue
        if any(p.fullmatch(element) for p in _READ_ONLY[kind]):
            continue
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            if raw is None or raw == [] or raw == {}:
                continue  # an empty collection, flattened as itself
            raise CmiError(codes["type"], f"{element}: not a plain value.")
        value = raw if isinstance(raw, str) else _number_text(raw)
        for pattern, check in _WRITABLE[kind]:
            match = pattern.fullmatch(element)
            if match is None:
                continue
            indices = [int(i) for i in match.groupdict().values() if i is not None]
            if any(i >= MAX_COLLECTION for i in indices):
                raise CmiError(codes["general"], f"{element}: too many entries.")
            if not check(value):
                code = codes["type"]
                if kind == SCORM_2004 and _numeric_out_of_range(value):
                    code = codes["range"]
                raise CmiError(code, f"{element}: {value[:40]!r} is not allowed.")
            cleaned[element] = value
            break
        else:
            raise CmiError(codes["undefined"], f"{element} is not in the data model.")
    return cleaned


def _number_text(value: int | float) -> str:
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def _numeric_out_of_range(value: str) -> bool:
    try:
        Decimal(value)
    except InvalidOperation:
        return False
    return bool(re.fullmatch(r"-?\d+(\.\d+)?", value))


# --- Times --------------------------------------------------------------------


def parse_session_time(kind: str, value: str) -> timedelta:
    """``cmi.core.session_time`` (HHHH:MM:SS.SS) or ``cmi.session_time`` (ISO
    8601 duration) as a timedelta; zero when absent."""
    if not value:
        return timedelta()
    if kind == SCORM_12:
        hours, minutes, seconds = value.split(":")
        return timedelta(hours=int(hours), minutes=int(minutes), seconds=float(seconds))
    match = _DURATION.fullmatch(value)
    if match is None:
        return timedelta()
    parts = {k: float(v) if v else 0.0 for k, v in match.groupdict().items()}
    return timedelta(
        days=parts["y"] * 365 + parts["mo"] * 30 + parts["d"],
        hours=parts["h"],
        minutes=parts["mi"],
        seconds=parts["s"],
    )


def format_total_time(kind: str, total: timedelta) -> str:
    seconds = total.total_seconds()
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if kind == SCORM_12:
        return f"{int(min(hours, 9999)):04d}:{int(minutes):02d}:{secs:05.2f}"
    return f"PT{int(hours)}H{int(minutes)}M{secs:.2f}S"
