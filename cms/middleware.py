"""The site a request is for, from the content cache."""

from __future__ import annotations

import logging

from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port
from wagtail.models import Site

from .fragments import content_cached, request_scope

logger = logging.getLogger(__name__)


class SiteMiddleware:
    """Finds the Wagtail site for the request's host once per content version
    instead of once per request (a query every page view otherwise), and opens
    the request's scope for the content version (read once per request).

    Wagtail keeps the site it found on ``request._wagtail_site``; this sets it
    from the cache so ``Site.find_for_request`` needs no query. Only hosts in
    ``ALLOWED_HOSTS`` are cached; anything else is left to Wagtail (and Django
    refuses it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The content version is read once for the whole request.
        with request_scope():
            return self._with_site(request)

    def _with_site(self, request):
        try:
            host = request.get_host()
        except DisallowedHost:
            return self.get_response(request)
        hostname = split_domain_port(host)[0]
        port = request.get_port()
        try:
            request._wagtail_site = content_cached(
                f"cms:site:{hostname}:{port}", lambda: _find_site(request)
            )
        except Exception:  # noqa: BLE001 - the database or cache is down
            # Only a shortcut: the view (or /healthz, which must answer when
            # they are down) finds the site itself or reports the failure.
            logger.warning("The site for %s could not be looked up.", hostname)
        return self.get_response(request)


def _find_site(request) -> Site | None:
    """The site for the request, with its root page and that page's specific
    page loaded, so both are cached with it: Wagtail's serve view routes every
    request from ``site.root_page.specific`` (two queries otherwise)."""
    site = Site._find_for_request(request)
    if site is not None:
        site.root_page.specific  # noqa: B018 - loaded to be cached with the site
    return site
