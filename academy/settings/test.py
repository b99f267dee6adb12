"""The test suite: fast hashing, local-memory cache, plain static files.

DATABASE_URL, CELERY_BROKER_URL and REDIS_URL still apply, so the same suite runs on
SQLite and, in CI's second pass, on PostgreSQL with Redis.
"""

import os
import re

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests run tasks in-process unless a test starts a real worker (tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
ACADEMY_ALLOW_DEMO_DATA = True
# Serve static files straight from the apps; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LOGGING = {
    **LOGGING,  # noqa: F405
    "loggers": {
        **LOGGING["loggers"],  # noqa: F405
        "wagtail": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}

# Parallel test runs (pytest-xdist): each worker process has its own database
# (pytest-django adds the suffix) and, here, its own Redis databases for the cache
# and the broker, because tests clear the cache and a real Celery worker must only
# take the tasks of its own process.
_XDIST = re.fullmatch(r"gw(\d+)", os.environ.get("PYTEST_XDIST_WORKER", ""))


def _redis_db(url: str, db: int) -> str:
    return re.sub(r"(/\d+)?$", f"/{db}", url, count=1)


if _XDIST:
    _N = int(_XDIST.group(1))
    if REDIS_URL:  # noqa: F405
        CACHES["default"]["LOCATION"] = _redis_db(REDIS_URL, 3 + 2 * _N)  # noqa: F405
    if CELERY_BROKER_URL.startswith("redis://"):  # noqa: F405
        CELERY_BROKER_URL = _redis_db(CELERY_BROKER_URL, 2 + 2 * _N)  # noqa: F405
        CELERY_RESULT_BACKEND = CELERY_BROKER_URL
