"""Project-level views: the health check and the rate-limit page."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


@never_cache
@require_GET
def healthz(request):
    """200 when the academy can serve and run its background work, else 503.

    ``celery`` is ``eager`` (no broker: tasks run in the web process), ``ok`` (with
    ``workers``, how many answered a ping), ``no-workers`` or ``broker-unreachable``.
    ``?workers=1`` also sends a task through a worker and waits for its answer.
    """
    celery = health.check_celery()
    checks = {
        "database": health.check_database(),
        "cache": health.check_cache(),
        "celery": health.CheckResult(celery.ok, celery.detail),
    }
    if request.GET.get("workers") == "1" and celery.ok:
        checks["task"] = health.check_task_round_trip()
    failing = [
        f"{name}: {result.detail}" for name, result in checks.items() if not result.ok
    ]
    body = {"status": "error" if failing else "ok", "celery": celery.state}
    if celery.workers is not None:
        body["workers"] = celery.workers
    if failing:
        body["reason"] = "; ".join(failing)
    body["checks"] = {
        name: {"ok": result.ok, "detail": result.detail}
        for name, result in checks.items()
    }
    return JsonResponse(body, status=503 if failing else 200)


def rate_limited(request, exception=None):
    return render(request, "429.html", status=429)
