"""ASGI entry point; DJANGO_SETTINGS_MODULE must be set."""

from django.core.asgi import get_asgi_application

from .environment import require_settings_module

require_settings_module()

application = get_asgi_application()
