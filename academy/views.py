"""Project-level views: the health check and the rate-limit page."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": health.check_database(),
        "cache": health.check_cache(),
        "broker": health.check_broker(),
    }
    if request.GET.get("workers") == "1":
        checks["workers"] = health.check_workers()
    ok = all(result.ok for result in checks.values())
    body = {
        "status": "ok" if ok else "error",
        "checks": {
            name: {"ok": result.ok, "detail": result.detail}
            for name, result in checks.items()
        },
    }
    return JsonResponse(body, status=200 if ok else 503)


def rate_limited(request, exception=None):
    return render(request, "429.html", status=429)
