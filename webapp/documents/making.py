"""Making documents without holding the database: a PDF is rendered in the read-only transaction
its inputs are read in (a list streams its people from the registry while its pages are printed),
and stored in a short write transaction of its own.

On SQLite a write transaction holds the one write lock for as long as it lasts: rendering inside
one would make every other official's step wait, or fail once the busy timeout runs out.
A long list (more than ``DOCUMENT_INLINE_ROWS`` people) is never rendered in a request: it is
queued for the worker (``jobs``), and the download answers with its progress until it is made.
Documents a completed task produces are queued for the worker too, so a restart loses nothing;
tests (``DOCUMENTS_IN_BACKGROUND`` off) make them in the request.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from flask import Flask
from sqlalchemy.orm import Session, sessionmaker

from engine import Actor, Engine
from engine.database import snapshot
from engine.workflow.documents import DocumentJob

from . import case_documents, jobs, render, store

log = logging.getLogger(__name__)

#: people a list may have to be rendered while its official waits (``DOCUMENT_INLINE_ROWS``)
INLINE_ROWS = 300


@dataclass(frozen=True)
class Ready:
    """The PDF, to send."""

    content: bytes
    title: str


@dataclass(frozen=True)
class Making:
    """The worker makes the document: where it stands (queued, page 120 of 800, or failed)."""

    job: DocumentJob


def inline_rows(app: Flask) -> int:
    """How many people a list may have to be rendered in the request."""
    return int(app.config.get("DOCUMENT_INLINE_ROWS", INLINE_ROWS))


def document_pdf(
    session: Session,
    engine: Engine,
    actor: Actor,
    instance_id: int,
    kind: str,
    args,
    now: datetime,
    rows_inline: int = INLINE_ROWS,
) -> Ready | Making:
    """One document of a case: the stored one when its inputs are unchanged; else a short one
    rendered now and stored, a long one queued for the worker. A job that failed is shown with
    its reason until the official asks again (``?again=1``). ``session``: no transaction open."""
    with session.begin():
        snapshot(session)
        wanted = case_documents.wanted(session, engine, actor, instance_id, kind, args)
        found = store.find(session, wanted)
        if found is not None:
            return Ready(store.content_of(session, found), found.title)
        long = is_long(wanted, rows_inline)
        content = None if long else render.make(wanted.kind, wanted.context, wanted.title)
    with session.begin():
        if content is None:
            return Making(jobs.enqueue(session, wanted, actor.user_id, now, again=bool(args.get("again"))))
        store.keep(session, wanted, content, actor.user_id, now)
    return Ready(content, wanted.title)


def is_long(wanted: store.Request, rows_inline: int) -> bool:
    """Whether the document lists more people than a request renders."""
    return wanted.listing is not None and wanted.listing.count > rows_inline


def after_task(app: Flask, item_id: int, by: str) -> list[DocumentJob]:
    """Have what a just-completed task produces: queued for the worker (returned) unless the app
    is testing or ``DOCUMENTS_IN_BACKGROUND`` is false, then made now. A document that cannot be
    had now is made on its first download instead; the task stays done either way."""
    yijiao = app.extensions["yijiao"]
    sessions, engine = yijiao["sessions"], yijiao["engine"]
    try:
        if in_background(app):
            return queued_from_task(sessions, engine, item_id, by)
        made_from_task(sessions, engine, item_id, by)
    except Exception:
        log.exception("documents of task %s not generated", item_id)
    return []


def in_background(app: Flask) -> bool:
    """Whether the worker makes a task's documents (``DOCUMENTS_IN_BACKGROUND``; off in tests)."""
    background = app.config.get("DOCUMENTS_IN_BACKGROUND")
    return not app.testing if background is None else bool(background)


def queued_from_task(sessions: sessionmaker, engine: Engine, item_id: int, by: str) -> list[DocumentJob]:
    """Queue the task's documents not stored yet for the worker (their inputs hashed now)."""
    with sessions() as session, session.begin():
        snapshot(session)
        produced = case_documents.produced_by(session, engine, item_id)
        wanted = [w for w in produced if store.find(session, w) is None]
    if not wanted:
        return []
    now = engine.clock.now()
    with sessions() as session, session.begin():
        return [jobs.enqueue(session, w, by, now, item_id) for w in wanted]


def made_from_task(sessions: sessionmaker, engine: Engine, item_id: int, by: str) -> int:
    """Render and keep the task's documents not stored yet; how many were made."""
    with sessions() as session, session.begin():
        snapshot(session)
        produced = case_documents.produced_by(session, engine, item_id)
        wanted = [w for w in produced if store.find(session, w) is None]
        made = [(w, render.make(w.kind, w.context, w.title)) for w in wanted]
    if made:
        now = engine.clock.now()
        with sessions() as session, session.begin():
            for w, content in made:
                store.keep(session, w, content, by, now, item_id)
    return len(made)


def in_making_by_file(session: Session, instance_id: int) -> dict[str, DocumentJob]:
    """The case's documents the worker is making, by file name (to show beside their links)."""
    return {job.filename: job for job in jobs.in_making(session, instance_id)}
