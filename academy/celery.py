"""The academy's Celery app.

Without ``CELERY_BROKER_URL`` the settings switch Celery to eager mode, so a laptop,
the demo and the default test run need no broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings.dev")

app = Celery("academy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
