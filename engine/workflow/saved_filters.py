"""Saved filters (常用筛选): an official's named inbox searches, one click away."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine.database import Base, UTCDateTime
from engine.directory.roles import Actor
from engine.errors import InvalidTaskData, NotFound

#: the most filters one user keeps (a list longer than this is no longer a shortcut)
MOST_PER_USER = 30
NAME_LENGTH = 60
QUERY_LENGTH = 1000
#: the inbox's query parameters a saved filter keeps (anything else in a query is dropped)
QUERY_KEYS = ("scope", "q", "process", "milestone", "overdue")


class SavedFilter(Base):
    """One user's named search: the inbox's query string (``scope=mine&q=金水区``)."""

    __tablename__ = "saved_filter"
    __table_args__ = (UniqueConstraint("username", "name", name="uq_saved_filter_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    query: Mapped[str] = mapped_column(String(QUERY_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


def saved_filters(session: Session, actor: Actor) -> list[SavedFilter]:
    """The actor's saved filters, by name."""
    query = select(SavedFilter).where(SavedFilter.username == actor.user_id).order_by(SavedFilter.name)
    return list(session.scalars(query))


def save(session: Session, actor: Actor, name: str, query: str, now: datetime) -> SavedFilter:
    """Save (or, under a name already used, replace) one of the actor's filters."""
    name, query = name.strip(), kept_query(query)
    problems = _problems(name, query)
    if problems:
        raise InvalidTaskData(problems)
    mine = {found.name: found for found in saved_filters(session, actor)}
    if name in mine:
        mine[name].query = query
        return mine[name]
    if len(mine) >= MOST_PER_USER:
        raise InvalidTaskData({"name": [f"最多保存 {MOST_PER_USER} 个筛选条件，请先删除不用的"]})
    saved = SavedFilter(username=actor.user_id, name=name, query=query, created_at=now)
    session.add(saved)
    session.flush()
    return saved


def kept_query(query: str) -> str:
    """``query`` (``scope=mine&q=金水区&page=3``) with only the filter's parameters, non-empty."""
    pairs = parse_qsl(query.lstrip("?"), keep_blank_values=False)
    return urlencode([(key, value) for key, value in pairs if key in QUERY_KEYS])


def _problems(name: str, query: str) -> dict[str, list[str]]:
    problems = {}
    if not name or len(name) > NAME_LENGTH:
        problems["name"] = [f"名称须为 1 至 {NAME_LENGTH} 个字符"]
    if len(query) > QUERY_LENGTH:
        problems["query"] = [f"筛选条件不能超过 {QUERY_LENGTH} 个字符"]
    return problems


def delete(session: Session, actor: Actor, filter_id: int) -> None:
    """Delete one of the actor's filters; another user's is ``NotFound``."""
    found = session.get(SavedFilter, filter_id)
    if found is None or found.username != actor.user_id:
        raise NotFound(f"saved filter {filter_id} does not exist")
    session.delete(found)
