import pytest

from academy.tasks import health_ping_task
from tests.worker import celery_worker_thread  # noqa: F401 - fixture

pytestmark = pytest.mark.worker


def test_task_runs_through_a_real_worker(celery_worker_thread):  # noqa: F811
    result = health_ping_task.delay()
    assert result.get(timeout=20) == "pong"
    assert result.successful()


def test_healthz_sees_the_worker_answer(celery_worker_thread, client):  # noqa: F811
    response = client.get("/healthz?workers=1")
    assert response.status_code == 200
    body = response.json()
    assert body["celery"] == "ok"
    assert body["workers"] == 1
    assert body["checks"]["celery"] == {"ok": True, "detail": "1 worker answered"}
    assert body["checks"]["task"] == {"ok": True, "detail": "a worker ran the task"}


def test_the_worker_runs_scheduled_publishing_by_the_name_beat_sends(
    celery_worker_thread,  # noqa: F811
):
    from datetime import timedelta

    from django.utils import timezone

    from academy.celery import app
    from cms.models import HomePage, StandardPage

    page = StandardPage(title="Data retention notice", slug="data-retention-notice")
    page.live = False
    HomePage.objects.get().add_child(instance=page)
    page.go_live_at = timezone.now() - timedelta(minutes=1)  # its time has come
    page.save_revision(approved_go_live_at=page.go_live_at)

    assert app.send_task("cms.publish_scheduled").get(timeout=20) is True

    page.refresh_from_db()
    assert page.live is True
