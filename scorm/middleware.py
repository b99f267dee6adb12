"""The package content origin serves package files and nothing else."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpResponseNotFound

from .serving import content_origin

_CONTENT_PATHS = ("/scorm/content/", "/scorm/runtime/", "/scorm/libraries/")


class ContentOriginMiddleware:
    """On ``SCORM_CONTENT_ORIGIN``'s host every academy page, static file and
    admin screen is a 404, so package script running on that origin can never
    load or act on them there (it carries no session cookie either: the academy's
    cookies are host-only). Package files are 404 on the academy's host in turn."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = content_origin()
        if origin:
            on_content_host = request.get_host() == urlsplit(origin).netloc
            is_content_path = request.path.startswith(_CONTENT_PATHS)
            if on_content_host != is_content_path:
                return HttpResponseNotFound(
                    b"Not found.", content_type="text/plain; charset=utf-8"
                )
        return self.get_response(request)
