"""The stored application clock: set by an administrator, shared through the database, audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from engine import Actor, Engine, SettableClock, SystemClock
from engine.clock.stored import ClockSetting, StoredClock, clock_status, parse_moment, reset_clock, set_clock
from engine.directory.audit import AuditEvent
from engine.workflow.deadlines import CHINA_TZ

ADMIN = Actor("admin", "org-admin", frozenset({"admin"}))
REPLAY = datetime(2017, 4, 1, 9, 0, tzinfo=CHINA_TZ)
MACHINE = datetime(2026, 5, 10, 8, 0, tzinfo=UTC)


class Ticks:
    """A monotonic clock the test moves, to step over the stored clock's cache."""

    def __init__(self) -> None:
        self.value = 0.0

    def __call__(self) -> float:
        return self.value


@pytest.fixture
def machine() -> SettableClock:
    return SettableClock(MACHINE)


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


@pytest.fixture
def stored(session_factory, machine, ticks) -> StoredClock:
    return StoredClock(session_factory, SystemClock(), machine=machine, ttl=1.0, monotonic=ticks)


def test_without_a_setting_the_clock_is_its_fallback(stored, session_factory, machine):
    configured = StoredClock(session_factory, SettableClock(REPLAY), machine=machine)
    assert stored.status().source == "machine"
    assert abs(stored.now() - datetime.now(UTC)) < timedelta(seconds=5)
    assert configured.now() == REPLAY and configured.status().source == "configured"


def test_a_set_clock_runs_on_from_the_moment(stored, tx, machine, ticks):
    with tx() as session:
        set_clock(session, REPLAY, False, ADMIN, machine.now())
    stored.forget()
    assert stored.now() == REPLAY
    machine.advance(timedelta(minutes=90))
    ticks.value += 1
    assert stored.now() == REPLAY + timedelta(minutes=90)
    assert stored.status().source == "stored" and stored.status().set_by == "admin"


def test_a_frozen_clock_stands_still(stored, tx, machine, ticks):
    with tx() as session:
        set_clock(session, REPLAY, True, ADMIN, machine.now())
    machine.advance(timedelta(hours=5))
    ticks.value += 1
    assert stored.now() == REPLAY and stored.status().frozen


def test_the_setting_is_read_again_only_after_the_cache_expires(stored, tx, machine, ticks):
    assert stored.status().source == "machine"
    with tx() as session:  # another node sets it
        set_clock(session, REPLAY, True, ADMIN, machine.now())
    ticks.value += 0.5
    assert stored.status().source == "machine"
    ticks.value += 0.6
    assert stored.now() == REPLAY


def test_engines_on_two_stored_clocks_share_the_setting(session_factory, tx, machine):
    web, worker = (Engine(clock=StoredClock(session_factory, SystemClock(), machine=machine)) for _ in "ab")
    with tx() as session:
        set_clock(session, REPLAY, True, ADMIN, machine.now())
    web.clock.forget()
    assert web.clock.now() == worker.clock.now() == REPLAY


def test_setting_again_keeps_one_row_and_reset_removes_it(stored, tx, machine, ticks):
    with tx() as session:
        set_clock(session, REPLAY, False, ADMIN, machine.now())
    with tx() as session:
        set_clock(session, REPLAY + timedelta(days=30), True, ADMIN, machine.now())
    with tx() as session:
        assert session.scalars(select(ClockSetting)).all()[0].frozen
        assert len(session.scalars(select(ClockSetting)).all()) == 1
    with tx() as session:
        assert reset_clock(session, ADMIN, machine.now()) is True
    with tx() as session:
        assert session.scalars(select(ClockSetting)).all() == []
        assert reset_clock(session, ADMIN, machine.now()) is False
    stored.forget()
    assert stored.status().source == "machine"


def test_every_change_is_audited_with_the_moment(tx, machine):
    with tx() as session:
        set_clock(session, REPLAY, True, ADMIN, machine.now())
    with tx() as session:
        reset_clock(session, ADMIN, machine.now())
    with tx() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor, e.organisation_id) for e in events] == [
        ("set_clock", "admin", "org-admin"),
        ("reset_clock", "admin", "org-admin"),
    ]
    assert events[0].detail == {"moment": "2017-04-01T09:00:00+08:00", "frozen": True, "previous": None}
    assert events[1].detail == {"previous": "2017-04-01T09:00:00+08:00"}
    assert events[0].at == MACHINE


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2017-04-01 09:00", REPLAY),
        ("2017-04-01T09:00", REPLAY),
        (" 2017-04-01T01:00:00+00:00 ", REPLAY),
        ("2017-04-01", datetime(2017, 4, 1, tzinfo=CHINA_TZ)),
    ],
)
def test_typed_moments_are_beijing_time_unless_they_say_otherwise(text, expected):
    assert parse_moment(text) == expected


@pytest.mark.parametrize(
    "text", ["", "tomorrow", "2017-13-01 09:00", "2017-04-01 25:00", "9999-01-01", "1970-01-01"]
)
def test_what_is_not_a_sensible_moment_is_refused(text):
    with pytest.raises(ValueError):
        parse_moment(text)


def test_set_clock_refuses_a_naive_moment(tx, machine):
    with pytest.raises(ValueError), tx() as session:
        set_clock(session, datetime(2017, 4, 1, 9), False, ADMIN, machine.now())


def test_the_status_of_plain_clocks():
    assert clock_status(SystemClock()).source == "machine"
    assert clock_status(SettableClock(REPLAY)).source == "configured"
    assert clock_status(SettableClock(REPLAY)).now == REPLAY


def test_reading_inside_a_write_transaction_does_not_wait_for_it(stored, tx, machine):
    """The engine asks the clock in the middle of its own writes (SQLite: the write lock is held)."""
    with tx() as session:
        set_clock(session, REPLAY, True, ADMIN, machine.now())
        session.flush()
        started = datetime.now(UTC)
        stored.forget()
        assert stored.status().source == "machine"  # not committed yet: the other nodes' view
        assert datetime.now(UTC) - started < timedelta(seconds=2)
    stored.forget()
    assert stored.now() == REPLAY
