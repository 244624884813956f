"""Shared bits of the benchmarks: databases to run on, timing, printing."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from engine.database import make_engine
from engine.migrate import upgrade
from engine.policy import resident_id
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


def transactions(sessions: sessionmaker) -> Callable[[], Any]:
    """``with tx() as session:`` — one transaction, committed at the end of the block."""

    @contextmanager
    def tx() -> Iterator[Session]:
        with sessions() as session, session.begin():
            yield session

    return tx


SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = "建国 秀英 志刚 桂兰 德明 玉梅 保国 红梅 长生 爱华".split()
#: sequence numbers per birth date (1–998: odd for men, even for women)
PER_BIRTH_DATE = 998


def retirees(county: str, size: int) -> Iterator[dict[str, Any]]:
    """``size`` ordinary retirees living where their hukou is, in ``county``, with valid ID numbers
    unique within the county (998 a birth date), every third a party member, addresses spread over
    20 streets; as roster fields (``engine.policy.rules.RETIREE_FIELDS``)."""
    for n in range(size):
        sequence = n % PER_BIRTH_DATE + 1
        born = date(1945, 1, 1) + timedelta(days=n // PER_BIRTH_DATE)
        yield {
            "name": SURNAMES[n % len(SURNAMES)] + GIVEN[n // len(SURNAMES) % len(GIVEN)],
            "sex": "男" if sequence % 2 else "女",
            "id_number": resident_id.make(county, born, sequence),
            "birth_date": born,
            "retirement_date": date(born.year + 60, born.month, 1),
            "hukou_code": county,
            "residence_code": county,
            "category": "普通退休人员",
            "party_member": n % 3 == 0,
            "special_status": ["高龄"] if n % 50 == 0 else [],
            "phone": f"138{n:08d}",
            "address": f"第{n % 20 + 1}街道 {n % 97 + 1}号楼{n % 6 + 1}单元",
        }


def kb(size: int) -> float:
    return size / 1024


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


def completion_seconds(drive, item, data: dict) -> float:
    """Claim ``item`` as its owner (untimed), then complete it in its own transaction: the
    seconds ``engine.complete`` and its commit took."""
    actor = drive.officials.of(item.owner_org)
    with drive.tx() as session:
        drive.engine.claim(session, item.id, actor)
    started = time.perf_counter()
    with drive.tx() as session:
        drive.engine.complete(session, item.id, actor, data)
    return time.perf_counter() - started
