"""The academy's Celery app: `celery -A academy worker` and `celery -A academy beat`.

``DJANGO_SETTINGS_MODULE`` must be set explicitly (see ``academy/environment.py``).
Without ``CELERY_BROKER_URL`` the development and test settings switch Celery to eager
mode, so a laptop, the demo and the default test run need no broker; the production
settings refuse to start without one.
"""

from celery import Celery

from .environment import require_settings_module

require_settings_module()

app = Celery("academy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
