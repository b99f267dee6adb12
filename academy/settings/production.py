"""Production: refuses to start without a secret key, allowed hosts and a broker."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

for _required in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"):
    if not env.str(_required, default=""):
        raise ImproperlyConfigured(
            f"{_required} must be set in production (see README, Production settings)."
        )

# Without a broker, Celery would run every task inside the web process and Celery
# beat (reminders, nightly snapshots, scheduled publishing) would have nothing to
# send its schedules to.
if not env.str("CELERY_BROKER_URL", default=""):
    raise ImproperlyConfigured(
        "CELERY_BROKER_URL must be set in production: without a broker, tasks would "
        "run inside the web process and scheduled work (reminders, snapshots, "
        "scheduled publishing) would never run (see README, Production settings)."
    )

SECRET_KEY = env("DJANGO_SECRET_KEY")
# Each gunicorn worker has its own local-memory cache: a publication seen by one
# would not reach the others' cached content, so that cache needs Redis.
ACADEMY_CONTENT_CACHE = env.bool("ACADEMY_CONTENT_CACHE", default=bool(REDIS_URL))  # noqa: F405
if not REDIS_URL:  # noqa: F405
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DEBUG = False
# Never eager in production, whatever the shared settings decided.
CELERY_TASK_ALWAYS_EAGER = False

ACCOUNT_EMAIL_VERIFICATION = "mandatory"

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
