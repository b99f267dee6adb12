"""A single sign-on that is refused: a clear page for the person, a log line for
the admins."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger("accounts.sso")


class SsoRefused(Exception):
    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


def refusal_response(request: HttpRequest, refusal: SsoRefused) -> HttpResponse:
    return render(
        request,
        "accounts/sso_refused.html",
        {"message": refusal.message},
        status=403,
    )
