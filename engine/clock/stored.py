"""The application clock an administrator sets for a campaign replay, shared through the database.

One ``clock_setting`` row (none: the configured clock — ``CLOCK_START`` or the machine's time).
Every web node and worker reads it through a ``StoredClock``, so they all agree on "now".
Setting and resetting it are audited (``set_clock`` / ``reset_clock``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine.clock import Clock, SystemClock
from engine.database import Base, UTCDateTime
from engine.directory import audit
from engine.directory.roles import Actor
from engine.workflow.deadlines import CHINA_TZ


class ClockSetting(Base):
    """The application's clock when an administrator set it for a campaign replay (one row).

    The clock reads ``start_at`` plus the real time passed since ``set_at`` (or stands at
    ``start_at`` when ``frozen``); no row means the machine's time.
    """

    __tablename__ = "clock_setting"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)
    frozen: Mapped[bool] = mapped_column(default=False)
    set_by: Mapped[str] = mapped_column(String(100))



#: A set clock must stay where dates make sense: a year 9999 clock running on would overflow.
EARLIEST = datetime(2000, 1, 1, tzinfo=CHINA_TZ)
LATEST = datetime(2100, 1, 1, tzinfo=CHINA_TZ)

_ROW_ID = 1  # the one row


@dataclass(frozen=True)
class ClockStatus:
    """What the application clock reads and where that comes from.

    ``source``: ``stored`` (set by an administrator), ``configured`` (``CLOCK_START`` or a
    test's clock) or ``machine``.
    """

    now: datetime
    source: str
    frozen: bool = False
    set_by: str | None = None
    set_at: datetime | None = None

    @property
    def simulated(self) -> bool:
        return self.source != "machine"


@dataclass(frozen=True)
class _Cached:
    start_at: datetime
    set_at: datetime
    frozen: bool
    set_by: str


def parse_moment(text: str) -> datetime:
    """A moment typed as ``2017-04-01 09:00`` or ``2017-04-01T09:00`` (Beijing time unless it
    names its offset); ``ValueError`` if it is not one or lies outside 2000–2099."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"not a date and time: {text!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CHINA_TZ)
    _check_range(moment)
    return moment


def _check_range(moment: datetime) -> None:
    if not EARLIEST <= moment < LATEST:
        raise ValueError(f"outside 2000–2099: {moment.isoformat()}")


def reading(setting: ClockSetting | _Cached, real_now: datetime) -> datetime:
    """What a stored setting makes the clock read at the machine's ``real_now``."""
    if setting.frozen:
        return setting.start_at
    return setting.start_at + (real_now - setting.set_at)


def current_setting(session: Session) -> ClockSetting | None:
    return session.scalars(select(ClockSetting).order_by(ClockSetting.id).limit(1)).first()


def set_clock(
    session: Session, moment: datetime, frozen: bool, actor: Actor | str, now: datetime
) -> ClockSetting:
    """Make the application clock read ``moment`` from the machine's time ``now`` on, running or
    ``frozen``; audited as ``set_clock``. The caller commits."""
    if moment.tzinfo is None or now.tzinfo is None:
        raise ValueError("clock times must be timezone-aware")
    _check_range(moment)
    setting = current_setting(session)
    previous = reading(setting, now) if setting is not None else None
    if setting is None:
        setting = ClockSetting(id=_ROW_ID)
        session.add(setting)
    setting.start_at, setting.set_at, setting.frozen = moment, now, frozen
    setting.set_by = actor.user_id if isinstance(actor, Actor) else actor
    detail = {"moment": _iso(moment), "frozen": frozen, "previous": _iso(previous)}
    audit.record(session, "set_clock", actor, now, detail=detail)
    return setting


def reset_clock(session: Session, actor: Actor | str, now: datetime) -> bool:
    """Back to the configured clock (machine time unless ``CLOCK_START``); audited as
    ``reset_clock``. False (and nothing recorded) when no setting was stored."""
    setting = current_setting(session)
    if setting is None:
        return False
    previous = reading(setting, now)
    session.execute(delete(ClockSetting))
    audit.record(session, "reset_clock", actor, now, detail={"previous": _iso(previous)})
    return True


def _iso(moment: datetime | None) -> str | None:
    """Beijing time in the audit log, as the administrators typed it."""
    return moment.astimezone(CHINA_TZ).isoformat() if moment is not None else None


class StoredClock:
    """The Clock every node shares: the stored setting when there is one, else ``fallback``.

    The setting is read at most once every ``ttl`` seconds (a change reaches other processes
    within that), so ``now()`` is not a query each time; safe to share between threads.
    """

    def __init__(
        self,
        sessions: Callable[[], Session],
        fallback: Clock | None = None,
        *,
        machine: Clock | None = None,
        ttl: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
    ):
        self._sessions = sessions
        self.fallback = fallback or SystemClock()
        self._machine = machine or SystemClock()
        self._ttl = ttl
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._cached: _Cached | None = None
        self._read_at: float | None = None

    def now(self) -> datetime:
        return self.status().now

    def machine_now(self) -> datetime:
        """The machine's time (what ``set_clock`` stores as ``set_at``)."""
        return self._machine.now()

    def status(self) -> ClockStatus:
        """The reading and its source (for the banner and the administrators' page)."""
        cached = self._setting()
        if cached is None:
            source = "machine" if isinstance(self.fallback, SystemClock) else "configured"
            return ClockStatus(now=self.fallback.now(), source=source)
        now = reading(cached, self._machine.now())
        return ClockStatus(now, "stored", cached.frozen, cached.set_by, cached.set_at)

    def forget(self) -> None:
        """Read the setting again at the next ``now()`` (after this process changed it)."""
        with self._lock:
            self._read_at = None

    def _setting(self) -> _Cached | None:
        with self._lock:
            tick = self._monotonic()
            if self._read_at is None or tick - self._read_at >= self._ttl:
                self._cached = self._load()
                self._read_at = tick
            return self._cached

    def _load(self) -> _Cached | None:
        # Its own short read, often in the middle of a request's write transaction: it must
        # begin DEFERRED on SQLite (no write lock), or it would wait for that very transaction.
        # (The option engine.database's SQLite "begin" hook reads; ignored elsewhere.)
        with self._sessions() as session:
            session.connection(execution_options={"sqlite_begin": "DEFERRED"})
            row = current_setting(session)
            if row is None:
                return None
            return _Cached(row.start_at, row.set_at, row.frozen, row.set_by)


def clock_status(clock: Clock) -> ClockStatus:
    """The status of any clock: a ``StoredClock`` knows its own; a plain system clock is the
    machine's time; any other (a test's settable clock, ``CLOCK_START``) is configured."""
    if isinstance(clock, StoredClock):
        return clock.status()
    return ClockStatus(clock.now(), "machine" if isinstance(clock, SystemClock) else "configured")
