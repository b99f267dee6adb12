"""WSGI entry point (gunicorn academy.wsgi); DJANGO_SETTINGS_MODULE must be set."""

from django.core.wsgi import get_wsgi_application

from .environment import require_settings_module

require_settings_module()

application = get_wsgi_application()
