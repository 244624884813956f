"""Reading notifications: the ones a person sees (theirs, and their organisation's for their
roles), how many are unread (the header's badge), and marking them read (per person)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from engine.directory.roles import Actor
from engine.errors import NotFound
from engine.notifications.models import Notification, NotificationRead


def _seen_by(actor: Actor) -> ColumnElement[bool]:
    mine = Notification.username == actor.user_id
    organisation_wide = and_(
        Notification.username.is_(None),
        or_(Notification.user_role.is_(None), Notification.user_role.in_(sorted(actor.roles))),
    )
    return and_(Notification.organisation_id == actor.organisation_id, or_(mine, organisation_wide))


def _read_by(actor: Actor) -> ColumnElement[bool]:
    return exists().where(
        NotificationRead.notification_id == Notification.id, NotificationRead.username == actor.user_id
    )


def visible(actor: Actor, unread_only: bool = False) -> Select:
    """A ``select()`` of the notifications the actor sees, newest first."""
    query = select(Notification).where(_seen_by(actor))
    if unread_only:
        query = query.where(~_read_by(actor))
    return query.order_by(Notification.created_at.desc(), Notification.id.desc())


def unread_count(session: Session, actor: Actor) -> int:
    query = select(func.count()).select_from(Notification).where(_seen_by(actor), ~_read_by(actor))
    return session.scalar(query) or 0


@dataclass(frozen=True)
class Line:
    notice: Notification
    read: bool


@dataclass(frozen=True)
class NotificationPage:
    lines: list[Line]
    total: int
    unread: int
    page: int
    per_page: int


def page_of(
    session: Session, actor: Actor, *, unread_only: bool = False, page: int = 1, per_page: int = 20
) -> NotificationPage:
    """One page of the actor's notifications, each with whether the actor has read it."""
    query = visible(actor, unread_only)
    total = (
        session.scalar(query.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)) or 0
    )
    page = max(page, 1)
    rows = session.execute(
        query.add_columns(_read_by(actor)).limit(per_page).offset((page - 1) * per_page)
    ).all()
    lines = [Line(notice, bool(read)) for notice, read in rows]
    return NotificationPage(lines, total, unread_count(session, actor), page, per_page)


def mark_read(session: Session, actor: Actor, notification_id: int, now: datetime) -> Notification:
    """Mark one notice read for the actor (again: no change); one they do not see is ``NotFound``."""
    notice = session.scalars(
        select(Notification).where(Notification.id == notification_id, _seen_by(actor))
    ).one_or_none()
    if notice is None:
        raise NotFound(f"notification {notification_id}")
    if session.get(NotificationRead, (notice.id, actor.user_id)) is None:
        session.add(NotificationRead(notification_id=notice.id, username=actor.user_id, read_at=now))
    return notice


def mark_all_read(session: Session, actor: Actor, now: datetime) -> int:
    """Mark every notice the actor has not read yet; how many."""
    ids = list(session.scalars(visible(actor, unread_only=True).with_only_columns(Notification.id)))
    session.add_all(NotificationRead(notification_id=i, username=actor.user_id, read_at=now) for i in ids)
    return len(ids)
