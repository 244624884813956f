"""The app's engine and a database session per request, for views and commands."""

from __future__ import annotations

from flask import current_app, g
from sqlalchemy.orm import Session

from engine import Engine


def engine() -> Engine:
    return current_app.extensions["yijiao"]["engine"]


def db_session() -> Session:
    """The request's session (closed when the request ends; views own ``session.begin()``)."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["yijiao"]["sessions"]()
    return g.db_session


def close_db_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
