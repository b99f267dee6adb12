"""Package files, the run-time script a SCO loads, launches and CMI commits.

Thin views: parse the request, call one service or selector, answer.
"""

from __future__ import annotations

import json
import mimetypes

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from learners import api as learners_api

from . import cmi as cmi_model
from . import libraries, player, runtime, selectors
from .package import PackageError, normalise_name
from .serving import (
    CONTENT_SECURITY_POLICY,
    CONTENT_SECURITY_POLICY_ISOLATED,
    commit_token_read,
    content_origin,
    content_token_read,
    launch_token_read,
)

#: HTML files larger than this are served as they are, without the run-time
#: script or local library URLs (a SCO's pages are small; this keeps memory
#: bounded).
MAX_INJECT_BYTES = libraries.MAX_SCANNED_BYTES


def _sandbox_headers(response, *, academy_origin: str = "") -> None:
    if content_origin() and academy_origin:
        policy = CONTENT_SECURITY_POLICY_ISOLATED.format(academy=academy_origin)
    else:
        policy = CONTENT_SECURITY_POLICY
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Content-Security-Policy"] = policy
    response.headers["X-Content-Type-Options"] = "nosniff"
    # The token is in the URL: never send it on to other sites.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "private, max-age=3600"


@require_safe
@xframe_options_exempt
def package_file(request, token: str, path: str):
    """One file of a package, sandboxed; anything not valid is a plain 404.

    The token is either an L&D preview link or a learner's launch; a launch's HTML
    pages get the run-time script that gives the SCO its ``API``/``API_1484_11``.
    """
    academy_origin = ""
    runtime_src = ""
    launch = launch_token_read(token)
    if launch is not None:
        attempt_id, session, academy_origin = launch
        prefix = selectors.launch_prefix(attempt_id=attempt_id)
        if not content_origin():
            # No launcher frame can share an opaque origin: the SCO's own pages
            # carry the API instead.
            runtime_src = f"/scorm/runtime/{token}.js"
    else:
        ids = content_token_read(token)
        if ids is None:
            raise Http404("This link has expired or is not valid.")
        prefix = selectors.content_prefix(version_id=ids[0], user_id=ids[1])
    try:
        name = normalise_name(path)
    except PackageError:
        raise Http404("No such file.") from None
    if prefix is None or name is None or not default_storage.exists(prefix + name):
        raise Http404("No such file.")
    content_type, encoding = mimetypes.guess_type(name)
    content_type = content_type or "application/octet-stream"
    if (
        content_type == "text/html"
        and not encoding
        and default_storage.size(prefix + name) <= MAX_INJECT_BYTES
    ):
        with default_storage.open(prefix + name, "rb") as source:
            body = libraries.rewrite_sources(source.read())
        if runtime_src:
            body = player.inject_runtime(body, runtime_src)
        response = HttpResponse(body, content_type="text/html")
    else:
        response = FileResponse(
            default_storage.open(prefix + name, "rb"), content_type=content_type
        )
        if encoding:
            response.headers["Content-Encoding"] = encoding
    if not content_origin():
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    _sandbox_headers(response, academy_origin=academy_origin)
    return response


@require_safe
def library_script(request, name: str):
    """A well-known CDN library's pinned local copy, for package pages whose
    ``src`` named the CDN (``scorm/libraries.py``). Public and immutable: it
    carries no learner's data."""
    script = libraries.library_script(name)
    if script is None:
        raise Http404("No such library.")
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
@never_cache
def runtime_script(request, token: str):
    """The script a launched SCO's pages load first: scorm-again's cross-frame
    client as ``window.API`` (1.2) / ``window.API_1484_11`` (2004), its cache
    filled with the data model the SCO will see at Initialize, so the first
    ``GetValue`` after ``Initialize`` already answers (a resume's bookmark)."""
    launch = launch_token_read(token)
    if launch is None:
        raise Http404("This link has expired or is not valid.")
    attempt_id, session, academy_origin = launch
    script = player.runtime_script(
        attempt_id=attempt_id, session=session, academy_origin=academy_origin
    )
    if script is None:
        raise Http404("This attempt is not running.")
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
@xframe_options_exempt
def launcher(request, token: str):
    """The frame a launched SCO runs in, on the content origin: it holds the
    run-time API as ``window.API``/``window.API_1484_11`` and shows the SCO in a
    frame of its own, where the SCO finds the API in its parent, as SCORM's API
    discovery expects."""
    launch = launch_token_read(token)
    if launch is None:
        raise Http404("This link has expired or is not valid.")
    html = player.launcher_page(token=token, attempt_id=launch[0], session=launch[1])
    if html is None:
        raise Http404("This attempt is not running.")
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    _sandbox_headers(response, academy_origin=launch[2])
    response.headers["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def launch(request, lesson_id: int):
    """Start or resume the learner's attempt, then show the lesson playing it."""
    learner = learners_api.learner_for_user(user=request.user)
    if learner is None:
        raise Http404("Only learners play package lessons.")
    lesson = get_object_or_404(selectors.playable_lessons(), pk=lesson_id)
    item = request.POST.get("item", "")[:255]
    request_text = request.POST.get("nav", "")[:300]
    try:
        if request_text:
            item = _navigate(learner.pk, lesson, request.POST.get("from"), request_text)
            if item is None:
                return redirect(f"{lesson.get_url(request)}#player")
        attempt = runtime.attempt_launch(
            learner_id=learner.pk,
            lesson=lesson,
            item=item,
            by_choice=not request_text,
        )
    except runtime.LaunchError as exc:
        return HttpResponse(str(exc), status=409, content_type="text/plain")
    try:
        learners_api.lesson_view(learner=learner, lesson_id=lesson.pk)
    except learners_api.LessonUnavailable:
        raise Http404("This lesson is not published.") from None
    return redirect(
        f"{lesson.get_url(request)}?play={attempt.pk}.{attempt.session}#player"
    )


def _navigate(learner_id: int, lesson, from_attempt, request_text: str):
    """The SCO a navigation request from the learner's current SCO leads to."""
    current = selectors.learner_attempt(
        learner_id=learner_id, lesson_id=lesson.pk, attempt_id=from_attempt
    )
    if current is None:
        raise runtime.LaunchError("That part of the package is not open.")
    return runtime.navigation_target(
        current.version, current=current.sco_identifier, request=request_text
    )


@csrf_exempt  # the commit token below is the CSRF check: a beacon has no header
@require_POST
def commit(request, attempt_id: int):
    """Store a SCO's data model: ``{"token", "terminate", "cmi": {...}}`` as JSON
    (the player's XHR) or as text (the beacon sent on Terminate and unload).
    Answers ``{"result": "true"|"false", "errorCode": n}`` as scorm-again expects."""
    family = cmi_model.SCORM_2004

    def answer(code: int, status: int = 200):
        result = "true" if code == 0 else "false"
        return JsonResponse({"result": result, "errorCode": code}, status=status)

    if not request.user.is_authenticated:
        return answer(101, 403)
    if len(request.body) > cmi_model.MAX_BODY_BYTES:
        return answer(391 if family == cmi_model.SCORM_2004 else 101, 413)
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return answer(101, 400)
    if not isinstance(payload, dict):
        return answer(101, 400)
    session = commit_token_read(
        payload.get("token"), attempt_id=attempt_id, user_id=request.user.pk
    )
    if session is None:
        return answer(101, 403)
    result = runtime.attempt_commit(
        attempt_id=attempt_id,
        session=session,
        user_id=request.user.pk,
        values=payload.get("cmi"),
        terminate=payload.get("terminate") is True,
    )
    return answer(result.error_code)
