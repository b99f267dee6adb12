"""The load test refuses to leave this machine (bench/load.py)."""

import sys

import pytest

from bench import load


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "LOCALHOST"]
)
def test_loopback_hosts_are_accepted(host):
    assert load.require_loopback(host, "--host") == host


@pytest.mark.parametrize(
    "host",
    ["0.0.0.0", "10.0.0.5", "192.168.1.20", "academy.northwind.example", "", "::"],  # noqa: S104
)
def test_other_hosts_are_refused_with_a_clear_message(host):
    with pytest.raises(SystemExit, match="loopback address"):
        load.require_loopback(host, "--host")


def test_a_remote_database_is_refused(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://academy@db.internal:5432/academy")
    with pytest.raises(SystemExit, match="DATABASE_URL host"):
        load.database_url()


def test_a_local_postgres_database_is_accepted(monkeypatch):
    url = "postgres://postgres@127.0.0.1:5432/loadtest"
    monkeypatch.setenv("DATABASE_URL", url)
    assert load.database_url() == url


def test_sqlite_is_refused(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///db.sqlite3")
    with pytest.raises(SystemExit, match="needs PostgreSQL"):
        load.database_url()


def test_run_against_another_host_stops_before_starting_anything(monkeypatch):
    started = []
    monkeypatch.setattr(load, "PLAN", load.ROOT / "does-not-matter.json")
    monkeypatch.setattr(sys, "argv", ["load.py", "run", "--host", "10.1.2.3"])
    monkeypatch.setattr("subprocess.Popen", lambda *a, **k: started.append(a))
    with pytest.raises(SystemExit, match="loopback address"):
        load.main()
    assert started == []


def test_every_scenario_is_bounded_in_time(monkeypatch):
    monkeypatch.setattr(
        sys, "argv", ["load.py", "run", "--run-time", "100000", "--scenario", "lesson"]
    )
    with pytest.raises(SystemExit, match="at most"):
        load.main()
