"""One clock for the engine and for SpiffWorkflow's timers, so a campaign can be replayed."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from typing import Protocol

from SpiffWorkflow.bpmn.specs.event_definitions import timer as spiff_timer


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


class SystemClock:
    """The machine's time."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class SettableClock:
    """A clock that stands still until set or advanced: tests, replays of the 2017 campaign."""

    def __init__(self, start: datetime):
        self._now = _aware(start)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = _aware(moment)

    def advance(self, delta: timedelta) -> None:
        self._now += delta


class OffsetClock:
    """The machine's time shifted to start at a chosen moment, and running on from there."""

    def __init__(self, start: datetime):
        self._offset = _aware(start) - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("clock times must be timezone-aware")
    return moment


# SpiffWorkflow's timer module calls datetime.now(timezone.utc) itself; it has no clock hook.
# We give that module a datetime whose now() asks the clock of the engine currently running
# (a context variable, so threads and engines with different clocks do not mix).
_current_clock: ContextVar[Clock | None] = ContextVar("yijiao_clock", default=None)


class _ClockedDateTime(datetime):
    @classmethod
    def now(cls, tz=None):  # noqa: D102 - mirrors datetime.now
        clock = _current_clock.get()
        if clock is None:
            return datetime.now(tz)
        moment = clock.now()
        return moment.astimezone(tz) if tz is not None else moment.replace(tzinfo=None)


spiff_timer.datetime = _ClockedDateTime


@contextlib.contextmanager
def running_on(clock: Clock) -> Iterator[None]:
    """Within this block SpiffWorkflow's timers read ``clock``."""
    token = _current_clock.set(clock)
    try:
        yield
    finally:
        _current_clock.reset(token)
