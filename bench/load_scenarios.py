"""The load test's users and scenarios; imported by ``bench/load.py run`` only,
after gevent has patched the standard library."""

from __future__ import annotations

import base64
import contextlib
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
from dataclasses import dataclass, field
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlparse

import gevent
import psutil
import psycopg
import requests
from locust import HttpUser, between, constant, task
from locust.env import Environment

PASSWORD = "northwind-demo-2026"  # noqa: S105 - the demo's published password
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_addresses = itertools.count(1)
#: Longest wait for every virtual user to sign in before measuring.
SIGN_IN_TIMEOUT = 600
STARTUP_TIMEOUT = 120


def _client_address() -> str:
    """A distinct client address per virtual user, from 198.18.0.0/15."""
    n = next(_addresses)
    return f"198.{18 + (n >> 16) % 2}.{(n >> 8) % 256}.{n % 256}"


# The academy marks its cookies Secure; the proxy in front of it speaks TLS to the
# browser. Here the client talks plain HTTP to gunicorn and says so with
# X-Forwarded-Proto, so it must send Secure cookies over HTTP too. requests
# copies the session's cookies into a fresh jar (with the default policy) for
# every request, so the policy is changed for this process, the load client only.
DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True


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
    #: How many virtual users have finished signing in (the measurement waits
    #: for all of them: a sign-in costs a deliberately slow password hash).
    signed_in = 0

    def on_start(self) -> None:
        self.address = _client_address()
        self.client.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": self.address,
                "Origin": f"https://{self.host_name}",
            }
        )
        self.sign_in(next(type(self).accounts))
        AcademyUser.signed_in += 1

    @property
    def host_name(self) -> str:
        return self.host.split("://", 1)[1]

    def _csrf(self, path: str, name: str) -> str:
        page = self.client.get(path, name=name)
        found = CSRF_RE.search(page.text)
        return found.group(1) if found else ""

    def page(self, path: str, name: str) -> None:
        """GET a page that needs the person signed in; anything else is an error."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            elif "/accounts/login/" in response.url:
                response.failure("sent to the sign-in page")

    def act(self, path: str, data: dict, name: str) -> None:
        """POST a form as the signed-in person; expect its page (or a redirect)."""
        with self.post(path, data, name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            elif "/accounts/login/" in response.url:
                response.failure("sent to the sign-in page")

    def post(self, path: str, data: dict, name: str, **kwargs):
        token = self.client.cookies.get("csrftoken", "")
        return self.client.post(
            path,
            data={**data, "csrfmiddlewaretoken": token},
            headers={"Referer": f"https://{self.host_name}{path}"},
            name=name,
            **kwargs,
        )

    def sign_in(self, email: str) -> bool:
        """Sign in as a browser does; True when the academy let them in."""
        self._csrf("/accounts/login/", "sign in (form)")
        with self.post(
            "/accounts/login/",
            {"login": email, "password": PASSWORD},
            "sign in",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "/accounts/login/" in response.url:
                response.failure(f"sign-in failed: {response.status_code}")
                return False
            if "2fa/authenticate" in response.url:
                response.success()
                return self._second_factor(email)
            return True

    def _second_factor(self, email: str) -> bool:
        """Type the authenticator's code. A code is good for its 30 s window: one
        that waited longer than that in the queue (hundreds of people signing in
        at once, each a slow password hash) is refused, and a person types the
        new one, as here (three tries)."""
        secret = self.plan["leaders"][email]
        for attempt in range(3):
            with self.post(
                "/accounts/2fa/authenticate/",
                {"code": totp(secret)},
                "sign in (authenticator)",
                catch_response=True,
            ) as response:
                if "2fa/authenticate" not in response.url:
                    return True
                if attempt < 2:
                    response.success()  # the next try, with the new code
                    continue
                response.failure("authenticator code refused three times")
        return False


class LessonReader(AcademyUser):
    """Closed loop, no think time: lesson pages only."""

    wait_time = constant(0)

    @task
    def lesson(self) -> None:
        lesson = random.choice(self.plan["lessons"])
        self.page(lesson["url"], "lesson")


class Learner(AcademyUser):
    """The learner journey: home, My learning, a course, its lesson, a check."""

    wait_time = constant(0)

    @task(3)
    def home(self) -> None:
        self.page("/", "home")

    @task(3)
    def my_learning(self) -> None:
        self.page("/my-learning/", "my learning")

    @task(3)
    def course(self) -> None:
        course = random.choice(self.plan["courses"])
        self.page(course["url"], "course")

    @task(6)
    def lesson(self) -> None:
        lesson = random.choice(self.plan["lessons"])
        self.page(lesson["url"], "lesson")

    @task(1)
    def knowledge_check(self) -> None:
        checks = [item for item in self.plan["lessons"] if item["answers"]]
        lesson = random.choice(checks)
        # Starting draws the questions; the attempt page names them (q-<version>).
        with self.post(
            f"/learn/lessons/{lesson['id']}/check/",
            {},
            "start check",
            catch_response=True,
        ) as started:
            if started.status_code == 409:
                # Refused with its reason (an assessment this person passed, or
                # a cooldown): the academy's right answer, not a failure.
                started.success()
                return
            if started.status_code != 200:
                started.failure(f"{started.status_code}")
                return
        page = started.text
        # Questions are named q-<version>; an ordering question's items
        # o-<version>-<option>, each given its position.
        shown = set(re.findall(r'name="[qo]-(\d+)', page))
        if not shown:
            return  # an assessment that is closed for this person now
        attempt = re.search(r"/my-learning/attempts/(\d+)/submit/", page)
        answers: dict = {}
        for qid, options in lesson["answers"].items():
            if qid not in shown:
                continue
            if f'name="o-{qid}-' in page:
                for position, option in enumerate(options, start=1):
                    answers[f"o-{qid}-{option}"] = str(position)
            else:
                answers[f"q-{qid}"] = options
        self.act(
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
        self.act(f"/learn/lessons/{lesson['id']}/complete/", {}, "complete lesson")


class ThinkingLearner(Learner):
    wait_time = constant(3)


class Manager(AcademyUser):
    wait_time = constant(3)

    @task(4)
    def my_team(self) -> None:
        self.page("/my-team/", "my team")

    @task(1)
    def export(self) -> None:
        self.page("/my-team/export.csv", "my team export")


class Leader(AcademyUser):
    wait_time = constant(3)

    @task(3)
    def dashboard(self) -> None:
        self.page("/analytics/", "analytics")

    @task(1)
    def readiness(self) -> None:
        self.page("/analytics/readiness/", "analytics readiness")


class RushingPerson(AcademyUser):
    """Signs in once, opens the home page, and is done."""

    wait_time = between(0, 1)
    finished = 0
    succeeded = 0

    def on_start(self) -> None:
        self.address = _client_address()
        self.client.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": self.address,
                "Origin": f"https://{self.host_name}",
            }
        )
        try:
            if self.sign_in(next(type(self).accounts)):
                self.page("/", "home after sign-in")
                RushingPerson.succeeded += 1
        finally:
            RushingPerson.finished += 1

    @task
    def done(self) -> None:
        self.stop()


class Hammer(AcademyUser):
    """One address trying wrong passwords on one account, again and again."""

    wait_time = constant(0.2)

    def on_start(self) -> None:
        self.client.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": "198.19.255.254",
                "Origin": f"https://{self.host_name}",
            }
        )
        self._csrf("/accounts/login/", "hammer (form)")
        self.target = next(type(self).accounts)

    @task
    def wrong_password(self) -> None:
        with self.post(
            "/accounts/login/",
            {"login": self.target, "password": "not-the-password"},
            "hammer (wrong password)",
            catch_response=True,
        ) as response:
            Hammer.attempts += 1
            if response.status_code == 429:
                Hammer.throttled_count += 1
                response.success()
            elif response.status_code == 200 and "/accounts/login/" in response.url:
                response.success()  # Refused, as it should be.
            else:
                response.failure(f"wrong password answered {response.status_code}")

    throttled_count = 0
    attempts = 0


# --- the stack -----------------------------------------------------------------------


def _stack_env(args, root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(root),
        "DJANGO_SETTINGS_MODULE": "academy.settings.production",
        "DJANGO_SECRET_KEY": "load-test-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": f"{args.host},localhost",
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{args.host}:{args.port}",
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        "REDIS_URL": f"redis://127.0.0.1:6379/{args.redis_db_cache}",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:6379/{args.redis_db_broker}",
        "ACADEMY_TRUSTED_PROXY_COUNT": "1",
        "EMAIL_URL": "consolemail://",
    }


class Stack:
    def __init__(self, args, root: Path) -> None:
        self.args, self.root = args, root
        self.procs: list[subprocess.Popen] = []

    def __enter__(self) -> Stack:
        try:
            return self._start()
        except BaseException:
            self.__exit__()
            raise

    def _start(self) -> Stack:
        self.env = env = _stack_env(self.args, self.root)
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
                    # The deployed configuration (threaded workers, preloaded),
                    # with this run's address and sizes.
                    "--config",
                    str(self.root / "deploy" / "gunicorn.conf.py"),
                    "--bind",
                    f"{self.args.host}:{self.args.port}",
                    "--workers",
                    str(self.args.workers),
                    "--threads",
                    str(self.args.threads),
                    "--log-level",
                    "warning",
                ],
                cwd=self.root,
                env=env,
                start_new_session=True,  # its own process group, stopped as one
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
                start_new_session=True,  # its own process group, stopped as one
            )
        )
        base = f"http://{self.args.host}:{self.args.port}"
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            try:
                answer = requests.get(
                    f"{base}/healthz",
                    headers={"X-Forwarded-Proto": "https"},
                    timeout=10,
                    allow_redirects=False,
                )
                if answer.status_code == 200:
                    break
            except requests.RequestException:
                pass  # Not up yet, or busy starting: ask again.
            time.sleep(0.5)
        else:
            raise SystemExit(
                f"The academy did not answer /healthz within {STARTUP_TIMEOUT} s."
            )
        return self

    def __exit__(self, *exc) -> None:
        # Signal each whole process group: a gunicorn master killed on its own
        # would leave its workers serving the requests still queued.
        for proc in self.procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=20)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)


# --- measuring -----------------------------------------------------------------------


def _cpu_seconds(pids) -> dict[int, float]:
    found = {}
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.Error:
            continue
        found[pid] = times.user + times.system
    return found


class CpuMeter:
    """CPU seconds spent by the academy (gunicorn workers), its PostgreSQL
    backends and this client between ``start`` and ``stop``: the cost per request
    that sizing a deployment needs, whatever else the shared machine is doing."""

    def __init__(self, stack: Stack, database: str) -> None:
        self.stack, self.database = stack, database

    def _pids(self) -> dict[str, list[int]]:
        web = psutil.Process(self.stack.procs[0].pid)
        with psycopg.connect(self.stack.env["DATABASE_URL"], autocommit=True) as conn:
            backends = [
                pid
                for (pid,) in conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s "
                    "AND pid <> pg_backend_pid()",
                    [self.database],
                )
            ]
        return {
            "web": [web.pid, *(c.pid for c in web.children(recursive=True))],
            "db": backends,
            "client": [os.getpid()],
        }

    def start(self) -> None:
        self.started = time.monotonic()
        self.before = {k: _cpu_seconds(v) for k, v in self._pids().items()}

    def stop(self) -> dict[str, float]:
        after = {k: _cpu_seconds(v) for k, v in self._pids().items()}
        used = {
            k: sum(t - self.before[k].get(pid, 0.0) for pid, t in after[k].items())
            for k in after
        }
        used["seconds"] = time.monotonic() - self.started
        return used


# --- scenarios -----------------------------------------------------------------------


@dataclass
class Result:
    title: str
    seconds: float
    rows: list[tuple[str, int, float, float, float, float, int]]
    cpu: dict[str, float]
    load: tuple[float, float, float]
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return self.rows[-1][1] if self.rows else 0

    @property
    def failures(self) -> int:
        return self.rows[-1][6] if self.rows else 0

    def table(self) -> str:
        lines = [
            f"### {self.title}",
            "",
            f"{self.seconds:.0f} s measured; load average "
            f"{self.load[0]:.2f} / {self.load[1]:.2f} / {self.load[2]:.2f} "
            "(1 / 5 / 15 min) at the end.",
            "",
            "| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name, n, rate, p50, p95, p99, failed in self.rows:
            lines.append(
                f"| {name} | {n} | {rate:.1f} | {p50:.0f} | {p95:.0f} | {p99:.0f} "
                f"| {failed} |"
            )
        if self.requests:
            per = {
                k: 1000 * self.cpu[k] / self.requests for k in ("web", "db", "client")
            }
            lines += [
                "",
                f"CPU per request: academy {per['web']:.1f} ms, PostgreSQL "
                f"{per['db']:.1f} ms, load client {per['client']:.1f} ms "
                f"(academy {self.cpu['web']:.0f} CPU-s over "
                f"{self.cpu['seconds']:.0f} s).",
            ]
        lines += [f"Error: {e}" for e in self.errors]
        lines += self.notes
        return "\n".join(lines)


def _result(title: str, stats, seconds: float, cpu: dict[str, float]) -> Result:
    rows = []
    entries = sorted(stats.entries.values(), key=lambda e: e.name)
    for entry in [*entries, stats.total]:
        if not entry.num_requests:
            continue
        name = "**all**" if entry is stats.total else f"{entry.method} {entry.name}"
        rows.append(
            (
                name,
                entry.num_requests,
                entry.num_requests / seconds,
                entry.get_response_time_percentile(0.5),
                entry.get_response_time_percentile(0.95),
                entry.get_response_time_percentile(0.99),
                entry.num_failures,
            )
        )
    errors = [
        f"{e.occurrences}x {e.method} {e.name}: {e.error}"
        for e in stats.errors.values()
    ]
    return Result(title, seconds, rows, cpu, os.getloadavg(), errors)


def _drive(
    env_host: str,
    users: dict[type, int],
    seconds: float,
    meter: CpuMeter,
    title: str,
) -> Result:
    """Start the users, wait until every one has signed in, then measure
    ``seconds`` of steady state (the sign-ins are not in the figures)."""
    env = Environment(user_classes=list(users), host=env_host)
    runner = env.create_local_runner()
    total = sum(users.values())
    AcademyUser.signed_in = 0
    runner.spawn_users({cls.__name__: n for cls, n in users.items()}, wait=False)
    deadline = time.monotonic() + SIGN_IN_TIMEOUT
    while AcademyUser.signed_in < total and time.monotonic() < deadline:
        gevent.sleep(0.5)
    if AcademyUser.signed_in < total:
        runner.quit()
        raise SystemExit(
            f"Only {AcademyUser.signed_in} of {total} users signed in within "
            f"{SIGN_IN_TIMEOUT} s; see the errors above."
        )
    gevent.sleep(2)
    signing_in = [
        f"while signing in: {e.occurrences}x {e.method} {e.name}: {e.error}"
        for e in env.stats.errors.values()
    ]
    env.stats.reset_all()
    meter.start()
    gevent.sleep(seconds)
    cpu = meter.stop()
    result = _result(title, env.stats, cpu["seconds"], cpu)
    result.errors[:0] = signing_in
    runner.quit()
    return result


def _with_accounts(cls: type, plan: dict, accounts: list[str]) -> type:
    return type(
        cls.__name__,
        (cls,),
        {
            "plan": plan,
            "accounts": itertools.cycle(accounts),
            "abstract": False,
            "host": plan["host"],
        },
    )


def main(args, *, plan: dict, root: Path) -> list[Result]:
    host = f"http://{args.host}:{args.port}"
    plan = {**plan, "host": host}
    learners = plan["learners"]
    want = args.scenario
    print(
        f"Load test: {args.workers} gunicorn workers x {args.threads} threads on "
        f"{host}; {len(learners)} learner accounts, {len(plan['lessons'])} lessons."
    )
    results = []
    with Stack(args, root) as stack:
        meter = CpuMeter(stack, database=urlparse(stack.env["DATABASE_URL"]).path[1:])
        if want in ("all", "pages", "lesson"):
            results.append(
                _drive(
                    host,
                    {_with_accounts(LessonReader, plan, learners): args.users},
                    args.seconds,
                    meter,
                    f"Lesson pages, closed loop, {args.users} users",
                )
            )
            print(results[-1].table(), flush=True)
        if want in ("all", "pages", "journey"):
            results.append(
                _drive(
                    host,
                    {_with_accounts(Learner, plan, learners): args.users},
                    args.seconds,
                    meter,
                    f"Learner journey, closed loop, {args.users} users",
                )
            )
            print(results[-1].table(), flush=True)
        if want in ("all", "pages", "think"):
            n = args.think_users
            leaders = max(min(len(plan["leaders"]), n // 40), 1)
            managers = max(n // 20, 1)
            users = {
                _with_accounts(ThinkingLearner, plan, learners): n - managers - leaders,
                _with_accounts(Manager, plan, plan["managers"]): managers,
                _with_accounts(Leader, plan, list(plan["leaders"])): leaders,
            }
            results.append(
                _drive(
                    host,
                    users,
                    args.seconds,
                    meter,
                    f"{n} users with 3 s think time ({n - managers - leaders} "
                    f"learners, {managers} managers, {leaders} leadership)",
                )
            )
            print(results[-1].table(), flush=True)
        if want in ("all", "rush"):
            results.append(rush(host, plan, args, meter))
            print(results[-1].table(), flush=True)
    print("\n## Summary (paste into docs/benchmarks.md)\n")
    print("\n\n".join(result.table() for result in results))
    return results


def rush(host: str, plan: dict, args, meter: CpuMeter) -> Result:
    """Distinct people sign in through the proxy, spread over the window, while
    one address hammers one account with wrong passwords."""
    people = plan["learners"][: args.rush_people]
    seconds = args.rush_minutes * 60
    rushing = _with_accounts(RushingPerson, plan, people)
    # The hammer aims at someone outside the rush, so the rush's sign-ins are
    # not the ones its wrong guesses lock.
    hammer = _with_accounts(Hammer, plan, plan["learners"][-1:])
    env = Environment(user_classes=[rushing, hammer], host=host)
    runner = env.create_local_runner()
    Hammer.throttled_count = Hammer.attempts = 0
    meter.start()
    runner.spawn_users({hammer.__name__: 1}, wait=False)
    rate = len(people) / seconds
    started = time.monotonic()
    for i in range(len(people)):
        gevent.sleep(max(0.0, started + i / rate - time.monotonic()))
        runner.spawn_users({rushing.__name__: 1}, wait=False)
        if i and i % 200 == 0:
            print(
                f"  rush: {i} started, {RushingPerson.succeeded} signed in, "
                f"{time.monotonic() - started:.0f} s",
                flush=True,
            )
    # Let the last ones finish signing in (bounded), then stop.
    deadline = time.monotonic() + 60
    while RushingPerson.finished < len(people) and time.monotonic() < deadline:
        gevent.sleep(0.5)
    cpu = meter.stop()
    runner.quit()
    elapsed = time.monotonic() - started
    result = _result(
        f"Sign-in rush: {len(people)} people through the proxy in "
        f"{args.rush_minutes:g} min, one address hammering one account",
        env.stats,
        elapsed,
        cpu,
    )
    signed = env.stats.get("sign in", "POST")
    refused = sum(
        e.occurrences
        for e in env.stats.errors.values()
        if "429" in str(e.error) and e.name == "sign in"
    )
    result.notes.append(
        f"People signed in: {RushingPerson.succeeded} of {len(people)} "
        f"(sign-in POSTs {signed.num_requests}, failed {signed.num_failures}, "
        f"429 among them {refused}) in {elapsed:.0f} s. The hammering address "
        f"tried {Hammer.attempts} wrong passwords and was refused with 429 "
        f"{Hammer.throttled_count} times."
    )
    return result
