"""Many officials at once, as production serves them: the real entry commands (``yijiao upgrade-db``,
``yijiao seed-demo``, gunicorn on ``webapp:create_app()``, ``yijiao worker``) as subprocesses on
a database of their own, and API clients in threads over loopback HTTP.

The shared pool is real work: the demo's community asks 金水区档案馆 for ``pool`` archive
look-ups (``archive_lookup``), and ``clients`` officials of the archive department — each with a
login and a token of their own — race to claim and complete the reviews. Used by the load tests
(bounded counts) and ``make bench`` (``tests.benchmarks.load``), which prints the figures.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from engine.database import normalise_url
from engine.directory.audit import AuditEvent
from engine.directory.organisations import User
from engine.policy import resident_id
from engine.workflow.models import WorkItem
from tests.passwords import CHEAP_METHOD

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
ARCHIVES = "org-archive-410105"
PASSWORD = "demo"
REVIEW = "review_lookup_request"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def app_environment(database_url: str, **extra: str) -> dict[str, str]:
    """What the entry commands run with: the database, a random key, demo mode (demo logins),
    cheap password hashes (tokens for fifty officials in a second), no replay clock."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("YIJIAO_") and k != "DATABASE_URL"}
    environment |= {
        "DATABASE_URL": database_url,
        "YIJIAO_SECRET_KEY": secrets.token_hex(32),
        "YIJIAO_DEMO": "true",
        "YIJIAO_PASSWORD_HASH_METHOD": CHEAP_METHOD,
    }
    return environment | extra


def run_command(environment: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "yijiao"), *args], env=environment, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"yijiao {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return done.stdout


@contextmanager
def fresh_postgresql(url: str, name: str) -> Iterator[str]:
    """A new empty PostgreSQL database ``name`` beside ``url``'s, dropped afterwards."""
    base = make_url(normalise_url(url))
    server = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield base.set(database=name).render_as_string(hide_password=False)
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        server.dispose()


def seed(database_url: str, officials: int) -> None:
    """The demo campaign (``yijiao upgrade-db``, ``yijiao seed-demo``), and ``officials`` more
    officials of 金水区档案馆 (``archive01``, …) with the demo password."""
    environment = app_environment(database_url)
    run_command(environment, "upgrade-db")
    run_command(environment, "seed-demo")
    db_engine = create_engine(normalise_url(database_url))
    try:
        with Session(db_engine) as session, session.begin():
            model = session.scalar(select(User).where(User.username == "archive"))
            for n in range(1, officials + 1):
                user = User(username=f"archive{n:02d}", name=f"档案员{n}", organisation_id=ARCHIVES)
                user.roles, user.password_hash = ["official"], model.password_hash
                session.add(user)
    finally:
        db_engine.dispose()


class Served:
    """gunicorn with ``web_workers`` processes (as ``make run`` and the Dockerfile start it) and
    ``job_workers`` ``yijiao worker`` processes beside it, on ``database_url``."""

    def __init__(self, database_url: str, folder: Path, web_workers: int = 2, job_workers: int = 0):
        self.environment = app_environment(database_url)
        self.folder, self.web_workers, self.job_workers = folder, web_workers, job_workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.processes: list[subprocess.Popen] = []

    def __enter__(self) -> Served:
        web = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.web_workers)]
        self._start("web", [*web, "--timeout", "120", "webapp:create_app()"])
        for n in range(self.job_workers):
            self._start(f"worker{n + 1}", [str(BIN / "yijiao"), "worker", "--interval", "1"])
        self._wait_until_healthy()
        return self

    def __exit__(self, *exc_info) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    def running(self) -> bool:
        return all(process.poll() is None for process in self.processes)

    def log(self, name: str = "web") -> str:
        return (self.folder / f"{name}.log").read_text(encoding="utf-8", errors="replace")

    def _start(self, name: str, command: list[str]) -> None:
        log = (self.folder / f"{name}.log").open("w")
        process = subprocess.Popen(
            command, env=self.environment, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append(process)

    def _wait_until_healthy(self, seconds: float = 60) -> None:
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            if not self.running():
                raise RuntimeError("a process ended at start:\n" + self.log())
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz in time:\n" + self.log())


# -- clients -----------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    body: Any
    seconds: float


@dataclass
class Timings:
    """Every request's status and time, by what it did (``inbox``, ``claim``, ``complete``, …)."""

    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, kind: str, answer: Answer) -> None:
        with self.lock:
            self.statuses[kind][answer.status] += 1
            self.seconds[kind].append(answer.seconds)

    def server_errors(self) -> int:
        return sum(n for counter in self.statuses.values() for status, n in counter.items() if status >= 500)

    def percentiles(self, kind: str) -> tuple[float, float, float]:
        """p50, p95, p99 of ``kind`` in milliseconds."""
        cuts = statistics.quantiles(self.seconds[kind], n=100, method="inclusive")
        return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000

    def report(self, title: str) -> str:
        lines = [title]
        for kind in sorted(self.seconds):
            p50, p95, p99 = self.percentiles(kind) if len(self.seconds[kind]) > 1 else (0, 0, 0)
            statuses = ", ".join(f"{status}×{n}" for status, n in sorted(self.statuses[kind].items()))
            lines.append(
                f"  {kind:<9} n={len(self.seconds[kind]):>5}  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
                f"p99 {p99:7.1f} ms  ({statuses})"
            )
        return "\n".join(lines)


class Client:
    """One official's API client: a token of their own, JSON over loopback HTTP."""

    def __init__(self, base_url: str, username: str, timings: Timings | None = None):
        self.base = base_url + "/api/v1"
        self.timings = timings
        answer = self.call("POST", "/tokens", {"username": username, "password": PASSWORD}, kind="token")
        if answer.status != 201:
            raise RuntimeError(f"{username} got no token: {answer.status} {answer.body}")
        self.token = answer.body["token"]

    def call(self, method: str, path: str, body: Any = None, kind: str | None = None) -> Answer:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if getattr(self, "token", None):
            request.add_header("Authorization", f"Bearer {self.token}")
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        answer = Answer(status, json.loads(raw) if raw else None, time.perf_counter() - started)
        if self.timings is not None and kind is not None:
            self.timings.note(kind, answer)
        return answer


def ask_for_lookups(base_url: str, count: int, timings: Timings | None = None) -> list[int]:
    """The demo community asks 金水区档案馆 for ``count`` look-ups; the cases' ids."""
    community = Client(base_url, "community", timings)
    cases = []
    for n in range(count):
        form = {
            "retiree_name": f"查阅人{n}",
            "id_number": resident_id.make("410105", date(1950, 1, 1 + n % 28), (2 * n + 1) % 1000),
            "purpose": "核对工龄",
            "kind": "查阅",
            "archive_department": ARCHIVES,
        }
        answer = community.call(
            "POST", "/instances", {"process": "archive_lookup", "form": form}, kind="start"
        )
        if answer.status != 201:
            raise RuntimeError(f"look-up {n} not started: {answer.status} {answer.body}")
        cases.append(answer.body["id"])
    return cases


def race(base_url: str, officials: list[str], cases: list[int], timings: Timings, seed: int = 17) -> None:
    """Every official, in a thread of their own, takes the reviews of ``cases`` from the shared
    inbox until none is left: claim (200, or 409 when another got it first), then complete."""
    pool = set(cases)
    clients = [Client(base_url, username, timings) for username in officials]
    start = threading.Barrier(len(clients))
    failures: list[BaseException] = []

    def work(client: Client, chooser: random.Random) -> None:
        try:
            start.wait(timeout=60)
            while True:
                inbox = client.call("GET", "/tasks?scope=claimable&per_page=50", kind="inbox")
                if inbox.status != 200:
                    continue
                reviews = _reviews(inbox, pool)
                if not reviews:
                    return
                item = chooser.choice(reviews[:10])
                claimed = client.call("POST", f"/tasks/{item['id']}/claim", kind="claim")
                if claimed.status == 200:
                    client.call(
                        "POST", f"/tasks/{item['id']}/complete", {"data": {"approved": True}}, kind="complete"
                    )
        except BaseException as error:  # noqa: BLE001 - reported after the race
            failures.append(error)

    threads = [
        threading.Thread(target=work, args=(client, random.Random(seed + n)), name=f"client-{n}")
        for n, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    if failures:
        raise failures[0]


def _reviews(inbox: Answer, pool: set[int]) -> list[dict[str, Any]]:
    """The reviews of the pool's cases in an inbox page (the demo has look-ups of its own)."""
    return [item for item in inbox.body["items"] if item["spec_id"] == REVIEW and item["case"]["id"] in pool]


def single_official(base_url: str, cases: list[int], timings: Timings) -> None:
    """One official alone claims and completes the reviews of ``cases``, one after another."""
    client = Client(base_url, "archive", timings)
    pool = set(cases)
    for _ in cases:
        inbox = client.call("GET", "/tasks?scope=claimable&per_page=50", kind="inbox")
        reviews = _reviews(inbox, pool)
        if not reviews:
            return
        client.call("POST", f"/tasks/{reviews[0]['id']}/claim", kind="claim")
        client.call(
            "POST", f"/tasks/{reviews[0]['id']}/complete", {"data": {"approved": True}}, kind="complete"
        )


@dataclass(frozen=True)
class Outcome:
    """What the database says the race did to the pool's reviews."""

    reviews: int
    completed: int
    completions_audited: Counter
    claims_audited: Counter


def outcome(database_url: str, cases: list[int]) -> Outcome:
    db_engine = create_engine(normalise_url(database_url))
    try:
        with Session(db_engine) as session:
            items = session.execute(
                select(WorkItem.id, WorkItem.state).where(
                    WorkItem.instance_id.in_(cases), WorkItem.spec_id == REVIEW
                )
            ).all()
            ids = [item.id for item in items]
            audited = session.execute(
                select(AuditEvent.action, AuditEvent.work_item_id, func.count())
                .where(AuditEvent.work_item_id.in_(ids), AuditEvent.action.in_(("claim", "complete")))
                .group_by(AuditEvent.action, AuditEvent.work_item_id)
            ).all()
    finally:
        db_engine.dispose()
    completions = Counter({item: n for action, item, n in audited if action == "complete"})
    claims = Counter({item: n for action, item, n in audited if action == "claim"})
    return Outcome(len(items), sum(1 for item in items if item.state == "completed"), completions, claims)
