"""Running a roster import to its end, one transaction per batch (分批导入).

The file is read between transactions, never while the database is locked: a batch's rows are
read first, then the batch's transaction takes the import's row (an UPDATE: a row lock on
PostgreSQL, the write lock on SQLite), checks that ``rows_done`` is where the rows were read from,
and stores them. So an import that stopped half-way (the process died) goes on where its last
committed batch ended, and two runners of one import take turns instead of importing a batch
twice. Opening the file and reading each batch have a time budget; an import whose runs keep
dying or running out of time without storing anything is failed for good (``MAX_ATTEMPTS``).
Used by the upload page's background thread, the API (synchronously) and the worker, which
resumes imports nobody is running any more.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import IO

from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from engine import Clock
from engine.directory.organisations import Organisation
from engine.registry.retirees import RosterImport
from engine.registry.rosters import BATCH_SIZE, Roster, RosterUnreadable, importing, open_roster, storage
from engine.registry.rosters.budget import STEP_SECONDS, Budget, OutOfTime
from engine.registry.rosters.duplicates import FirstRows
from engine.registry.rosters.reading import count_rows
from engine.workflow.deadlines import CHINA_TZ

log = logging.getLogger("yijiao.rosters")

#: a batch that collides with another import registering the same person is tried again
ATTEMPTS = 3
#: runs of an import in a row that store nothing (they died, or ran out of time) before it is
#: failed for good: a crafted file must not take the server down again after every restart
MAX_ATTEMPTS = 3
SAVED = "已导入的行都已保存；请检查文件后重新上传，已登记的人员不会重复登记"
BROKEN = "导入意外中断，已导入的行都已保存；请稍后重新上传该文件，已登记的人员不会重复登记"
GAVE_UP = f"导入已连续{MAX_ATTEMPTS}次中断，未能继续，导入已停止。{SAVED}"


def run(
    sessions: sessionmaker,
    import_id: int,
    clock: Clock,
    batch_size: int = BATCH_SIZE,
    max_batches: int | None = None,
    budget: Budget | None = None,
) -> None:
    """Import the roster to its end (or go on with it; ``max_batches``: stop after that many
    batches, as if interrupted); running it again changes nothing. Opening the file and reading
    each batch must each end within ``budget`` (``STEP_SECONDS`` by default)."""
    budget = budget or Budget()
    for attempt in range(1, ATTEMPTS + 1):
        try:
            _run(sessions, import_id, clock, batch_size, max_batches, budget)
            return
        except RosterUnreadable as unreadable:  # broken further into the file than its header
            _fail(sessions, import_id, unreadable.message, clock)
            return
        except OutOfTime as late:
            log.warning("roster import %s: a step took longer than %g s", import_id, late.seconds)
            _fail(sessions, import_id, out_of_time(late.seconds), clock, only_if_spent=True)
            return
        except IntegrityError:
            if attempt == ATTEMPTS:
                _fail(sessions, import_id, BROKEN, clock)
                raise
        except OperationalError:
            raise  # the database is away: the import stays running and the worker resumes it
        except Exception:
            _fail(sessions, import_id, BROKEN, clock)
            raise


def out_of_time(seconds: float) -> str:
    return (
        f"导入超时：连续{MAX_ATTEMPTS}次未能在{seconds:g}秒内读完文件的一批行（文件可能有大片空行或异常内容），"
        f"导入已停止。{SAVED}"
    )


def start_in_background(app: Flask, import_id: int) -> threading.Thread:
    """Run the import in a thread of this process, with sessions of its own."""
    yijiao = app.extensions["yijiao"]
    batch_size = app.config.get("ROSTER_BATCH_SIZE", BATCH_SIZE)
    thread = threading.Thread(
        target=_run_logged,
        args=(yijiao["sessions"], import_id, yijiao["engine"].clock, batch_size, budget_of(app)),
        name=f"roster-import-{import_id}",
        daemon=True,
    )
    thread.start()
    return thread


def budget_of(app: Flask) -> Budget:
    """A new budget of the app's ``ROSTER_STEP_SECONDS``."""
    return Budget(app.config.get("ROSTER_STEP_SECONDS", STEP_SECONDS))


def _run_logged(
    sessions: sessionmaker, import_id: int, clock: Clock, batch_size: int, budget: Budget
) -> None:
    try:
        run(sessions, import_id, clock, batch_size, budget=budget)
    except Exception:  # a thread has no one to raise to; the worker resumes what is left
        log.exception("roster import %s stopped", import_id)


# -- one run -----------------------------------------------------------------------------------


@dataclass
class _Cursor:
    """Where a run is in the file: the rows stored (``position``, by this run or any other), the
    rows read ahead of them, and the ID numbers of the rows passed. Rows are read between
    transactions, never while the import is locked."""

    rows: Iterator[tuple[int, dict]]
    first_rows: FirstRows
    position: int = 0
    ahead: list[tuple[int, dict]] = field(default_factory=list)

    def read_ahead(self, rows_done: int, size: int) -> None:
        """Pass the rows stored up to ``rows_done``, then have the next ``size`` rows read."""
        if rows_done > self.position:
            self.passed(rows_done - self.position)
        self.ahead += islice(self.rows, size - len(self.ahead))

    def passed(self, count: int) -> None:
        """``count`` rows were stored: they are no longer ahead, and later rows repeating their
        ID numbers are caught."""
        while count:
            if not self.ahead:
                self.ahead += islice(self.rows, min(count, BATCH_SIZE))
                if not self.ahead:
                    return
            stored, self.ahead = self.ahead[:count], self.ahead[count:]
            importing.remember(self.first_rows, stored)
            self.position += len(stored)
            count -= len(stored)


def _run(
    sessions: sessionmaker,
    import_id: int,
    clock: Clock,
    batch_size: int,
    max_batches: int | None,
    budget: Budget,
) -> None:
    started = _start(sessions, import_id, clock)
    if started is None:
        return
    rows_done, location = started
    with ExitStack() as stack:
        with sessions() as session:  # reading only: no lock is taken while the file is copied
            filename, known_total = session.execute(
                select(RosterImport.filename, RosterImport.rows_total).where(RosterImport.id == import_id)
            ).one()
            file = stack.enter_context(storage.read(session, import_id))
        budget.restart()
        roster, rows_total = _opened(file, filename, known_total, budget)
        if not _noted(sessions, import_id, roster, rows_total):
            return
        cursor = _Cursor(roster.rows(), stack.enter_context(FirstRows()))
        batches = 0
        while max_batches is None or batches < max_batches:
            budget.restart()
            cursor.read_ahead(rows_done, batch_size)
            stored = _batch(sessions, import_id, cursor, location, clock)
            if stored is None:
                return
            rows_done, moved = stored
            batches += moved


def _start(sessions: sessionmaker, import_id: int, clock: Clock) -> tuple[int, str | None] | None:
    """Count this run among the import's attempts (committed before the file is read: a run that
    kills its process counts too), or fail the import once they are spent; its ``rows_done`` and
    the enterprise's location, or None when there is nothing to do."""
    with sessions() as session, session.begin():
        roster_import = _claim(session, import_id)
        if roster_import is None:
            return None
        if roster_import.attempts >= MAX_ATTEMPTS:
            importing.fail(roster_import, GAVE_UP, clock.now())
            return None
        roster_import.attempts += 1
        location = session.scalar(
            select(Organisation.division_code).where(Organisation.id == roster_import.enterprise_org)
        )
        return roster_import.rows_done, location


def _opened(
    file: IO[bytes], filename: str, known_total: int | None, budget: Budget
) -> tuple[Roster, int | None]:
    """The import's roster, and its size when not yet known (read outside any transaction)."""
    counted = count_rows(file, filename, budget.check) if known_total is None else None
    roster = open_roster(file, filename, check=budget.check)
    return roster, roster.size_hint if roster.size_hint is not None else counted


def _noted(sessions: sessionmaker, import_id: int, roster: Roster, rows_total: int | None) -> bool:
    """The roster's warnings and size noted on the import the first time; False once it ended."""
    with sessions() as session, session.begin():
        roster_import = _claim(session, import_id)
        if roster_import is None:
            return False
        if roster_import.rows_done == 0:
            roster_import.warnings = list(roster.warnings)
        if roster_import.rows_total is None:
            roster_import.rows_total = rows_total
        return True


def _batch(
    sessions: sessionmaker, import_id: int, cursor: _Cursor, location: str | None, clock: Clock
) -> tuple[int, int] | None:
    """The rows read ahead stored in one transaction, if no other run stored them meanwhile:
    the import's ``rows_done`` and 1 (0 when another run moved it on); None once it has ended."""
    with sessions() as session, session.begin():
        roster_import = _claim(session, import_id)
        if roster_import is None:
            return None
        now = clock.now()
        if not cursor.ahead:  # the file has no rows past those stored
            importing.finish(roster_import, now)
            return None
        if roster_import.rows_done != cursor.position:  # another run went on meanwhile
            return roster_import.rows_done, 0
        importing.import_batch(
            session,
            roster_import,
            cursor.ahead,
            first_rows=cursor.first_rows,
            enterprise_location=location,
            now=now,
            today=_today(now),
        )
        roster_import.attempts = 0
        cursor.position += len(cursor.ahead)
        cursor.ahead = []
        return roster_import.rows_done, 1


def _claim(session: Session, import_id: int) -> RosterImport | None:
    """The import, locked for this transaction, if it still has rows to import."""
    claimed = session.execute(
        update(RosterImport)
        .where(RosterImport.id == import_id, RosterImport.state.in_(importing.ACTIVE_STATES))
        .values(state="running")
        .execution_options(synchronize_session=False)
    ).rowcount
    return session.get(RosterImport, import_id) if claimed else None


def _fail(
    sessions: sessionmaker, import_id: int, message: str, clock: Clock, only_if_spent: bool = False
) -> None:
    """Fail the import with ``message`` (``only_if_spent``: only if its attempts are spent; else it
    is left for the worker to resume)."""
    with sessions() as session, session.begin():
        roster_import = _claim(session, import_id)
        if roster_import is not None and (not only_if_spent or roster_import.attempts >= MAX_ATTEMPTS):
            importing.fail(roster_import, message, clock.now())


def _today(now: datetime) -> date:
    return now.astimezone(CHINA_TZ).date()


# -- the worker's part -------------------------------------------------------------------------


class StalledImports:
    """Imports left pending or running whose ``rows_done`` has not moved for ``after`` seconds:
    their thread died with its process. The worker watches the counters between its rounds
    (no heartbeat column needed); ``after=0`` takes every unfinished import at once."""

    def __init__(self, after: float = 60.0, monotonic: Callable[[], float] = time.monotonic):
        self.after = after
        self._monotonic = monotonic
        self._last_moved: dict[int, tuple[int, float]] = {}

    def find(self, session: Session) -> list[int]:
        now = self._monotonic()
        unfinished = dict(
            session.execute(
                select(RosterImport.id, RosterImport.rows_done)
                .where(RosterImport.state.in_(importing.ACTIVE_STATES))
                .order_by(RosterImport.id)
            ).all()
        )
        for import_id, rows_done in unfinished.items():
            last = self._last_moved.get(import_id)
            if last is None or last[0] != rows_done:
                self._last_moved[import_id] = (rows_done, now)
        self._last_moved = {i: seen for i, seen in self._last_moved.items() if i in unfinished}
        return [i for i, (_rows, since) in self._last_moved.items() if now - since >= self.after]


def resume_stalled(
    sessions: sessionmaker, watch: StalledImports, clock: Clock, batch_size: int, budget: Budget | None = None
) -> int:
    """Run the stalled imports to their end (or until they fail for good); how many there were."""
    with sessions() as session:
        stalled = watch.find(session)
    for import_id in stalled:
        log.info("resuming roster import %s", import_id)
        run(sessions, import_id, clock, batch_size, budget=budget)
    return len(stalled)
