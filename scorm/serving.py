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
