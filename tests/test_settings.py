"""Each environment variable switches what the README says it switches."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, django
from django.conf import settings
django.setup()
from academy.celery import app
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "db_options": settings.DATABASES["default"].get("OPTIONS", {}),
    "cache": settings.CACHES["default"]["BACKEND"],
    "eager": app.conf.task_always_eager,
    "acks_late": app.conf.task_acks_late,
    "reject_on_lost": app.conf.task_reject_on_worker_lost,
    "prefetch": app.conf.worker_prefetch_multiplier,
    "accept": app.conf.accept_content,
    "serializer": app.conf.task_serializer,
    "time_limit": app.conf.task_time_limit,
    "verification": settings.ACCOUNT_EMAIL_VERIFICATION,
    "debug": settings.DEBUG,
    "signup": settings.ACADEMY_OPEN_SIGNUP,
    "domains": settings.ACADEMY_SIGNUP_EMAIL_DOMAINS,
    "providers": list(settings.SOCIALACCOUNT_PROVIDERS),
}))
"""

CLEAN = {
    k: v
    for k, v in os.environ.items()
    if not k.startswith(
        ("DJANGO_", "DATABASE_", "CELERY_", "REDIS_", "OIDC_", "ACADEMY_")
    )
}


def probe(module: str, **env: str) -> dict:
    result = subprocess.run(  # noqa: S603 - fixed interpreter and script
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**CLEAN, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode:
        return {"error": result.stderr}
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults_need_no_services():
    got = probe("academy.settings.dev")
    assert got["engine"] == "django.db.backends.sqlite3"
    assert got["cache"].endswith("LocMemCache")
    assert got["eager"] is True
    assert got["signup"] is False
    # Only the academy's SAML provider class: no identity provider is configured
    # until an Academy admin adds one (docs/sso.md).
    assert got["providers"] == ["saml"]


def test_database_url_switches_to_postgresql():
    got = probe(
        "academy.settings.dev",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/academy",
    )
    assert got["engine"] == "django.db.backends.postgresql"
    assert got["db_name"] == "academy"
    # Every connection turns PostgreSQL's JIT off (it costs the big reads more
    # than it saves); DATABASE_JIT=true sends no option.
    assert got["db_options"] == {"options": "-c jit=off"}
    got = probe(
        "academy.settings.dev",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/academy",
        DATABASE_JIT="true",
    )
    assert "options" not in got["db_options"]


@pytest.mark.postgres
@pytest.mark.django_db
def test_connections_run_with_the_jit_off():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_broker_url_turns_eager_mode_off_and_celery_is_configured_safely():
    got = probe("academy.settings.dev", CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    assert got["eager"] is False
    assert got["acks_late"] is True
    assert got["reject_on_lost"] is True
    assert got["prefetch"] == 1
    assert got["accept"] == ["json"]
    assert got["serializer"] == "json"
    assert got["time_limit"] > 0


def test_redis_url_switches_the_cache():
    got = probe("academy.settings.dev", REDIS_URL="redis://127.0.0.1:6379/1")
    assert got["cache"] == "core.cache.SharedClientRedisCache"


def test_signup_and_domains_come_from_the_environment():
    got = probe(
        "academy.settings.dev",
        ACADEMY_OPEN_SIGNUP="true",
        ACADEMY_SIGNUP_EMAIL_DOMAINS="northwind.example,@Contoso.example",
    )
    assert got["signup"] is True
    assert got["domains"] == ["northwind.example", "contoso.example"]


def test_oidc_is_enabled_by_its_client_id():
    got = probe(
        "academy.settings.dev",
        OIDC_CLIENT_ID="academy",
        OIDC_CLIENT_SECRET="s3cret",
        OIDC_SERVER_URL="https://login.northwind.example/realms/staff",
    )
    assert got["providers"] == ["saml", "openid_connect"]


PRODUCTION = {
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "academy.northwind.example",
    "CELERY_BROKER_URL": "redis://cache.internal:6379/0",
}


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "CELERY_BROKER_URL"]
)
def test_production_refuses_to_start_without_its_required_settings(missing):
    env = {**PRODUCTION}
    env.pop(missing)
    got = probe("academy.settings.production", **env)
    assert "error" in got
    assert "ImproperlyConfigured" in got["error"]
    assert f"{missing} must be set" in got["error"]


def test_production_refuses_an_empty_broker_url():
    got = probe(
        "academy.settings.production", **{**PRODUCTION, "CELERY_BROKER_URL": ""}
    )
    assert "CELERY_BROKER_URL must be set" in got.get("error", "")


def test_production_requires_email_verification_and_no_debug():
    got = probe("academy.settings.production", **PRODUCTION, DJANGO_DEBUG="true")
    assert got["verification"] == "mandatory"
    assert got["debug"] is False


def test_production_never_runs_tasks_eagerly():
    got = probe("academy.settings.production", **PRODUCTION)
    assert got["eager"] is False


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed interpreter and script
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**CLEAN, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "entry_point", ["academy.celery", "academy.wsgi", "academy.asgi"]
)
def test_worker_beat_and_web_refuse_to_start_without_a_settings_module(entry_point):
    result = run_python(f"import {entry_point}")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SETTINGS_MODULE is not set" in result.stderr
    assert "academy.settings.production" in result.stderr  # says what to set


def test_the_celery_command_refuses_to_start_without_a_settings_module():
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "academy", "report"],
        cwd=ROOT,
        env=CLEAN,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SETTINGS_MODULE is not set" in result.stderr


def test_the_web_entry_point_starts_on_the_settings_it_is_given():
    result = run_python(
        "from django.conf import settings; import academy.wsgi as w; "
        "print(callable(w.application), settings.DEBUG, "
        "settings.CELERY_TASK_ALWAYS_EAGER)",
        DJANGO_SETTINGS_MODULE="academy.settings.production",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "False"]


def test_only_manage_py_defaults_to_the_development_settings():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "import os; from django.conf "
            "import settings; print(os.environ['DJANGO_SETTINGS_MODULE'], "
            "settings.DEBUG)",
        ],
        cwd=ROOT,
        env=CLEAN,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["academy.settings.dev", "True"]
