"""ACADEMY_REQUIRE_POSTGRES and the ``postgres`` marker (hooks in tests/conftest.py)."""

import pytest

from tests import conftest

SQLITE = "django.db.backends.sqlite3"
POSTGRESQL = "django.db.backends.postgresql"


@pytest.mark.parametrize(
    ("engine", "required", "outcome"),
    [
        (POSTGRESQL, True, "run"),
        (POSTGRESQL, False, "run"),
        ("django.contrib.gis.db.backends.postgis", True, "run"),
        (SQLITE, False, "skip"),
        (SQLITE, True, "fail"),
    ],
)
def test_a_postgres_test_runs_skips_or_fails_by_database(engine, required, outcome):
    assert conftest.postgres_test_outcome(engine=engine, required=required) == outcome


def test_requiring_postgres_stops_a_run_on_sqlite_with_a_clear_message():
    error = conftest.postgres_requirement_error(engine=SQLITE, required=True)
    assert error is not None
    assert "ACADEMY_REQUIRE_POSTGRES" in error
    assert SQLITE in error
    assert "DATABASE_URL" in error


def test_nothing_stops_a_run_on_postgres_or_when_not_required():
    assert conftest.postgres_requirement_error(engine=POSTGRESQL, required=True) is None
    assert conftest.postgres_requirement_error(engine=SQLITE, required=False) is None


@pytest.fixture
def database_engine(monkeypatch):
    def use(engine: str, *, required: str | None) -> None:
        monkeypatch.setattr(conftest, "_database_engine", lambda: engine)
        if required is None:
            monkeypatch.delenv("ACADEMY_REQUIRE_POSTGRES", raising=False)
        else:
            monkeypatch.setenv("ACADEMY_REQUIRE_POSTGRES", required)

    return use


def test_the_session_fails_at_start_when_postgres_is_required_but_absent(
    database_engine, pytestconfig
):
    database_engine(SQLITE, required="1")
    with pytest.raises(pytest.UsageError, match="ACADEMY_REQUIRE_POSTGRES is set"):
        conftest.pytest_configure(pytestconfig)


def test_the_session_starts_on_postgres_when_it_is_required(
    database_engine, pytestconfig
):
    database_engine(POSTGRESQL, required="1")
    conftest.pytest_configure(pytestconfig)  # no error


def test_a_marked_test_fails_instead_of_skipping_when_postgres_is_required(
    database_engine, request
):
    request.node.add_marker(pytest.mark.postgres)
    database_engine(SQLITE, required="1")
    with pytest.raises(pytest.fail.Exception, match="needs PostgreSQL"):
        conftest.pytest_runtest_setup(request.node)


def test_a_marked_test_skips_on_sqlite_when_postgres_is_not_required(
    database_engine, request
):
    request.node.add_marker(pytest.mark.postgres)
    database_engine(SQLITE, required=None)
    with pytest.raises(pytest.skip.Exception, match="Needs PostgreSQL"):
        conftest.pytest_runtest_setup(request.node)


def test_an_unmarked_test_runs_on_any_database(database_engine, request):
    database_engine(SQLITE, required="1")
    conftest.pytest_runtest_setup(request.node)  # neither skips nor fails
