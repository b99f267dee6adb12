from unittest import mock

import pytest
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_service_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(check["ok"] for check in body["checks"].values())


def test_healthz_is_503_when_the_database_is_down(client):
    with mock.patch(
        "academy.health.connection.cursor", side_effect=OperationalError("gone")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"]["ok"] is False
    assert "gone" not in body["checks"]["database"]["detail"]  # no internals leaked


def test_healthz_is_503_when_the_cache_is_down(client):
    with mock.patch("academy.health.cache.set", side_effect=ConnectionError("refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False


def test_healthz_is_503_when_the_broker_is_down(client):
    from academy.celery import app

    with (
        mock.patch("academy.health.tasks_run_eagerly", return_value=False),
        mock.patch.object(
            app, "connection_for_write", side_effect=OSError("connection refused")
        ),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False


def test_healthz_can_check_a_worker_answers(client):
    # Eager mode: the task runs in-process and answers.
    response = client.get("/healthz?workers=1")
    assert response.status_code == 200
    assert response.json()["checks"]["workers"]["ok"] is True


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
