"""Overdue cases at a milestone: found from the work-item table, flagged, listed for escalation."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from engine.notifications import tasks as notifications
from engine.workflow.models import OverdueFlag, ProcessInstance, WorkItem
from engine.workflow.services import ServiceContext

MILESTONES = ("M1", "M2", "M3", "M4")


def overdue_cases(context: ServiceContext, milestone: str) -> list[dict]:
    """Running cases still short of ``milestone``: they hold open work due by that milestone or
    an earlier one, and past its due date. Each is flagged (``overdue_flag``) and listed."""
    if milestone not in MILESTONES:
        raise ValueError(f"unknown milestone {milestone!r}")
    upto = MILESTONES[: MILESTONES.index(milestone) + 1]
    rows = context.session.execute(
        select(WorkItem, ProcessInstance.title, ProcessInstance.process_key)
        .join(ProcessInstance, WorkItem.instance_id == ProcessInstance.id)
        .where(
            WorkItem.state == "open",
            WorkItem.milestone.in_(upto),
            WorkItem.due_at < context.now,
            ProcessInstance.status == "running",
        )
        .order_by(WorkItem.instance_id, WorkItem.due_at, WorkItem.id)
    ).all()
    cases: dict[int, dict] = {}
    for item, title, process_key in rows:
        case = cases.setdefault(
            item.instance_id,
            {"instance_id": item.instance_id, "title": title, "process_key": process_key, "tasks": []},
        )
        case["tasks"].append(
            {"name": item.name, "owner_org": item.owner_org, "due_at": item.due_at.isoformat()}
        )
    _flag(context, sorted(cases), milestone)
    return [cases[key] for key in sorted(cases)]


def _flag(context: ServiceContext, instance_ids: list[int], milestone: str) -> None:
    """Record the flags once per case and milestone (a second escalation adds nothing), and tell
    the organisations of the newly flagged cases' overdue tasks (``engine.notifications``)."""
    if not instance_ids:
        return
    values = [
        {
            "instance_id": i,
            "milestone": milestone,
            "flagged_at": context.now,
            "escalation_instance_id": context.instance_id,
        }
        for i in instance_ids
    ]
    dialect = context.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(OverdueFlag)
        .values(values)
        .on_conflict_do_nothing(index_elements=["instance_id", "milestone"])
        .returning(OverdueFlag.instance_id)
    )
    flagged = list(context.session.scalars(statement))
    notifications.escalated(context.session, flagged, milestone, context.now)


SERVICES = {"overdue_cases": overdue_cases}
