"""Development: the laptop and the demo (``make run``)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Development only: accept this code as the second factor so demo staff accounts
# can open the admin without an authenticator app. allauth refuses it unless DEBUG.
if DEBUG:
    MFA_TOTP_INSECURE_BYPASS_CODE = env(
        "MFA_TOTP_INSECURE_BYPASS_CODE", default="000000"
    )
ACADEMY_ALLOW_DEMO_DATA = True
# Serve static files straight from the apps; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
