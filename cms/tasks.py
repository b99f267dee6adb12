"""Background work for the site shell: Wagtail's scheduled publishing.

Editors give a page a go-live or expiry date in the admin; nothing happens at that
time unless something runs Wagtail's ``publish_scheduled`` command. Celery beat runs
this task every minute (``cms/schedule.py``).
"""

import logging
import uuid

from celery import shared_task
from django.core.cache import cache
from django.core.management import call_command

logger = logging.getLogger(__name__)

#: One run at a time across workers (a second beat, a redelivery): held at most
#: this many seconds, so a worker lost mid-run never blocks publishing for long.
LOCK_KEY = "cms:publish-scheduled:lock"
LOCK_SECONDS = 5 * 60


@shared_task(name="cms.publish_scheduled")
def publish_scheduled_task() -> bool:
    """Publish what reached its go-live time and unpublish what expired.

    Idempotent: Wagtail clears a revision's approved go-live time when it publishes
    it and unpublishes only live pages, so a second run finds nothing to do. Returns
    False when another run holds the lock and this one did nothing.
    """
    token = uuid.uuid4().hex
    if not cache.add(LOCK_KEY, token, timeout=LOCK_SECONDS):
        logger.info("Scheduled publishing is already running; skipped.")
        return False
    try:
        call_command("publish_scheduled")
    finally:
        if cache.get(LOCK_KEY) == token:
            cache.delete(LOCK_KEY)
    return True
