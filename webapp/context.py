"""The app's engine and a database session per request, for views and commands."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, g
from sqlalchemy.orm import Session

from engine import Engine
from engine.database import read_only


def engine() -> Engine:
    return current_app.extensions["yijiao"]["engine"]


def db_session() -> Session:
    """The request's session (closed when the request ends; views own ``session.begin()``)."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["yijiao"]["sessions"]()
    return g.db_session


@contextmanager
def reading() -> Iterator[Session]:
    """A transaction of the request's session that only reads: on SQLite it begins without the
    write lock, so a page or an answer never waits behind the writers (nor they behind it), and
    an answer read after a committed step cannot fail on the lock and hide that the step was done."""
    session = db_session()
    with session.begin():
        yield read_only(session)


@contextmanager
def reading_here() -> Iterator[Session]:
    """For what a template asks while it is drawn (the header's badge, a block of a page): the
    request's transaction if one is open, else a read-only one of its own (``reading``)."""
    session = db_session()
    if session.in_transaction():
        yield session
    else:
        with reading() as read:
            yield read


def close_db_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
