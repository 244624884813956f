"""Handing work on (转办): a held task reassigned to a colleague, and the follow-up date (跟进日期)
a holder sets on a task for themself.

Who may reassign: the task's holder, or a leader or administrator of the organisation that owns
it (``leader``/``admin`` user roles of that organisation: 单位负责人); a leader may also hand an
unclaimed task of the organisation to a colleague. The new holder must be an active user of the
same organisation with the task's user role; while they are away, their substitute
(``engine.directory.substitutes``) receives it instead. Releasing a task is ``Engine.unclaim``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, Select, String, UniqueConstraint, and_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine.database import Base, UTCDateTime
from engine.directory import audit, substitutes
from engine.directory.organisations import User, user_name
from engine.directory.roles import Actor
from engine.errors import InvalidTaskData, NotFound, NotYourTask, TaskConflict
from engine.notifications.notify import about_task, notify
from engine.workflow import instances
from engine.workflow.models import WorkItem

#: user roles that make someone their organisation's leader for handing work on
LEADER_ROLES = frozenset({"leader", "admin"})


class FollowUp(Base):
    """The date a holder means to come back to a task (one per task and person)."""

    __tablename__ = "task_follow_up"
    __table_args__ = (UniqueConstraint("work_item_id", "username"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("task.id"))
    username: Mapped[str] = mapped_column(String(80))
    follow_up_on: Mapped[date] = mapped_column(Date)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)


def _open_item_of(session: Session, item_id: int, actor: Actor) -> WorkItem:
    item = session.get(WorkItem, item_id)
    if item is None:
        raise NotFound(f"task {item_id} does not exist")
    if item.owner_org != actor.organisation_id:
        raise NotYourTask(f"task {item.id} belongs to another organisation")
    if item.state != "open":
        raise TaskConflict(f"task {item.id} is already {item.state}")
    return item


def may_reassign(item: WorkItem, actor: Actor) -> bool:
    """The holder of an open task, or a leader of the organisation owning it."""
    if item.state != "open" or item.owner_org != actor.organisation_id:
        return False
    return item.claimed_by == actor.user_id or bool(actor.roles & LEADER_ROLES)


def colleagues(session: Session, item: WorkItem, actor: Actor) -> list[User]:
    """Whom the task may be handed to: active users of its organisation with its role, but its holder."""
    users = session.scalars(
        select(User)
        .where(User.organisation_id == item.owner_org, User.active.is_(True))
        .order_by(User.name, User.username)
    )
    return [u for u in users if item.user_role in u.roles and u.username != item.claimed_by]


def reassign(session: Session, item_id: int, actor: Actor, to: str, now: datetime) -> WorkItem:
    """Hand the task to colleague ``to`` (or their substitute while they are away): audited, and
    the new holder is told (and mailed)."""
    item = _open_item_of(session, item_id, actor)
    if not may_reassign(item, actor):
        raise NotYourTask(f"only the holder or a leader of the organisation may reassign task {item.id}")
    if to == item.claimed_by or substitutes.colleague(session, item.owner_org, to, item.user_role) is None:
        raise InvalidTaskData({"to": ["只能转给本单位有相应角色的其他在岗人员。"]})
    holder, absent = substitutes.receiver(session, to, now, item.user_role)
    if holder == item.claimed_by:
        raise InvalidTaskData({"to": ["对方不在岗期间由您代理，事项仍由您办理。"]})
    before = item.claimed_by
    item.claimed_by, item.claimed_at = holder, now
    instances.flush_or_conflict(session, f"task {item.id} changed under you")
    detail = {"from": before, "to": holder, **({"substitute_for": absent} if absent else {})}
    audit.record(session, "reassign", actor, now, item=item, detail=detail)
    notify(
        session,
        organisation=item.owner_org,
        kind="substitute" if absent else "reassigned",
        user=to,  # told to their substitute, on their behalf, as the task went
        user_role=item.user_role,
        item=item,
        now=now,
        subject=f"{user_name(session, actor.user_id)} 转给您办理：{item.name}（{item.title}）",
        body=about_task(item),
    )
    return item


def set_follow_up(session: Session, item_id: int, actor: Actor, on: date | None, now: datetime) -> None:
    """The holder's follow-up date on the task (None clears it); audited."""
    item = _open_item_of(session, item_id, actor)
    if item.claimed_by != actor.user_id:
        raise NotYourTask(f"only the holder of task {item.id} sets its follow-up date")
    existing = session.scalars(
        select(FollowUp).where(FollowUp.work_item_id == item.id, FollowUp.username == actor.user_id)
    ).one_or_none()
    if on is None and existing is not None:
        session.delete(existing)
    elif on is not None and existing is not None:
        existing.follow_up_on, existing.set_at = on, now
    elif on is not None:
        session.add(FollowUp(work_item_id=item.id, username=actor.user_id, follow_up_on=on, set_at=now))
    audit.record(session, "follow_up", actor, now, item=item, detail={"on": on.isoformat() if on else None})


def follow_up_dates(session: Session, item_ids: list[int], username: str) -> dict[int, date]:
    """Task id → the person's follow-up date, for the tasks given that have one."""
    if not item_ids:
        return {}
    rows = session.execute(
        select(FollowUp.work_item_id, FollowUp.follow_up_on).where(
            FollowUp.work_item_id.in_(item_ids), FollowUp.username == username
        )
    )
    return dict(rows.tuples().all())


def ordered_by_follow_up(query: Select, username: str) -> Select:
    """An inbox query ordered by the person's follow-up dates, soonest first, tasks without last."""
    return (
        query.outerjoin(FollowUp, and_(FollowUp.work_item_id == WorkItem.id, FollowUp.username == username))
        .order_by(None)
        .order_by(FollowUp.follow_up_on.asc().nulls_last(), WorkItem.due_at.asc().nulls_last(), WorkItem.id)
    )
