"""Making documents without holding the database: what a PDF is made from is read in a read-only
transaction, the PDF is rendered outside any transaction (a 5,000-row list takes the better part
of a minute), and it is stored in a short write transaction of its own.

On SQLite a write transaction holds the one write lock for as long as it lasts: rendering inside
one would make every other official's step wait, or fail once the busy timeout runs out.
Documents a completed task produces are made in a thread of the web process (``after_task``), so
the official who completed it does not wait either; tests make them in the request.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from flask import Flask
from sqlalchemy.orm import Session, sessionmaker

from engine import Actor, Engine
from engine.database import read_only

from . import case_documents, render, store

log = logging.getLogger(__name__)


def document_pdf(
    session: Session, engine: Engine, actor: Actor, instance_id: int, kind: str, args, now: datetime
) -> tuple[bytes, str]:
    """(PDF, title) of one document of a case: the stored one when its inputs are unchanged, else
    rendered now and stored. ``session`` must have no transaction open."""
    with session.begin():
        read_only(session)
        wanted = case_documents.wanted(session, engine, actor, instance_id, kind, args)
        found = store.find(session, wanted)
        if found is not None:
            return store.content_of(session, found), found.title
    content = render.pdf(wanted.kind, wanted.context, wanted.title)
    with session.begin():
        store.keep(session, wanted, content, actor.user_id, now)
    return content, wanted.title


def after_task(app: Flask, item_id: int, by: str) -> threading.Thread | None:
    """Make what a just-completed task produces: in a thread (returned) unless the app is testing
    or ``DOCUMENTS_IN_BACKGROUND`` is false. A document that cannot be made now is made on its
    first download instead; the task stays done either way."""
    yijiao = app.extensions["yijiao"]
    make = _maker(yijiao["sessions"], yijiao["engine"], item_id, by)
    background = app.config.get("DOCUMENTS_IN_BACKGROUND")
    if background is None:
        background = not app.testing
    if not background:
        make()
        return None
    thread = threading.Thread(target=make, name=f"documents-of-task-{item_id}", daemon=True)
    thread.start()
    return thread


def _maker(sessions: sessionmaker, engine: Engine, item_id: int, by: str) -> Callable[[], None]:
    def make() -> None:
        try:
            made_from_task(sessions, engine, item_id, by)
        except Exception:
            log.exception("documents of task %s not generated", item_id)

    return make


def made_from_task(sessions: sessionmaker, engine: Engine, item_id: int, by: str) -> int:
    """Render and keep the task's documents not stored yet; how many were made."""
    with sessions() as session, session.begin():
        read_only(session)
        produced = case_documents.produced_by(session, engine, item_id)
        wanted = [w for w in produced if store.find(session, w) is None]
    made = [(w, render.pdf(w.kind, w.context, w.title)) for w in wanted]
    if made:
        now = engine.clock.now()
        with sessions() as session, session.begin():
            for w, content in made:
                store.keep(session, w, content, by, now, item_id)
    return len(made)
