"""Shared bits of the benchmarks: databases to run on, timing, printing."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from engine.database import make_engine
from engine.migrate import upgrade
from tests.database import recreate_schema, truncate_all


def database_urls() -> list[str]:
    """SQLite always; PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL names one."""
    urls = ["sqlite"]
    postgresql = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if postgresql:
        urls.append(postgresql)
    return urls


@contextmanager
def fresh_database(url: str) -> Iterator[Engine]:
    """A migrated, empty database: a temporary SQLite file, or a wiped PostgreSQL schema."""
    if url == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            db_engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
            upgrade(db_engine)
            yield db_engine
            db_engine.dispose()
        return
    db_engine = make_engine(url)
    recreate_schema(db_engine)
    yield db_engine
    truncate_all(db_engine)
    db_engine.dispose()


def median_ms(run: Callable[[], object], repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def label(url: str) -> str:
    return "SQLite" if url == "sqlite" else "PostgreSQL"


def definition_row(key: str, at: datetime) -> dict:
    """A deployed definition as a bare row (the benchmarks' cases need one to point at)."""
    return dict(
        key=key,
        version=1,
        name=key,
        content_hash="0" * 64,
        deployed_at=at,
        deployed_by="bench",
        lanes=["enterprise"],
        executable=True,
        sources={},
    )


def case_row(key: str, title: str, at: datetime, definition_id: int = 1) -> dict:
    """A running case as a bare row, with an empty state (the benchmarks never step it)."""
    return dict(
        definition_id=definition_id,
        process_key=key,
        title=title,
        status="running",
        parties={},
        state="{}",
        started_at=at,
        started_by="bench",
        updated_at=at,
        revision=1,
    )
