"""Header navigation: each person sees the parts of the academy they may use."""

from django.conf import settings

from .navigation import navigation_for


def navigation(request) -> dict:
    return {
        "main_navigation": navigation_for(request),
        "academy_open_signup": settings.ACADEMY_OPEN_SIGNUP,
    }
