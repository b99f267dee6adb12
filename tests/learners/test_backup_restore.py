"""Backup and restore drill: a restored database serves the same records.

Runs the documented scripts (deploy/backup.sh, deploy/restore.sh) against the test
database on PostgreSQL, restores into a second database, and asks a separate
academy process on that copy for the learner's pages and certificate.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from learners.models import Certificate
from learners.services.enrolment import enrolments_sync_for_learners
from learners.services.progress import lesson_mark_complete
from tests.learners.checks import quiz_submit
from tests.learners.conftest import ALL_RIGHT

ROOT = Path(settings.BASE_DIR)

pytestmark = pytest.mark.django_db(transaction=True)

# Run in another process on the restored database: the learner's My learning
# page and the public certificate page, as the academy serves them.
SERVE = """
import json, sys
import django
django.setup()
from django.test import Client
from accounts.models import User
from learners.models import Certificate
user = User.objects.get(email=sys.argv[1])
client = Client()
client.force_login(user)
mine = client.get("/my-learning/")
certificate = Certificate.objects.get(learner__user=user, kind="course")
public = Client().get(f"/certificates/{certificate.uuid}/")
print(json.dumps({
    "my_learning": mine.status_code,
    "my_learning_html": mine.content.decode(),
    "certificate": public.status_code,
    "certificate_html": public.content.decode(),
    "certificates": sorted(
        [str(c.uuid), c.item_title, c.issued_on.isoformat()]
        for c in Certificate.objects.filter(learner__user=user)
    ),
}))
"""


def _url(name: str) -> str:
    db = connection.settings_dict
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    user = db.get("USER") or "postgres"
    return f"postgres://{user}@{host}:{port}/{name}"


def _psql(sql: str) -> None:
    subprocess.run(  # noqa: S603 - fixed command, test-owned database names
        ["psql", _url("postgres"), "-v", "ON_ERROR_STOP=1", "-qc", sql],  # noqa: S607
        check=True,
        capture_output=True,
    )


@pytest.fixture
def restored_db():
    name = f"{connection.settings_dict['NAME']}_restored"
    _psql(f'DROP DATABASE IF EXISTS "{name}"')
    _psql(f'CREATE DATABASE "{name}"')
    yield name
    _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(script: str, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - the project's own scripts
        ["bash", str(ROOT / "deploy" / script), *args],  # noqa: S607
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.postgres
def test_a_restored_database_serves_the_same_records_and_certificates(
    world, enrolled, restored_db, tmp_path
):
    enrolments_sync_for_learners(learner_ids=[enrolled.pk])
    lesson_mark_complete(learner=enrolled, lesson_id=world.reading.pk)
    quiz_submit(learner=enrolled, lesson_id=world.quiz.pk, answers=ALL_RIGHT)
    certificate = Certificate.objects.get(learner=enrolled, kind="course")
    media = tmp_path / "media"
    (media / "certificates").mkdir(parents=True)
    (media / "certificates" / f"{certificate.uuid}.pdf").write_bytes(b"%PDF-1.7 x")

    client = Client()
    client.force_login(enrolled.user)
    before_mine = client.get("/my-learning/")
    before_public = Client().get(f"/certificates/{certificate.uuid}/")
    assert before_mine.status_code == before_public.status_code == 200

    backup = tmp_path / "backup"
    env = {**os.environ, "MEDIA_ROOT": str(media)}
    made = _run(
        "backup.sh",
        str(backup),
        env={**env, "DATABASE_URL": _url(connection.settings_dict["NAME"])},
    )
    assert made.returncode == 0, made.stderr
    assert {p.name for p in backup.iterdir()} == {
        "academy.dump",
        "media.tar.gz",
        "SHA256SUMS",
    }

    restored_media = tmp_path / "restored-media"
    done = _run(
        "restore.sh",
        str(backup),
        env={
            **env,
            "DATABASE_URL": _url(restored_db),
            "MEDIA_ROOT": str(restored_media),
        },
    )
    assert done.returncode == 0, done.stderr
    assert (
        restored_media / "certificates" / f"{certificate.uuid}.pdf"
    ).read_bytes() == (b"%PDF-1.7 x")

    served = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", SERVE, enrolled.user.email],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": _url(restored_db),
            "DJANGO_SETTINGS_MODULE": "academy.settings.test",
            "CELERY_BROKER_URL": "",
            "REDIS_URL": "",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert served.returncode == 0, served.stderr
    after = json.loads(served.stdout.strip().splitlines()[-1])
    assert after["my_learning"] == after["certificate"] == 200
    assert after["certificate_html"] == before_public.content.decode()
    assert after["certificates"] == sorted(
        [str(c.uuid), c.item_title, c.issued_on.isoformat()]
        for c in Certificate.objects.filter(learner=enrolled)
    )
    assert world.course.title in after["my_learning_html"]
    assert str(certificate.uuid) in after["my_learning_html"]


@pytest.mark.postgres
def test_restore_refuses_a_damaged_backup(restored_db, tmp_path):
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "academy.dump").write_bytes(b"not a dump")
    (backup / "SHA256SUMS").write_text(f"{'0' * 64}  academy.dump\n")
    result = _run(
        "restore.sh",
        str(backup),
        env={**os.environ, "DATABASE_URL": _url(restored_db)},
    )
    assert result.returncode == 2
    assert "checksums do not match" in result.stderr


def test_backup_refuses_a_database_that_is_not_postgresql(tmp_path):
    result = _run(
        "backup.sh",
        str(tmp_path / "out"),
        env={**os.environ, "DATABASE_URL": "sqlite:///db.sqlite3"},
    )
    assert result.returncode == 2
    assert "not a PostgreSQL URL" in result.stderr
