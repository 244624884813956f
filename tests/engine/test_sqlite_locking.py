"""SQLite: a transaction that reads and then writes waits for a concurrent writer (the busy
timeout) instead of failing with "database is locked"; read-only transactions take no lock."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from engine.database import make_engine, make_session_factory, read_only


@pytest.fixture
def db_engine(tmp_path):
    db_engine = make_engine(f"sqlite:///{tmp_path / 'locking.db'}")
    with db_engine.begin() as connection:
        connection.execute(text("CREATE TABLE counter (n INTEGER)"))
        connection.execute(text("INSERT INTO counter VALUES (0)"))
    yield db_engine
    db_engine.dispose()


def hold_the_write_lock(db_engine, holding: threading.Event, seconds: float) -> threading.Thread:
    """A thread that increments the counter and keeps its transaction open for ``seconds``."""

    def write() -> None:
        with db_engine.begin() as connection:
            connection.execute(text("UPDATE counter SET n = n + 1"))
            holding.set()
            time.sleep(seconds)

    thread = threading.Thread(target=write)
    thread.start()
    assert holding.wait(5)
    return thread


def test_a_read_then_write_waits_for_the_other_writer_and_succeeds(db_engine):
    writer = hold_the_write_lock(db_engine, threading.Event(), 0.3)
    with db_engine.begin() as connection:
        seen = connection.execute(text("SELECT n FROM counter")).scalar_one()
        connection.execute(text("UPDATE counter SET n = :n"), {"n": seen + 10})
    writer.join()
    with db_engine.connect() as connection:
        assert connection.execute(text("SELECT n FROM counter")).scalar_one() == 11  # nothing lost


def test_a_read_only_transaction_does_not_wait_for_a_writer(db_engine):
    holding = threading.Event()
    writer = hold_the_write_lock(db_engine, holding, 1.0)
    sessions = make_session_factory(db_engine)
    started = time.perf_counter()
    with sessions() as session, session.begin():
        read_only(session)
        assert session.execute(text("SELECT n FROM counter")).scalar_one() == 0  # before the commit
    assert time.perf_counter() - started < 0.5
    writer.join()


def test_a_session_opened_inside_another_transaction_of_the_thread_reads_without_waiting(db_engine):
    sessions = make_session_factory(db_engine)
    started = time.perf_counter()
    with sessions() as outer, outer.begin():
        outer.execute(text("UPDATE counter SET n = 5"))
        with sessions() as inner, inner.begin():  # a setting read on the side, say
            assert inner.execute(text("SELECT n FROM counter")).scalar_one() == 0
    assert time.perf_counter() - started < 1
