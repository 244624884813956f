"""Reminders (到期提醒) to the organisation holding an open task whose due date is near.

The worker sends them each round: one per work item, ever — a task first seen already overdue
gets its one reminder too (it says so), and escalation past a milestone stays with the
``milestone_schedule`` process. The unique (work_item_id, kind) key and ``ON CONFLICT DO
NOTHING`` keep two workers from sending the same reminder twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from engine.database import UTCDateTime
from engine.directory.roles import Actor
from engine.errors import NotFound
from engine.notifications import tasks as notifications
from engine.workflow.deadlines import CHINA_TZ, days_left
from engine.workflow.models import ProcessInstance, Reminder, WorkItem

DUE_SOON = "due_soon"


def send_due_reminders(session: Session, now: datetime, days: int = 7) -> int:
    """Remind the owners of open tasks due within ``days`` Beijing calendar days (2017-03-24 for
    a task due 2017-03-31), or already overdue, that have no reminder yet, each a notification too
    (``engine.notifications``); return how many."""
    candidates = (
        select(
            WorkItem.id,
            WorkItem.instance_id,
            WorkItem.owner_org,
            literal(DUE_SOON),
            WorkItem.due_at,
            literal(now, UTCDateTime()),
        )
        .join(ProcessInstance, WorkItem.instance_id == ProcessInstance.id)
        .outerjoin(Reminder, and_(Reminder.work_item_id == WorkItem.id, Reminder.kind == DUE_SOON))
        .where(
            WorkItem.state == "open",
            WorkItem.owner_org.is_not(None),
            WorkItem.due_at < _end_of_day(now, days),
            ProcessInstance.status == "running",
            Reminder.id.is_(None),
        )
    )
    columns = ["work_item_id", "instance_id", "owner_org", "kind", "due_at", "sent_at"]
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(Reminder)
        .from_select(columns, candidates)
        .on_conflict_do_nothing(index_elements=["work_item_id", "kind"])
        .returning(Reminder.id)
    )
    sent = list(session.scalars(statement))
    notifications.reminders_sent(session, sent, now)
    return len(sent)


def _end_of_day(now: datetime, days: int) -> datetime:
    """The midnight (Beijing time) ending the day ``days`` days after ``now``'s."""
    today = now.astimezone(CHINA_TZ).date()
    return datetime.combine(today + timedelta(days=days + 1), time(0), CHINA_TZ)


@dataclass(frozen=True)
class ReminderLine:
    """One unread reminder as its organisation reads it."""

    id: int
    work_item_id: int
    task_name: str
    case_title: str
    due_date: date  # Beijing date
    days_left: int  # negative when overdue

    @property
    def overdue(self) -> bool:
        # in the calendar days the reminder speaks of ("3 days overdue"); for a deadline given
        # as a date (the end of its Beijing day) the same as ``deadlines.is_overdue``
        return self.days_left < 0


def unread_reminders(session: Session, actor: Actor, now: datetime, limit: int = 20) -> list[ReminderLine]:
    """The actor's organisation's unread reminders of tasks still open and within the actor's
    roles, soonest due first."""
    rows = session.execute(
        select(Reminder.id, Reminder.due_at, WorkItem.id, WorkItem.name, WorkItem.title)
        .join(WorkItem, Reminder.work_item_id == WorkItem.id)
        .where(
            Reminder.owner_org == actor.organisation_id,
            Reminder.read_at.is_(None),
            WorkItem.state == "open",
            WorkItem.user_role.in_(sorted(actor.roles)),
        )
        .order_by(Reminder.due_at, Reminder.id)
        .limit(limit)
    ).all()
    return [
        ReminderLine(rid, item_id, name, title, due_at.astimezone(CHINA_TZ).date(), days_left(due_at, now))
        for rid, due_at, item_id, name, title in rows
    ]


def mark_read(session: Session, reminder_id: int, actor: Actor, now: datetime) -> None:
    """Mark one of the actor's organisation's reminders read (again: no change); a reminder of
    another organisation is ``NotFound``, as if it did not exist."""
    owner = session.scalar(select(Reminder.owner_org).where(Reminder.id == reminder_id))
    if owner is None or owner != actor.organisation_id:
        raise NotFound(f"reminder {reminder_id}")
    session.execute(
        update(Reminder).where(Reminder.id == reminder_id, Reminder.read_at.is_(None)).values(read_at=now)
    )
