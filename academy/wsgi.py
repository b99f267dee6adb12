"""WSGI entry point (gunicorn academy.wsgi); DJANGO_SETTINGS_MODULE must be set."""

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from .environment import require_settings_module

require_settings_module()

application = get_wsgi_application()

# Import every view now, not on a worker's first request: the URLconf pulls in
# heavy modules (the SCIM schema models alone take seconds of CPU), and on a busy
# host a first request that slow outlives gunicorn's worker timeout, so each
# replacement worker is killed the same way. With ``gunicorn --preload`` this
# happens once, in the master, before the workers fork.
get_resolver().url_patterns  # noqa: B018
