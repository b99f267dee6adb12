"""Shared fixtures: the personas (docs/architecture.md, "People and permissions")
and helpers to sign them in."""

import os

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.test import Client

from accounts import personas
from tests.factories import DepartmentFactory, LearnerFactory, UserFactory

# Live-server browser tests call the ORM from Playwright's event loop thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# --- PostgreSQL-only tests -------------------------------------------------------
# Tests marked ``postgres`` (row locks, concurrency) skip on SQLite. CI's PostgreSQL
# pass sets ACADEMY_REQUIRE_POSTGRES=1: then a run on any other database fails at
# once, and a ``postgres`` test can never be skipped.


def _postgres_required() -> bool:
    return os.environ.get("ACADEMY_REQUIRE_POSTGRES", "").lower() in ("1", "true")


def _database_engine() -> str:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"]


def is_postgresql(engine: str) -> bool:
    return engine.rsplit(".", 1)[-1] in ("postgresql", "postgis")


def postgres_requirement_error(*, engine: str, required: bool) -> str | None:
    """Why this run must stop before it starts, or None."""
    if required and not is_postgresql(engine):
        return (
            f"ACADEMY_REQUIRE_POSTGRES is set but the test database is {engine}: "
            "set DATABASE_URL=postgres://... (see README, Tests)."
        )
    return None


def postgres_test_outcome(*, engine: str, required: bool) -> str:
    """What happens to a ``postgres``-marked test: "run", "skip" or "fail"."""
    if is_postgresql(engine):
        return "run"
    return "fail" if required else "skip"


def pytest_configure(config):
    error = postgres_requirement_error(
        engine=_database_engine(), required=_postgres_required()
    )
    if error:
        raise pytest.UsageError(error)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") is None:
        return
    engine = _database_engine()
    outcome = postgres_test_outcome(engine=engine, required=_postgres_required())
    if outcome == "fail":
        pytest.fail(f"This test needs PostgreSQL and ran on {engine}.", pytrace=False)
    if outcome == "skip":
        pytest.skip(f"Needs PostgreSQL; the test database is {engine}.")


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker is not None and marker.kwargs.get("transaction")) or (
        "transactional_db" in getattr(item, "fixturenames", ())  # the Celery worker
    )


_TRANSACTIONAL_DB_SET_UP = pytest.StashKey[bool]()


@pytest.fixture(autouse=True)
def _reseed_transactional_tests(request):
    """A transactional test starts from the seeded site, whatever ran before it."""
    if _transactional(request.node):
        request.getfixturevalue("transactional_db")
        request.node.stash[_TRANSACTIONAL_DB_SET_UP] = True
        from tests.seed import reseed

        reseed()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """...and leaves it seeded: its flush at the end empties every table, and in a
    parallel run the next test in this process may be any kind of test."""
    yield
    # A test skipped before its database was set up (e.g. a ``postgres`` test on
    # SQLite) flushed nothing, and the test database may not even exist yet.
    set_up = item.stash.get(_TRANSACTIONAL_DB_SET_UP, False)
    if nextitem is not None and _transactional(item) and set_up:
        from pytest_django.plugin import blocking_manager_key

        from tests.seed import reseed

        with item.config.stash[blocking_manager_key].unblock():
            reseed()


PERSONAS = (
    "anonymous",
    "learner",
    "manager",
    "ld_editor",
    "ld_reviewer",
    "academy_admin",
    "leadership",
)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and throttles live in the cache; each test starts clean.
    from django.core.cache import cache

    from cms.fragments import local_clear

    cache.clear()
    local_clear()
    yield
    cache.clear()


def give_totp(user) -> str:
    """Activate an authenticator app for ``user``; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def record_second_factor(session, user) -> None:
    """Note in ``session`` that ``user`` entered their authenticator code, as
    allauth does after the code step of the login form."""
    from allauth.account.internal.flows.login import record_authentication

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    request = HttpRequest()
    request.session = session
    request.user = user
    record_authentication(request, user, "mfa", id=authenticator.pk, type="totp")
    session.save()


class AcademyClient(Client):
    """Signs people in as the login form would: staff with an authenticator app
    also enter its code, so their session has passed the second factor.
    ``second_factor=False`` signs in with the password alone."""

    def force_login(self, user, backend=None, *, second_factor: bool | None = None):
        super().force_login(user, backend)
        if second_factor is None:
            second_factor = has_totp(user)
        if second_factor:
            record_second_factor(self.session, user)


@pytest.fixture
def client() -> AcademyClient:
    return AcademyClient()


def _in_group(user, name):
    user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def department(db):
    return DepartmentFactory(name="Claims")


@pytest.fixture
def manager(db, department):
    return LearnerFactory(
        user__first_name="Tomás",
        user__last_name="Álvarez",
        department=department,
        job_title="Head of Claims",
    )


@pytest.fixture
def learner(db, department, manager):
    return LearnerFactory(
        user__first_name="Priya",
        user__last_name="Raman",
        department=department,
        manager=manager,
    )


@pytest.fixture
def other_learner(db):
    return LearnerFactory(user__first_name="Jonas", user__last_name="Eriksen")


@pytest.fixture
def ld_editor(db):
    user = UserFactory(first_name="Grace", last_name="Whitfield")
    give_totp(user)
    return _in_group(user, personas.LD_EDITORS)


@pytest.fixture
def ld_reviewer(db):
    user = UserFactory(first_name="Kwame", last_name="Mensah")
    give_totp(user)
    return _in_group(user, personas.LD_REVIEWERS)


@pytest.fixture
def academy_admin(db):
    user = UserFactory(first_name="Sofia", last_name="Lindqvist")
    give_totp(user)
    return _in_group(user, personas.ACADEMY_ADMINS)


@pytest.fixture
def leadership(db):
    user = UserFactory(first_name="Daniel", last_name="Okafor")
    give_totp(user)
    return _in_group(user, personas.LEADERSHIP)


@pytest.fixture
def persona_user(
    request, learner, manager, ld_editor, ld_reviewer, academy_admin, leadership
):
    """Map a persona name to its user (None for anonymous)."""
    users = {
        "anonymous": None,
        "learner": learner.user,
        "manager": manager.user,
        "ld_editor": ld_editor,
        "ld_reviewer": ld_reviewer,
        "academy_admin": academy_admin,
        "leadership": leadership,
    }
    return users


def has_totp(user) -> bool:
    return Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists()
