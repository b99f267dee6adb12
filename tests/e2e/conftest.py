"""Browser journeys: Playwright drives Debian's Chromium against a live server.

Chromium comes from the operating system (``apt-get install chromium``), never from
a download at test time. Without it these tests skip, unless
``ACADEMY_REQUIRE_BROWSER=1`` (set by CI) turns the skip into a failure.
"""

import os
import shutil
import threading
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

CHROMIUM = os.environ.get("ACADEMY_CHROMIUM", "/usr/bin/chromium")


def _chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
    if _chromium_available():
        return
    if os.environ.get("ACADEMY_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(
            f"Browser tests are required but Chromium is missing at {CHROMIUM}."
        )
    skip = pytest.mark.skip(reason=f"Chromium not installed at {CHROMIUM}")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def page(page):
    page.set_default_timeout(15_000)
    return page


class _RequestsInFlight:
    """The live server's application, counting the requests it is answering."""

    def __init__(self, app):
        self.app = app
        self.count = 0
        self.last_finished = 0.0
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self._lock:
            self.count += 1
        try:
            return self.app(environ, start_response)
        finally:
            with self._lock:
                self.count -= 1
                self.last_finished = time.monotonic()

    def wait_until_quiet(self, *, quiet: float = 0.3, limit: float = 10.0) -> None:
        """Return once no request has been in flight for ``quiet`` seconds."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            with self._lock:
                since = time.monotonic() - self.last_finished
                idle = self.count == 0 and since >= quiet
            if idle:
                return
            time.sleep(0.05)


def _requests_in_flight(live_server) -> _RequestsInFlight:
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    if not isinstance(app, _RequestsInFlight):
        app = _RequestsInFlight(app)
        httpd.set_app(app)
    return app


@pytest.fixture(autouse=True)
def _browser_quiet_before_the_flush(page, live_server):
    """After a journey, leave the page and let the live server finish what it
    is answering before the database is emptied. A page can still write as it
    goes (a SCORM package commits on unload): on PostgreSQL a request writing
    while the tables are truncated deadlocks, and on SQLite the server thread
    shares the test's in-memory connection, so the flush fails."""
    in_flight = _requests_in_flight(live_server)
    yield
    page.goto("about:blank")
    in_flight.wait_until_quiet()


def current_totp(secret: str) -> str:
    """The code an authenticator app shows now; never one about to expire."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 5:
        time.sleep(period - time.time() % period + 0.1)
    counter = int(time.time()) // period
    return format_hotp_value(hotp_value(secret, counter))


def sign_in(
    page,
    live_server,
    email: str,
    password: str,
    totp_secret: str | None = None,
    next_path: str = "/",
):
    """Sign in through the real login form (and the MFA prompt when needed)."""
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if totp_secret:
        # allauth labels the authenticator field "Code".
        page.get_by_label("Code", exact=True).fill(current_totp(totp_secret))
        page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
