"""Officials by their names, never by their logins (issue 15): the template filter ``person`` shows
李娜 where a task or case records ``county``."""

from __future__ import annotations

from flask import g
from sqlalchemy import select

from engine.directory.organisations import User

from .context import reading_here


def person(username: str | None) -> str:
    """The name of the user ``username``; empty for a login no user has (pages name the organisation
    beside it)."""
    if not username:
        return ""
    names = g.setdefault("user_names", {})
    if username not in names:
        # the view's transaction if the template renders inside it, else a read-only one
        with reading_here() as session:
            names[username] = session.scalar(select(User.name).where(User.username == username)) or ""
    return names[username]
