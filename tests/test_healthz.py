from unittest import mock

import pytest
from django.db.utils import OperationalError

from academy import health
from tests.worker import celery_broker_without_worker  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_healthz_says_tasks_run_in_the_web_process_when_there_is_no_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["celery"] == "eager"
    assert "workers" not in body  # no worker was asked, none is claimed
    assert "reason" not in body
    assert set(body["checks"]) == {"database", "cache", "celery"}
    assert all(check["ok"] for check in body["checks"].values())
    assert "web process" in body["checks"]["celery"]["detail"]


def test_healthz_is_503_when_the_database_is_down(client):
    with mock.patch(
        "academy.health.connection.cursor", side_effect=OperationalError("gone")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"]["ok"] is False
    assert body["reason"] == "database: database unreachable: OperationalError"
    assert "gone" not in response.content.decode()  # no internals leaked


def test_healthz_is_503_when_the_cache_is_down(client):
    with mock.patch("academy.health.cache.set", side_effect=ConnectionError("refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False
    assert response.json()["reason"].startswith("cache: ")


def test_healthz_is_503_when_the_broker_is_down(client):
    from academy.celery import app

    with (
        mock.patch("academy.health.tasks_run_eagerly", return_value=False),
        mock.patch.object(
            app, "connection_for_write", side_effect=OSError("connection refused")
        ),
        mock.patch.object(app.control, "ping") as ping,
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["celery"] == "broker-unreachable"
    assert body["checks"]["celery"]["ok"] is False
    assert body["reason"] == "celery: broker unreachable: OSError"
    ping.assert_not_called()  # no point asking workers through a dead broker


def test_healthz_is_503_when_no_worker_answers_the_ping(client):
    from academy.celery import app

    with (
        mock.patch("academy.health.tasks_run_eagerly", return_value=False),
        mock.patch(
            "academy.health.check_broker",
            return_value=health.CheckResult(True, "connected"),
        ),
        mock.patch.object(app.control, "ping", return_value=[]) as ping,
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["celery"] == "no-workers"
    assert body["workers"] == 0
    assert body["reason"] == "celery: no Celery worker answered a ping within 1 s"
    ping.assert_called_once_with(timeout=health.WORKER_PING_TIMEOUT)
    assert health.WORKER_PING_TIMEOUT <= 2


def test_healthz_counts_the_workers_that_answer(client):
    from academy.celery import app

    replies = [{"celery@web-1": {"ok": "pong"}}, {"celery@web-2": {"ok": "pong"}}]
    with (
        mock.patch("academy.health.tasks_run_eagerly", return_value=False),
        mock.patch(
            "academy.health.check_broker",
            return_value=health.CheckResult(True, "connected"),
        ),
        mock.patch.object(app.control, "ping", return_value=replies),
    ):
        response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["celery"] == "ok"
    assert body["workers"] == 2
    assert body["checks"]["celery"]["detail"] == "2 workers answered"


def test_healthz_task_round_trip_in_eager_mode_says_no_worker_was_involved(client):
    response = client.get("/healthz?workers=1")
    assert response.status_code == 200
    body = response.json()
    assert body["celery"] == "eager"
    assert body["checks"]["task"] == {
        "ok": True,
        "detail": "eager: the task ran in the web process",
    }


@pytest.mark.worker
def test_healthz_is_503_with_a_broker_and_no_worker(
    client,
    celery_broker_without_worker,  # noqa: F811
):
    response = client.get("/healthz?workers=1")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["celery"] == "no-workers"
    assert body["workers"] == 0
    assert body["reason"] == "celery: no Celery worker answered a ping within 1 s"
    assert "task" not in body["checks"]  # no task is queued for nobody to run


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
