"""Timers follow the engine's clock: not before their time, once, whatever the workers."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from engine import Engine
from engine.directory.audit import AuditEvent
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import TimerEvent

from .helpers import deploy_samples

DEADLINE = "2017-03-31T23:59:59+08:00"


@pytest.fixture
def waiting_case(engine, tx, officials) -> int:
    deploy_samples(engine, tx)
    with tx() as session:
        return engine.start(session, "sample_milestone", officials.parties, {"deadline": DEADLINE}).id


def open_specs(engine, tx, case) -> list[str]:
    with tx() as session:
        return [item.spec_id for item in engine.work_items(session, case, state="open")]


def test_a_waiting_timer_is_recorded_with_its_deadline(tx, waiting_case):
    with tx() as session:
        (timer,) = session.scalars(select(TimerEvent)).all()
    assert (timer.spec_id, timer.state) == ("wait_for_deadline", "waiting")
    assert timer.due_at == datetime.fromisoformat(DEADLINE)


def test_timer_does_not_fire_before_its_time(engine, tx, clock, waiting_case):
    clock.set(datetime(2017, 3, 31, 23, 59, 0, tzinfo=CHINA_TZ))
    with tx() as session:
        assert engine.fire_due_timers(session) == 0
    assert open_specs(engine, tx, waiting_case) == []


def test_timer_fires_at_the_clocks_time(engine, tx, clock, waiting_case):
    clock.set(datetime(2017, 4, 1, 0, 0, 1, tzinfo=CHINA_TZ))
    with tx() as session:
        assert engine.fire_due_timers(session) == 1
    assert open_specs(engine, tx, waiting_case) == ["review_overdue"]
    with tx() as session:
        timer = session.scalars(select(TimerEvent)).one()
        assert (timer.state, timer.fired_at) == ("fired", clock.now())
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "timer")).one()
        assert event.detail == {"fired": ["wait_for_deadline"]}


def test_duration_timer_counts_from_the_engine_clock_not_the_machine(engine, tx, clock, officials):
    deploy_samples(engine, tx)
    with tx() as session:
        engine.start(session, "sample_reminder", officials.parties, actor=officials.enterprise)
        timer = session.scalars(select(TimerEvent)).one()
    assert timer.due_at == clock.now() + timedelta(days=7)


def test_fired_timer_is_not_fired_again(engine, tx, clock, waiting_case):
    clock.set(datetime(2017, 4, 2, tzinfo=CHINA_TZ))
    for expected in (1, 0):
        with tx() as session:
            assert engine.fire_due_timers(session) == expected


def test_two_workers_fire_a_timer_once(db_engine, session_factory, tx, clock, waiting_case):
    clock.set(datetime(2017, 4, 2, tzinfo=CHINA_TZ))
    workers = [Engine(clock=clock), Engine(clock=clock)]
    barrier = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []

    def work(engine: Engine) -> None:
        try:
            barrier.wait()
            with session_factory() as session, session.begin():
                engine.fire_due_timers(session)
        except Exception as exc:  # a worker that loses the race may fail; it must not double-fire
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    with tx() as session:
        fired = session.scalar(select(func.count()).where(AuditEvent.action == "timer"))
    assert fired == 1
    assert open_specs(workers[0], tx, waiting_case) == ["review_overdue"]
