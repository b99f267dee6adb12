"""deploy/gunicorn.conf.py: the web process's workers, as ADR 0016 describes."""

import runpy
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"


def _load(monkeypatch, cores: int, **env: str) -> dict:
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: cores)
    for name in ("WEB_CONCURRENCY", "WEB_THREADS", "WEB_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


@pytest.mark.parametrize(("cores", "workers"), [(1, 3), (2, 6), (4, 12)])
def test_three_threaded_workers_of_two_threads_per_core(monkeypatch, cores, workers):
    conf = _load(monkeypatch, cores)
    assert conf["worker_class"] == "gthread"
    assert (conf["workers"], conf["threads"]) == (workers, 2)
    assert conf["preload_app"] is True
    assert conf["bind"] == "127.0.0.1:8000"


def test_the_environment_overrides_workers_threads_and_address(monkeypatch):
    conf = _load(
        monkeypatch,
        2,
        WEB_CONCURRENCY="4",
        WEB_THREADS="3",
        WEB_BIND="10.0.0.5:8000",
    )
    assert (conf["workers"], conf["threads"], conf["bind"]) == (4, 3, "10.0.0.5:8000")
