"""Long documents made by the worker (a county's 移交清册 of 20,000 people takes ~40 s): the
queue (``DocumentJob``), taking a job, and making it with its progress told as it goes.

A job is one case's file from one set of inputs (unique): two officials asking at once share
it. The worker that takes a job writes its progress and a heartbeat (wall clock) in short
transactions of their own while it renders in its read transaction; a running job whose
heartbeat stopped is its dead worker's, and the next worker takes it over. A render that fails
goes back to the queue, and after ``MAX_ATTEMPTS`` the job fails with a reason in Chinese.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from engine import Engine
from engine.database import is_postgresql, snapshot
from engine.workflow.documents import DocumentJob

from . import case_documents, kinds, render, store
from .sources import CaseSources

log = logging.getLogger(__name__)

#: the states of a job still to be made (the pages show its progress)
MAKING = ("queued", "running")
#: renders that failed (or whose worker died) before a job is given up
MAX_ATTEMPTS = 3
#: the reason a given-up job shows (what went wrong each time is in the worker's log)
GIVEN_UP = f"生成连续 {MAX_ATTEMPTS} 次未成功，已停止。请稍后重新生成；仍不成功请联系系统管理员"


class NoLongerOffered(Exception):
    """The case no longer offers the job's document (its data changed since it was asked)."""


def wall_clock() -> datetime:
    """Now on the wall clock (UTC): heartbeats measure a live process, not the case's time."""
    return datetime.now(UTC)


def enqueue(
    session: Session,
    wanted: store.Request,
    by: str,
    now: datetime,
    work_item_id: int | None = None,
    again: bool = True,
) -> DocumentJob:
    """The job making ``wanted``: the one already asked for with the same inputs (queued anew if
    it had ended — one that failed only when asked ``again``: its reason stays until an official
    asks again), else a new one. ``wanted.note`` must have been read in its own transaction."""
    found = of_inputs(session, wanted)
    if found is not None:
        if found.state not in MAKING and (again or found.state != "failed"):
            _queue_again(found, by, now)
        return found
    job = _new_job(wanted, by, now, work_item_id)
    try:
        with session.begin_nested():
            session.add(job)
    except IntegrityError:  # another request queued the same inputs meanwhile
        return of_inputs(session, wanted)
    return job


def of_inputs(session: Session, wanted: store.Request) -> DocumentJob | None:
    """The job asked for these inputs of the case's file, if there is one."""
    return session.scalars(
        select(DocumentJob).where(
            DocumentJob.instance_id == wanted.instance_id,
            DocumentJob.filename == wanted.kind.filename(wanted.code),
            DocumentJob.input_hash == wanted.note,
        )
    ).first()


def _new_job(wanted: store.Request, by: str, now: datetime, work_item_id: int | None) -> DocumentJob:
    return DocumentJob(
        instance_id=wanted.instance_id,
        kind=wanted.kind.code,
        code=wanted.code,
        filename=wanted.kind.filename(wanted.code),
        title=wanted.title,
        input_hash=wanted.note,
        state="queued",
        pages_done=0,
        attempts=0,
        requested_by=by,
        requested_at=now,
        work_item_id=work_item_id,
    )


def _queue_again(job: DocumentJob, by: str, now: datetime) -> None:
    job.state, job.attempts, job.error = "queued", 0, None
    job.pages_done, job.pages_total, job.document_id = 0, None, None
    job.requested_by, job.requested_at = by, now
    job.started_at = job.heartbeat_at = job.finished_at = None


def in_making(session: Session, instance_id: int) -> list[DocumentJob]:
    """The case's jobs still to be made, oldest first (one query, for the case and task pages)."""
    return list(
        session.scalars(
            select(DocumentJob)
            .where(DocumentJob.instance_id == instance_id, DocumentJob.state.in_(MAKING))
            .order_by(DocumentJob.id)
        )
    )


def progress(job: DocumentJob) -> dict[str, Any]:
    """Where a job stands, as the API tells it."""
    return {"state": job.state, "pages_done": job.pages_done, "pages_total": job.pages_total}


def take(session: Session, stalled_after: float, skip: Collection[int] = ()) -> DocumentJob | None:
    """Start the oldest queued job, or a running one whose heartbeat is older than
    ``stalled_after`` seconds (its worker died); None when there is none. Two workers never take
    the same job: PostgreSQL skips rows another transaction holds, SQLite's update is guarded."""
    now = wall_clock()
    takeable = _takeable(now - timedelta(seconds=stalled_after), skip)
    query = select(DocumentJob).where(takeable).order_by(DocumentJob.id)
    if is_postgresql(session.get_bind()):
        job = session.scalars(query.limit(1).with_for_update(skip_locked=True)).first()
    else:
        job = next((j for j in session.scalars(query.limit(10)) if _claimed(session, j, takeable)), None)
    if job is not None:
        _start(job, now)
    return job


def _takeable(stalled_before: datetime, skip: Collection[int]) -> ColumnElement[bool]:
    stalled = and_(
        DocumentJob.state == "running",
        or_(DocumentJob.heartbeat_at.is_(None), DocumentJob.heartbeat_at <= stalled_before),
    )
    return and_(or_(DocumentJob.state == "queued", stalled), DocumentJob.id.not_in(list(skip)))


def _claimed(session: Session, job: DocumentJob, takeable: ColumnElement[bool]) -> bool:
    """Whether the job is still takeable as this transaction marks it taken (SQLite)."""
    marked = session.execute(
        update(DocumentJob)
        .where(DocumentJob.id == job.id, takeable)
        .values(heartbeat_at=wall_clock())
        .execution_options(synchronize_session=False)
    )
    return marked.rowcount == 1


def _start(job: DocumentJob, now: datetime) -> None:
    if job.state == "running":  # its worker died while making it
        _failed_attempt(job, "上次生成时工作进程中断", now)
        if job.state == "failed":
            return
    job.state, job.started_at, job.heartbeat_at = "running", now, now


def run(sessions: sessionmaker, engine: Engine, job_id: int) -> str:
    """Make a taken job's document from the case's current inputs and keep it; the job's state
    after: ``done``, ``queued`` (it failed, to be tried again) or ``failed``."""
    try:
        document_id = _make(sessions, engine, job_id)
    except Exception as error:
        log.exception("document job %s failed", job_id)
        with sessions() as session, session.begin():
            job = session.get(DocumentJob, job_id)
            _failed_attempt(job, f"{type(error).__name__}: {error}"[:500], wall_clock())
            return job.state
    with sessions() as session, session.begin():
        job = session.get(DocumentJob, job_id)
        job.state, job.document_id, job.finished_at, job.error = "done", document_id, wall_clock(), None
        if job.pages_total is not None:
            job.pages_done = job.pages_total
    return "done"


def _make(sessions: sessionmaker, engine: Engine, job_id: int) -> int:
    """The id of the stored document for the job's file at the case's current inputs, rendered
    (in the read transaction its rows stream in) and stored first when there is none."""
    with sessions() as session, session.begin():
        snapshot(session)
        job = session.get(DocumentJob, job_id)
        by, work_item_id = job.requested_by, job.work_item_id
        wanted = _request(session, engine, job)
        found = store.find(session, wanted)
        if found is not None:
            return found.id
        content = render.make(wanted.kind, wanted.context, wanted.title, progress=_telling(sessions, job_id))
    with sessions() as session, session.begin():
        return store.keep(session, wanted, content, by, engine.clock.now(), work_item_id).id


def _request(session: Session, engine: Engine, job: DocumentJob) -> store.Request:
    """What the job's document is made from now (the worker's: the asker's access was checked)."""
    kind = kinds.get(job.kind)
    scoped = CaseSources.of(engine.workflow(session, job.instance_id)).get(kind.scope, job.code)
    if scoped is None or not kind.offered(scoped):
        raise NoLongerOffered(f"案件不再提供 {job.title}")
    return case_documents.request(session, job.instance_id, kind, scoped)


def _telling(sessions: sessionmaker, job_id: int) -> Callable[[int, int], None]:
    """``render.make``'s progress: pages and heartbeat, each in a short write transaction of its
    own (the render's read transaction stays open meanwhile)."""

    def tell(done: int, total: int) -> None:
        with sessions() as session, session.begin():
            session.execute(
                update(DocumentJob)
                .where(DocumentJob.id == job_id)
                .values(pages_done=done, pages_total=total, heartbeat_at=wall_clock())
            )

    return tell


def _failed_attempt(job: DocumentJob, error: str, now: datetime) -> None:
    """One more attempt gone wrong (``error``: what went wrong, kept while it is tried again):
    back to the queue, or failed for good after the last, with the reason officials read."""
    job.attempts += 1
    job.heartbeat_at = None
    if job.attempts < MAX_ATTEMPTS:
        job.state, job.error = "queued", error
        return
    job.state, job.finished_at, job.error = "failed", now, GIVEN_UP


def make_queued(sessions: sessionmaker, engine: Engine, stalled_after: float) -> int:
    """The worker's round: make every job queued (or stalled) now, each tried once this round
    (a failing one waits for the next); how many jobs it took."""
    tried: list[int] = []
    while True:
        with sessions() as session, session.begin():
            job = take(session, stalled_after, tried)
            taken = None if job is None else (job.id, job.state)
        if taken is None:
            return len(tried)
        tried.append(taken[0])
        if taken[1] == "running":  # not given up as it was taken
            log.info("making document job %s", taken[0])
            run(sessions, engine, taken[0])
