"""Package files served to the browser: signed, expiring capability URLs.

A package's HTML and JavaScript come from a third party, so they run in a
sandbox: every file is served with ``Content-Security-Policy: sandbox`` *without*
``allow-same-origin``, which gives the content an opaque origin. It can run its
scripts and show its pages but cannot read the academy's cookies, storage or pages,
nor act as the person viewing it. Requests from an opaque origin carry no session
cookie, so access is carried by the URL instead: ``/scorm/content/<token>/<path>``,
where the token is signed (``SECRET_KEY``), names the version and the person, and
expires after ``SCORM_CONTENT_URL_MAX_AGE`` seconds. Relative links inside the
package keep the token, so a SCO's pages, images and scripts all load.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

_SALT = "scorm.content"

#: The sandbox a package's files run in: scripts, forms and pop-ups (some packages
#: open their content in a new window), never the academy's origin.
CONTENT_SECURITY_POLICY = (
    "sandbox allow-scripts allow-forms allow-popups allow-modals "
    "allow-downloads; "
    "default-src 'self' data: blob: 'unsafe-inline' 'unsafe-eval'; "
    "img-src 'self' data: blob:; media-src 'self' data: blob:; "
    "frame-ancestors 'self'; form-action 'self'; base-uri 'self'; object-src 'none'"
)


def content_token(*, version_id: int, user_id: int) -> str:
    return signing.dumps({"v": version_id, "u": user_id}, salt=_SALT, compress=True)


def content_token_read(token: str) -> tuple[int, int] | None:
    """(version id, user id) of a valid, unexpired token; None otherwise."""
    try:
        data = signing.loads(
            token, salt=_SALT, max_age=settings.SCORM_CONTENT_URL_MAX_AGE
        )
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(data, dict):
        return None
    version_id, user_id = data.get("v"), data.get("u")
    if not isinstance(version_id, int) or not isinstance(user_id, int):
        return None
    return version_id, user_id


def content_base_url(*, version_id: int, user_id: int) -> str:
    """The folder URL of a version's files for one person, ending in "/": a
    package path (with any query or fragment) appended to it is that file."""
    token = content_token(version_id=version_id, user_id=user_id)
    return reverse("scorm:package_file", kwargs={"token": token, "path": "x"})[:-1]


# --- Learners playing a package lesson -----------------------------------------------

_LAUNCH_SALT = "scorm.launch"
_COMMIT_SALT = "scorm.commit"

#: With a content origin of its own the package may keep that origin (frames of
#: one package script each other, as many packages need), never the academy's.
CONTENT_SECURITY_POLICY_ISOLATED = CONTENT_SECURITY_POLICY.replace(
    "sandbox allow-scripts", "sandbox allow-scripts allow-same-origin", 1
).replace("frame-ancestors 'self'", "frame-ancestors 'self' {academy}")

#: The iframe's own ``sandbox`` attribute, matching the header.
IFRAME_SANDBOX = "allow-scripts allow-forms allow-popups allow-modals allow-downloads"


def content_origin() -> str:
    """Where package files are served, e.g. "https://scorm.academy-content.example";
    "" to serve them on the academy's host, in an opaque-origin sandbox."""
    return settings.SCORM_CONTENT_ORIGIN.rstrip("/")


def iframe_sandbox() -> str:
    if content_origin():
        return IFRAME_SANDBOX + " allow-same-origin"
    return IFRAME_SANDBOX


def launch_token(*, attempt_id: int, session: int, academy_origin: str) -> str:
    return signing.dumps(
        {"a": attempt_id, "s": session, "o": academy_origin},
        salt=_LAUNCH_SALT,
        compress=True,
    )


def launch_token_read(token: str) -> tuple[int, int, str] | None:
    """(attempt id, session, academy origin) of a valid launch token."""
    try:
        data = signing.loads(
            token, salt=_LAUNCH_SALT, max_age=settings.SCORM_CONTENT_URL_MAX_AGE
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    attempt_id, session, origin = data.get("a"), data.get("s"), data.get("o")
    if not (
        isinstance(attempt_id, int)
        and isinstance(session, int)
        and isinstance(origin, str)
    ):
        return None
    return attempt_id, session, origin


def launch_url(*, token: str, path: str) -> str:
    """The absolute or host-relative URL of a package file for a launch."""
    url = reverse("scorm:package_file", kwargs={"token": token, "path": "x"})[:-1]
    return content_origin() + url + path


def commit_token(*, attempt_id: int, session: int, user_id: int) -> str:
    """Proves a commit comes from the player page the academy rendered for this
    learner and session (the beacon sent on Terminate cannot carry a header)."""
    return signing.dumps(
        {"a": attempt_id, "s": session, "u": user_id}, salt=_COMMIT_SALT
    )


def commit_token_read(token: object, *, attempt_id: int, user_id: int) -> int | None:
    """The session a commit token was issued for, if it is for this attempt and
    person; None otherwise."""
    if not isinstance(token, str):
        return None
    try:
        data = signing.loads(
            token, salt=_COMMIT_SALT, max_age=settings.SCORM_CONTENT_URL_MAX_AGE
        )
    except signing.BadSignature:
        return None
    if (
        not isinstance(data, dict)
        or data.get("a") != attempt_id
        or data.get("u") != user_id
        or not isinstance(data.get("s"), int)
    ):
        return None
    return data["s"]
