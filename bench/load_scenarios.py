"""The load test's users and scenarios; imported by ``bench/load.py run`` only,
after gevent has patched the standard library."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import os
import random
import re
import signal
import struct
import subprocess
import sys
import time
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path

import gevent
import requests
from locust import HttpUser, between, constant, task
from locust.env import Environment

PASSWORD = "northwind-demo-2026"  # noqa: S105 - the demo's published password
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_addresses = itertools.count(1)


def _client_address() -> str:
    """A distinct client address per virtual user, from 198.18.0.0/15."""
    n = next(_addresses)
    return f"198.{18 + (n >> 16) % 2}.{(n >> 8) % 256}.{n % 256}"


class _BehindTLSProxy(DefaultCookiePolicy):
    # The academy marks its cookies Secure; the proxy in front of it speaks TLS
    # to the browser. Here the client talks plain HTTP to gunicorn and says so
    # with X-Forwarded-Proto, so it must send Secure cookies over HTTP too.
    def return_ok_secure(self, cookie, request):
        return True


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 code (30 s, 6 digits, SHA-1), as authenticator apps make it."""
    counter = int((at or time.time()) // 30)
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


class AcademyUser(HttpUser):
    abstract = True
    plan: dict = {}
    accounts: itertools.cycle | None = None

    def on_start(self) -> None:
        self.client.cookies.set_policy(_BehindTLSProxy())
        self.address = _client_address()
        self.client.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": self.address,
                "Origin": f"https://{self.host_name}",
            }
        )
        self.sign_in(next(type(self).accounts))

    @property
    def host_name(self) -> str:
        return self.host.split("://", 1)[1]

    def _csrf(self, path: str, name: str) -> str:
        page = self.client.get(path, name=name)
        found = CSRF_RE.search(page.text)
        return found.group(1) if found else ""

    def post(self, path: str, data: dict, name: str, **kwargs):
        token = self.client.cookies.get("csrftoken", "")
        return self.client.post(
            path,
            data={**data, "csrfmiddlewaretoken": token},
            headers={"Referer": f"https://{self.host_name}{path}"},
            name=name,
            **kwargs,
        )

    def sign_in(self, email: str) -> None:
        self._csrf("/accounts/login/", "sign in (form)")
        with self.post(
            "/accounts/login/",
            {"login": email, "password": PASSWORD},
            "sign in",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "/accounts/login/" in response.url:
                response.failure(f"sign-in failed: {response.status_code}")
            elif "2fa/authenticate" in response.url:
                response.success()
                self._second_factor(email)

    def _second_factor(self, email: str) -> None:
        secret = self.plan["leaders"][email]
        with self.post(
            "/accounts/2fa/authenticate/",
            {"code": totp(secret)},
            "sign in (authenticator)",
            catch_response=True,
        ) as response:
            if "2fa/authenticate" in response.url:
                response.failure("authenticator code refused")


class LessonReader(AcademyUser):
    """Closed loop, no think time: lesson pages only."""

    wait_time = constant(0)

    @task
    def lesson(self) -> None:
        lesson = random.choice(self.plan["lessons"])
        self.client.get(lesson["url"], name="lesson")


class Learner(AcademyUser):
    """The learner journey: home, My learning, a course, its lesson, a check."""

    wait_time = constant(0)

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(3)
    def my_learning(self) -> None:
        self.client.get("/my-learning/", name="my learning")

    @task(3)
    def course(self) -> None:
        course = random.choice(self.plan["courses"])
        self.client.get(course["url"], name="course")

    @task(6)
    def lesson(self) -> None:
        lesson = random.choice(self.plan["lessons"])
        self.client.get(lesson["url"], name="lesson")

    @task(1)
    def knowledge_check(self) -> None:
        checks = [item for item in self.plan["lessons"] if item["answers"]]
        lesson = random.choice(checks)
        # Starting draws the questions; the attempt page names them (q-<version>).
        started = self.post(f"/learn/lessons/{lesson['id']}/check/", {}, "start check")
        shown = set(re.findall(r'name="q-(\d+)"', started.text))
        if not shown:
            return  # an assessment that is closed for this person now
        attempt = re.search(r"/my-learning/attempts/(\d+)/submit/", started.text)
        answers = {
            f"q-{qid}": options
            for qid, options in lesson["answers"].items()
            if qid in shown
        }
        self.post(
            f"/my-learning/attempts/{attempt.group(1)}/submit/",
            answers,
            "submit check",
        )

    @task(1)
    def complete(self) -> None:
        plain = [
            item
            for item in self.plan["lessons"]
            if not item["answers"] and not item.get("policy")
        ]
        lesson = random.choice(plain)
        self.post(f"/learn/lessons/{lesson['id']}/complete/", {}, "complete lesson")


class ThinkingLearner(Learner):
    wait_time = constant(3)


class Manager(AcademyUser):
    wait_time = constant(3)

    @task(4)
    def my_team(self) -> None:
        self.client.get("/my-team/", name="my team")

    @task(1)
    def export(self) -> None:
        self.client.get("/my-team/export.csv", name="my team export")


class Leader(AcademyUser):
    wait_time = constant(3)

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/analytics/", name="analytics")

    @task(1)
    def readiness(self) -> None:
        self.client.get("/analytics/readiness/", name="analytics readiness")


class RushingPerson(AcademyUser):
    """Signs in once, opens the home page, and is done."""

    wait_time = between(0, 1)

    def on_start(self) -> None:
        super().on_start()
        self.client.get("/", name="home after sign-in")

    @task
    def done(self) -> None:
        self.stop()


class Hammer(AcademyUser):
    """One address trying wrong passwords on one account, again and again."""

    wait_time = constant(0.2)

    def on_start(self) -> None:
        self.client.cookies.set_policy(_BehindTLSProxy())
        self.client.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": "198.19.255.254",
                "Origin": f"https://{self.host_name}",
            }
        )
        self._csrf("/accounts/login/", "hammer (form)")
        self.throttled = 0

    @task
    def wrong_password(self) -> None:
        with self.post(
            "/accounts/login/",
            {"login": self.plan["learners"][0], "password": "not-the-password"},
            "hammer",
            catch_response=True,
        ) as response:
            if response.status_code == 429:
                type(self).throttled_count += 1
            response.success()

    throttled_count = 0


# --- the stack -----------------------------------------------------------------------


def _stack_env(args, root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(root),
        "DJANGO_SETTINGS_MODULE": "academy.settings.production",
        "DJANGO_SECRET_KEY": "load-test-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{args.port}",
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        "REDIS_URL": "redis://127.0.0.1:6379/14",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15",
        "ACADEMY_TRUSTED_PROXY_COUNT": "1",
        "EMAIL_URL": "consolemail://",
    }


class Stack:
    def __init__(self, args, root: Path) -> None:
        self.args, self.root = args, root
        self.procs: list[subprocess.Popen] = []

    def __enter__(self) -> Stack:
        env = _stack_env(self.args, self.root)
        bin_dir = Path(sys.executable).parent
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=self.root,
            env=env,
            check=True,
        )
        self.procs.append(
            subprocess.Popen(  # noqa: S603
                [
                    str(bin_dir / "gunicorn"),
                    "academy.wsgi",
                    "--bind",
                    f"127.0.0.1:{self.args.port}",
                    "--workers",
                    str(self.args.workers),
                    "--threads",
                    str(self.args.threads),
                    "--log-level",
                    "warning",
                ],
                cwd=self.root,
                env=env,
            )
        )
        self.procs.append(
            subprocess.Popen(  # noqa: S603
                [
                    str(bin_dir / "celery"),
                    "-A",
                    "academy",
                    "worker",
                    "--concurrency",
                    "1",
                    "--loglevel",
                    "warning",
                ],
                cwd=self.root,
                env=env,
            )
        )
        base = f"http://127.0.0.1:{self.args.port}"
        for _ in range(120):
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        else:
            raise SystemExit("The academy did not answer /healthz within 60 s.")
        return self

    def __exit__(self, *exc) -> None:
        for proc in self.procs:
            proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


# --- scenarios -----------------------------------------------------------------------


def _drive(host: str, users: dict[type, int], seconds: float, warmup: float = 0):
    """Run the given users for ``seconds`` and return Locust's stats."""
    env = Environment(user_classes=list(users), host=host)
    runner = env.create_local_runner()
    total = sum(users.values())
    runner.start(user_count=total, spawn_rate=max(total / 5, 1))
    gevent.sleep(5 + warmup)
    env.stats.reset_all()  # measure the steady state, not the sign-ins
    gevent.sleep(seconds)
    runner.quit()
    return env.stats


def _report(title: str, stats, seconds: float) -> None:
    load1, _, _ = os.getloadavg()
    print(f"\n## {title}  (load average {load1:.2f})")
    print(f"{'page':28} {'req/s':>8} {'p50':>7} {'p95':>7} {'p99':>7} {'errors':>7}")
    entries = sorted(stats.entries.values(), key=lambda e: e.name)
    for entry in [*entries, stats.total]:
        if not entry.num_requests:
            continue
        print(
            f"{entry.name:28} {entry.num_requests / seconds:8.1f} "
            f"{entry.get_response_time_percentile(0.5):6.0f}ms "
            f"{entry.get_response_time_percentile(0.95):6.0f}ms "
            f"{entry.get_response_time_percentile(0.99):6.0f}ms "
            f"{entry.num_failures:7d}"
        )
    for error in stats.errors.values():
        print(f"  error x{error.occurrences}: {error.name}: {error.error}")


def _with_accounts(cls: type, plan: dict, accounts: list[str]) -> type:
    return type(
        cls.__name__,
        (cls,),
        {"plan": plan, "accounts": itertools.cycle(accounts), "abstract": False},
    )


def main(args, *, plan: dict, root: Path) -> None:
    host = f"http://127.0.0.1:{args.port}"
    learners = plan["learners"]
    want = args.scenario
    print(
        f"Load test: {args.workers} gunicorn workers x {args.threads} threads; "
        f"{len(learners)} learner accounts, {len(plan['lessons'])} lessons."
    )
    with Stack(args, root):
        if want in ("all", "lesson"):
            stats = _drive(
                host,
                {_with_accounts(LessonReader, plan, learners): args.users},
                args.seconds,
            )
            _report(
                f"Lesson pages, closed loop, {args.users} users", stats, args.seconds
            )
        if want in ("all", "journey"):
            stats = _drive(
                host,
                {_with_accounts(Learner, plan, learners): args.users},
                args.seconds,
            )
            _report(
                f"Learner journey, closed loop, {args.users} users", stats, args.seconds
            )
        if want in ("all", "think"):
            n = args.think_users
            leaders = max(len(plan["leaders"]), 1)
            managers = max(n // 20, 1)
            users = {
                _with_accounts(ThinkingLearner, plan, learners): n - managers - leaders,
                _with_accounts(Manager, plan, plan["managers"]): managers,
                _with_accounts(Leader, plan, list(plan["leaders"])): leaders,
            }
            stats = _drive(host, users, args.seconds, warmup=n / 40 + 10)
            _report(f"{n} users, 3 s think time", stats, args.seconds)
        if want in ("all", "rush"):
            rush(host, plan, args)


def rush(host: str, plan: dict, args) -> None:
    """Distinct people sign in through the proxy, spread over the window."""
    people = plan["learners"][: args.rush_people]
    seconds = args.rush_minutes * 60
    rushing = _with_accounts(RushingPerson, plan, people)
    hammer = _with_accounts(Hammer, plan, people[:1])
    env = Environment(user_classes=[rushing, hammer], host=host)
    runner = env.create_local_runner()
    runner.spawn_users({hammer.__name__: 1})
    rate = len(people) / seconds
    started = time.monotonic()
    for i in range(len(people)):
        gevent.sleep(max(0.0, started + i / rate - time.monotonic()))
        runner.spawn_users({rushing.__name__: 1})
    gevent.sleep(10)
    runner.quit()
    elapsed = time.monotonic() - started
    _report(
        f"Sign-in rush: {len(people)} people in {elapsed:.0f} s", env.stats, elapsed
    )
    rushed = env.stats.get("sign in", "POST")
    refused = sum(
        e.occurrences for e in env.stats.errors.values() if "429" in str(e.error)
    )
    print(
        f"  sign-ins: {rushed.num_requests}, failures {rushed.num_failures}, "
        f"429s among them {refused}; the hammering address was refused "
        f"{Hammer.throttled_count} times"
    )
