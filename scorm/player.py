"""What the learner's browser gets: the player's settings on the lesson page and
the run-time script each launched SCO page loads first."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse

from . import cmi as cmi_model
from . import rollup
from .models import PackageLessonPage, ScormAttempt, ScormPackageVersion
from .runtime import is_multi_sco, launch_values, package_rollup, sco_statuses
from .serving import (
    commit_token,
    content_origin,
    iframe_sandbox,
    launch_token,
    launch_url,
)

VENDOR = Path(__file__).parent / "static" / "scorm" / "vendor" / "scorm-again"
_HEAD = re.compile(rb"<head(\s[^>]*)?>", re.IGNORECASE)


@lru_cache(maxsize=1)
def _cross_frame_client() -> str:
    return (VENDOR / "cross-frame-api.min.js").read_text(encoding="utf-8")


def inject_runtime(html: bytes, src: str) -> bytes:
    """The page with ``<script src=…>`` first in its head (or first of all), so
    the SCO's own scripts find the API as they start."""
    tag = f'<script src="{src}"></script>'.encode()
    match = _HEAD.search(html)
    if match is None:
        return tag + html
    return html[: match.end()] + tag + html[match.end() :]


def _json_for_script(value) -> str:
    """JSON safe inside a ``<script>`` element."""
    return (
        json.dumps(value)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def _learner_identity(attempt: ScormAttempt) -> tuple[str, str]:
    learner = attempt.learner
    user = learner.user
    # SCORM's convention is "Last, First".
    name = ", ".join(part for part in (user.last_name, user.first_name) if part)
    return name or user.email, learner.employee_id or str(learner.pk)


def _attempt(attempt_id: int) -> ScormAttempt | None:
    return (
        ScormAttempt.objects.select_related("version", "learner__user")
        .filter(pk=attempt_id, learner__user__is_active=True)
        .first()
    )


def runtime_script(*, attempt_id: int, session: int, academy_origin: str) -> str | None:
    attempt = _attempt(attempt_id)
    if attempt is None or attempt.session != session:
        return None
    name, key = _learner_identity(attempt)
    values = launch_values(attempt=attempt, learner_name=name, learner_key=key)
    config = {
        "origin": academy_origin if content_origin() else "*",
        "cache": values,
        "api": "API"
        if cmi_model.family(attempt.version.schema_version) == "1.2"
        else "API_1484_11",
    }
    return (
        _cross_frame_client()
        + "\n;(function (config) {\n"
        + _BOOTSTRAP
        + "\n})("
        + _json_for_script(config)
        + ");\n"
    )


def _sco_url(attempt: ScormAttempt) -> str | None:
    for item in attempt.version.launch_data or []:
        if item["identifier"] == attempt.sco_identifier:
            return item["url"]
    return None


def launcher_page(*, token: str, attempt_id: int, session: int) -> str | None:
    attempt = _attempt(attempt_id)
    if attempt is None or attempt.session != session:
        return None
    path = _sco_url(attempt)
    if path is None:
        return None
    return render_to_string(
        "scorm/launcher.html",
        {
            "runtime_src": reverse("scorm:runtime", kwargs={"token": token}),
            "sco_src": launch_url(token=token, path=path),
        },
    )


# The package's top frame gets the API; its own frames find it there by walking
# their parents (same origin), as every SCO's API discovery does.
_BOOTSTRAP = """
  var w = window;
  try {
    while (w.parent && w.parent !== w) {
      w = w.parent;
      if (w.__academyScormApi) { return; }
    }
  } catch (e) { /* the academy's page: a different origin */ }
  var api = new CrossFrameAPI(config.origin, window.parent, {timeout: 15000});
  Object.keys(config.cache).forEach(function (key) {
    api._cache.set(key, String(config.cache[key]));
  });
  window.__academyScormApi = api;
  window[config.api] = api;
"""


def player_context(request, *, lesson: PackageLessonPage, play: str) -> dict:
    """The lesson page's player: the attempt named by ``?play=<id>.<session>`` if
    it is the learner's and still its current session, else nothing to play."""
    from learners import api as learners_api

    learner = learners_api.learner_for_user(user=request.user)
    context: dict = {"player": None, "launch_url": None, "attempt": None}
    if learner is None or lesson.package_id is None:
        return context
    context["launch_url"] = reverse("scorm:launch", kwargs={"lesson_id": lesson.pk})
    context["attempt"] = (
        ScormAttempt.objects.filter(learner_id=learner.pk, lesson_id=lesson.pk)
        .only(
            "completion_status",
            "success_status",
            "score_scaled",
            "cmi",
            "terminated_at",
        )
        .order_by("-number", "-pk")
        .first()
    )
    match = re.fullmatch(r"(\d{1,12})\.(\d{1,9})", play or "")
    if match is None:
        context["outline"] = package_outline(
            learner_id=learner.pk, lesson=lesson, playing=None
        )
        return context
    attempt = _attempt(int(match[1]))
    if (
        attempt is None
        or attempt.learner_id != learner.pk
        or attempt.lesson_id != lesson.pk
        or attempt.session != int(match[2])
        or attempt.terminated_at is not None
    ):
        return context
    academy_origin = request.build_absolute_uri("/").rstrip("/")
    token = launch_token(
        attempt_id=attempt.pk, session=attempt.session, academy_origin=academy_origin
    )
    sco = next(
        (
            item
            for item in attempt.version.launch_data
            if item["identifier"] == attempt.sco_identifier
        ),
        None,
    )
    if sco is None:
        return context
    context["outline"] = package_outline(
        learner_id=learner.pk, lesson=lesson, playing=attempt
    )
    name, key = _learner_identity(attempt)
    context["player"] = {
        "sandbox": iframe_sandbox(),
        "library": (
            "scorm12.min.js"
            if cmi_model.family(attempt.version.schema_version) == "1.2"
            else "scorm2004.min.js"
        ),
        "src": (
            content_origin() + reverse("scorm:launcher", kwargs={"token": token})
            if content_origin()
            else launch_url(token=token, path=sco["url"])
        ),
        "title": sco["title"],
        "config": _json_for_script(
            {
                "schema": cmi_model.family(attempt.version.schema_version),
                "commitUrl": reverse("scorm:commit", args=[attempt.pk]),
                "token": commit_token(
                    attempt_id=attempt.pk,
                    session=attempt.session,
                    user_id=request.user.pk,
                ),
                "csrf": get_token(request),
                "contentOrigin": content_origin(),
                "launch": launch_values(
                    attempt=attempt, learner_name=name, learner_key=key
                ),
            }
        ),
    }
    return context


_STATUS_LABELS = {
    ("completed", "passed"): "Passed",
    ("completed", "failed"): "Failed",
    ("completed", "unknown"): "Completed",
    ("incomplete", "passed"): "Passed",
    ("incomplete", "failed"): "Failed",
}


def _status_label(row: dict | None) -> str:
    if row is None or row["completion_status"] == "not attempted":
        return "Not started"
    return _STATUS_LABELS.get(
        (row["completion_status"], row["success_status"]), "In progress"
    )


def package_outline(
    *, learner_id: int, lesson: PackageLessonPage, playing: ScormAttempt | None
) -> dict | None:
    """A multi-SCO package's items for the lesson page: title, the learner's
    status in each, which one is playing, and what the organisation's
    ``controlMode`` allows (choice: pick any item; flow: Previous/Continue).
    None for a single-SCO package. Two queries at most, however many items."""
    if playing is not None:
        version = playing.version
    else:
        latest = (
            ScormAttempt.objects.filter(learner_id=learner_id, lesson_id=lesson.pk)
            .select_related("version")
            .order_by("-updated_at", "-pk")
            .first()
        )
        version = (
            latest.version
            if latest is not None
            else ScormPackageVersion.objects.filter(package_id=lesson.package_id)
            .order_by("-number")
            .first()
        )
    if version is None or not is_multi_sco(version):
        return None
    statuses = sco_statuses(
        learner_id=learner_id, lesson_id=lesson.pk, version_id=version.pk
    )
    current = playing.sco_identifier if playing is not None else ""
    items = [
        {
            "identifier": sco["identifier"],
            "title": sco["title"],
            "status": _status_label(statuses.get(sco["identifier"])),
            "current": sco["identifier"] == current,
        }
        for sco in version.launch_data
        if sco.get("url")
    ]
    order = [item["identifier"] for item in items]
    index = order.index(current) if current in order else -1
    mode = rollup.control_mode(version.manifest)
    root = package_rollup(version, statuses)
    return {
        "items": items,
        "choice": mode["choice"],
        "flow": mode["flow"] and index >= 0,
        "has_previous": index > 0,
        "has_next": 0 <= index < len(order) - 1,
        "playing": playing.pk if playing is not None else None,
        "completion": root.completion,
        "success": root.success,
        "score": round(root.measure * 100) if root.measure is not None else None,
    }
