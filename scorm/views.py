"""Serve the files of a package version to whoever holds a valid content URL."""

from __future__ import annotations

import mimetypes

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe

from . import selectors
from .package import PackageError, normalise_name
from .serving import CONTENT_SECURITY_POLICY, content_token_read


@require_safe
@xframe_options_sameorigin
def package_file(request, token: str, path: str):
    """One file of a package, sandboxed; anything not valid is a plain 404."""
    ids = content_token_read(token)
    if ids is None:
        raise Http404("This link has expired or is not valid.")
    version_id, user_id = ids
    try:
        name = normalise_name(path)
    except PackageError:
        raise Http404("No such file.") from None
    prefix = selectors.content_prefix(version_id=version_id, user_id=user_id)
    if prefix is None or name is None or not default_storage.exists(prefix + name):
        raise Http404("No such file.")
    content_type, encoding = mimetypes.guess_type(name)
    response = FileResponse(
        default_storage.open(prefix + name, "rb"),
        content_type=content_type or "application/octet-stream",
    )
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    # The token is in the URL: never send it on to other sites.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
