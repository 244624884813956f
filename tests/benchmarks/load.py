"""Officials at once against gunicorn, as the load tests run them but with more work: one official
alone (the latency of a request with nobody queued before it), 16 on the embedded SQLite and 50 on
PostgreSQL (when ``TEST_DATABASE_URL`` is set) racing for a shared pool of reviews. Prints p50,
p95 and p99 of each kind of request and the requests served per second.

    python -m tests.benchmarks.load
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from tests.load import harness

SINGLE = 60
SQLITE_CLIENTS, SQLITE_POOL = 16, 160
POSTGRESQL_CLIENTS, POSTGRESQL_POOL = 50, 300


def _single(database_url: str, folder: Path, count: int, web_workers: int) -> None:
    timings = harness.Timings()
    with harness.Served(database_url, folder, web_workers=web_workers) as served:
        cases = harness.ask_for_lookups(served.url, count, timings)
        harness.single_official(served.url, cases, timings)
    where = f"{_name(database_url)}, {web_workers} web workers"
    print(timings.report(f"one official alone, {count} reviews ({where})"))


def _race(database_url: str, folder: Path, clients: int, pool: int, web_workers: int) -> None:
    timings = harness.Timings()
    with harness.Served(database_url, folder, web_workers=web_workers) as served:
        cases = harness.ask_for_lookups(served.url, pool, timings)
        started = time.perf_counter()
        harness.race(served.url, [f"archive{n:02d}" for n in range(1, clients + 1)], cases, timings)
        seconds = time.perf_counter() - started
    requests = sum(len(timings.seconds[kind]) for kind in ("inbox", "claim", "complete"))
    title = (
        f"{clients} officials racing for {pool} reviews ({_name(database_url)}, {web_workers} web workers)"
    )
    print(timings.report(title))
    print(
        f"  {requests} requests in {seconds:.1f} s: {requests / seconds:.0f} per second;"
        f" 500s: {timings.server_errors()}"
    )
    done = harness.outcome(database_url, cases)
    exactly_once = done.completed == pool and set(done.completions_audited.values()) == {1}
    print(f"  reviews completed exactly once: {'yes' if exactly_once else 'NO'}")


def _name(database_url: str) -> str:
    return database_url.split(":", 1)[0]


def main(
    single: int = SINGLE,
    sqlite: tuple[int, int] = (SQLITE_CLIENTS, SQLITE_POOL),
    postgresql: tuple[int, int] | None = (POSTGRESQL_CLIENTS, POSTGRESQL_POOL),
) -> None:
    """``single`` reviews alone, then (clients, pool) on SQLite and on PostgreSQL (None: not)."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/yijiao.db"
        harness.seed(url, officials=sqlite[0])
        _single(url, Path(folder), single, web_workers=2)
        _race(url, Path(folder), *sqlite, web_workers=2)
    server = os.environ.get("TEST_DATABASE_URL")
    if postgresql is None or not server:
        print("PostgreSQL: skipped (set TEST_DATABASE_URL)")
        return
    with tempfile.TemporaryDirectory() as folder, harness.fresh_postgresql(server, "bench_load") as url:
        harness.seed(url, officials=postgresql[0])
        _single(url, Path(folder), single, web_workers=4)
        _race(url, Path(folder), *postgresql, web_workers=4)


if __name__ == "__main__":
    main()
