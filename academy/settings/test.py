"""The test suite: fast hashing, local-memory cache, plain static files.

DATABASE_URL, CELERY_BROKER_URL and REDIS_URL still apply, so the same suite runs on
SQLite and, in CI's second pass, on PostgreSQL with Redis.
"""

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
