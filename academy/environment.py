"""Which settings a process runs on is never guessed outside ``manage.py``.

The web server (WSGI/ASGI), the Celery worker and Celery beat refuse to start unless
``DJANGO_SETTINGS_MODULE`` names their settings: a default here once meant a worker
started without it ran on the development settings (DEBUG on, the MFA shortcut code
accepted). Only ``manage.py`` defaults to the development settings, for ``runserver``
and the other commands run on a laptop.
"""

import os

from django.core.exceptions import ImproperlyConfigured

MISSING_SETTINGS_MODULE = (
    "DJANGO_SETTINGS_MODULE is not set. The academy's web, worker and beat processes "
    "never choose settings for you: set DJANGO_SETTINGS_MODULE="
    "academy.settings.production in production (see deploy/production.env.example), "
    "or academy.settings.dev on a laptop."
)


def require_settings_module() -> str:
    """The settings module named by the environment; refuses to guess one."""
    module = os.environ.get("DJANGO_SETTINGS_MODULE", "").strip()
    if not module:
        raise ImproperlyConfigured(MISSING_SETTINGS_MODULE)
    return module
