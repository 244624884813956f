"""Running a roster import to its end, one transaction per batch (分批导入).

Each batch first takes the import's row (an UPDATE: a row lock on PostgreSQL, the write lock on
SQLite), then reads ``rows_done`` and goes on from there. So an import that stopped half-way
(the process died) goes on where its last committed batch ended, and two runners of one import
take turns instead of importing a batch twice. Used by the upload page's background thread, the
API (synchronously) and the worker, which resumes imports nobody is running any more.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
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
from engine.registry.rosters.duplicates import FirstRows
from engine.registry.rosters.reading import count_rows
from engine.workflow.deadlines import CHINA_TZ

log = logging.getLogger("yijiao.rosters")

#: a batch that collides with another import registering the same person is tried again
ATTEMPTS = 3
BROKEN = "导入意外中断，已导入的行都已保存；请稍后重新上传该文件，已登记的人员不会重复登记"


def run(
    sessions: sessionmaker,
    import_id: int,
    clock: Clock,
    batch_size: int = BATCH_SIZE,
    max_batches: int | None = None,
) -> None:
    """Import the roster to its end (or go on with it; ``max_batches``: stop after that many
    batches, as if interrupted); running it again changes nothing."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            _run(sessions, import_id, clock, batch_size, max_batches)
            return
        except RosterUnreadable as unreadable:  # broken further into the file than its header
            _fail(sessions, import_id, unreadable.message, clock)
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


def start_in_background(app: Flask, import_id: int) -> threading.Thread:
    """Run the import in a thread of this process, with sessions of its own."""
    yijiao = app.extensions["yijiao"]
    batch_size = app.config.get("ROSTER_BATCH_SIZE", BATCH_SIZE)
    thread = threading.Thread(
        target=_run_logged,
        args=(yijiao["sessions"], import_id, yijiao["engine"].clock, batch_size),
        name=f"roster-import-{import_id}",
        daemon=True,
    )
    thread.start()
    return thread


def _run_logged(sessions: sessionmaker, import_id: int, clock: Clock, batch_size: int) -> None:
    try:
        run(sessions, import_id, clock, batch_size)
    except Exception:  # a thread has no one to raise to; the worker resumes what is left
        log.exception("roster import %s stopped", import_id)


# -- one run -----------------------------------------------------------------------------------


@dataclass
class _Cursor:
    """Where a run is in the file, and the ID numbers of the rows it has passed."""

    rows: Iterator[tuple[int, dict]]
    first_rows: FirstRows
    position: int = 0

    def skip_to(self, rows_done: int, size: int) -> None:
        """Pass the rows committed before (by an earlier run, or by another runner meanwhile),
        ``size`` at a time."""
        while self.position < rows_done:
            skipped = self.take(min(size, rows_done - self.position))
            if not skipped:
                break
            importing.remember(self.first_rows, skipped)

    def take(self, count: int) -> list[tuple[int, dict]]:
        batch = list(islice(self.rows, count))
        self.position += len(batch)
        return batch


def _run(
    sessions: sessionmaker, import_id: int, clock: Clock, batch_size: int, max_batches: int | None
) -> None:
    with ExitStack() as stack:
        with sessions() as session, session.begin():
            roster_import = _claim(session, import_id)
            if roster_import is None:
                return
            file = stack.enter_context(storage.read(session, import_id))
            roster = _opened(roster_import, file)
            location = session.scalar(
                select(Organisation.division_code).where(Organisation.id == roster_import.enterprise_org)
            )
        cursor = _Cursor(roster.rows(), stack.enter_context(FirstRows()))
        batches = 0
        while (max_batches is None or batches < max_batches) and _batch(
            sessions, import_id, cursor, location, clock, batch_size
        ):
            batches += 1


def _opened(roster_import: RosterImport, file: IO[bytes]) -> Roster:
    """The import's roster; its warnings and its size noted on the import the first time."""
    counted = count_rows(file, roster_import.filename) if roster_import.rows_total is None else None
    roster = open_roster(file, roster_import.filename)
    if roster_import.rows_done == 0:
        roster_import.warnings = list(roster.warnings)
    if roster_import.rows_total is None:
        roster_import.rows_total = roster.size_hint if roster.size_hint is not None else counted
    return roster


def _batch(
    sessions: sessionmaker, import_id: int, cursor: _Cursor, location: str | None, clock: Clock, size: int
) -> bool:
    """One batch in one transaction; False once the import has ended."""
    with sessions() as session, session.begin():
        roster_import = _claim(session, import_id)
        if roster_import is None:
            return False
        cursor.skip_to(roster_import.rows_done, size)
        rows = cursor.take(size)
        now = clock.now()
        if not rows:
            importing.finish(roster_import, now)
            return False
        importing.import_batch(
            session,
            roster_import,
            rows,
            first_rows=cursor.first_rows,
            enterprise_location=location,
            now=now,
            today=_today(now),
        )
        return True


def _claim(session: Session, import_id: int) -> RosterImport | None:
    """The import, locked for this transaction, if it still has rows to import."""
    claimed = session.execute(
        update(RosterImport)
        .where(RosterImport.id == import_id, RosterImport.state.in_(importing.ACTIVE_STATES))
        .values(state="running")
        .execution_options(synchronize_session=False)
    ).rowcount
    return session.get(RosterImport, import_id) if claimed else None


def _fail(sessions: sessionmaker, import_id: int, message: str, clock: Clock) -> None:
    with sessions() as session, session.begin():
        roster_import = _claim(session, import_id)
        if roster_import is not None:
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


def resume_stalled(sessions: sessionmaker, watch: StalledImports, clock: Clock, batch_size: int) -> int:
    """Run the stalled imports to their end; how many there were."""
    with sessions() as session:
        stalled = watch.find(session)
    for import_id in stalled:
        log.info("resuming roster import %s", import_id)
        run(sessions, import_id, clock, batch_size)
    return len(stalled)
