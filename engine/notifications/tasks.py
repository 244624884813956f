"""Notices the work itself gives: a task opened for an organisation (new, or returned to whoever
did it before), a reminder of a near due date, an escalation of a case past its milestone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.directory.organisations import User
from engine.notifications.notify import about_task, notify
from engine.workflow.events import TasksOpened
from engine.workflow.models import Reminder, WorkItem


class NotificationListener:
    """Registered on the ``Engine``: tells organisations of the tasks each step opens for them."""

    def case_started(self, event) -> None:
        pass

    def step_submitted(self, event) -> None:
        pass

    def step_completed(self, event) -> None:
        pass

    def tasks_opened(self, event: TasksOpened) -> None:
        tasks_opened(event.session, event.items, event.now)


LISTENER = NotificationListener()


def tasks_opened(session: Session, items: list[WorkItem], now: datetime) -> None:
    """A returned task (its step was done before in the case, for the same organisation and subject)
    is told to whoever did it last; any other new task to its organisation, for the users with its role."""
    owned = [item for item in items if item.owner_org]
    for item in owned:
        before = _last_done_by(session, item)
        if before is not None:
            notify(
                session,
                organisation=item.owner_org,
                kind="returned",
                user=before,
                user_role=item.user_role,
                item=item,
                now=now,
                subject=f"事项被退回：{item.name}（{item.title}）",
                body=about_task(item),
            )
        else:
            notify(
                session,
                organisation=item.owner_org,
                kind="new_task",
                user_role=item.user_role,
                item=item,
                now=now,
                subject=f"新待办：{item.name}（{item.title}）",
                body=about_task(item),
            )


def _last_done_by(session: Session, item: WorkItem) -> str | None:
    """Who last completed this step of the case for the same organisation, if still active there."""
    done_by = session.scalar(
        select(WorkItem.completed_by)
        .join(User, User.username == WorkItem.completed_by)
        .where(
            WorkItem.instance_id == item.instance_id,
            WorkItem.spec_id == item.spec_id,
            WorkItem.owner_org == item.owner_org,
            # one step done per county, community, … (a multi-instance): the same subject's only
            WorkItem.subject.is_not_distinct_from(item.subject),
            WorkItem.state == "completed",
            WorkItem.id != item.id,
            User.active.is_(True),
            User.organisation_id == item.owner_org,
        )
        .order_by(WorkItem.completed_at.desc(), WorkItem.id.desc())
        .limit(1)
    )
    return done_by


def reminders_sent(session: Session, reminder_ids: list[int], now: datetime) -> None:
    """Each new reminder told to the task's holder, or to its organisation while nobody holds it."""
    if not reminder_ids:
        return
    rows = session.execute(
        select(Reminder, WorkItem)
        .join(WorkItem, Reminder.work_item_id == WorkItem.id)
        .where(Reminder.id.in_(reminder_ids))
        .order_by(Reminder.id)
    ).all()
    for reminder, item in rows:
        late = reminder.due_at < now
        subject = f"{'已逾期' if late else '即将到期'}：{item.name}（{item.title}）"
        _tell_holder(session, item, "reminder", subject, about_task(item), now)


def escalated(session: Session, instance_ids: list[int], milestone: str, now: datetime) -> None:
    """Cases newly found short of ``milestone``: each organisation (or holder) of an overdue task
    of theirs is told the case has been reported to the supervising office (督办)."""
    if not instance_ids:
        return
    items = session.scalars(
        select(WorkItem)
        .where(
            WorkItem.instance_id.in_(instance_ids),
            WorkItem.state == "open",
            WorkItem.owner_org.is_not(None),
            WorkItem.due_at < now,
        )
        .order_by(WorkItem.id)
    ).all()
    for item in items:
        _tell_holder(
            session,
            item,
            "escalation",
            f"逾期督办（{milestone}）：{item.name}（{item.title}）",
            f"本事项已超过时间节点 {milestone}，已报领导小组办公室督办。\n\n{about_task(item)}",
            now,
        )


def _tell_holder(session: Session, item: WorkItem, kind: str, subject: str, body: str, now: datetime) -> None:
    """A notice about ``item`` to its holder, or to its organisation while nobody holds it."""
    notify(
        session,
        organisation=item.owner_org,
        kind=kind,
        user=item.claimed_by,
        user_role=item.user_role,
        item=item,
        now=now,
        subject=subject,
        body=body,
    )
