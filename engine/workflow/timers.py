"""Timers the cases wait on, mirrored into a table so the worker finds what is due."""

from __future__ import annotations

from datetime import datetime

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from engine.workflow.models import ProcessInstance, TimerEvent

#: task guid → (element id, deadline)
Timers = dict[str, tuple[str, datetime]]


def waiting_timers(workflow: BpmnWorkflow) -> Timers:
    """Task guid → (element id, deadline) of every timer the workflow waits on.

    SpiffWorkflow fixes a timer's deadline when the timer starts waiting and keeps it in
    the task's ``event_value`` (an ISO time, or for cycles a dict with the ``next`` time).
    """
    found = {}
    for task in workflow.event_manager.tasks.values():
        definition = task.task_spec.event_definition
        if not isinstance(definition, TimerEventDefinition):
            continue
        value = task.internal_data.get("event_value")
        if isinstance(value, dict):
            value = value.get("next") if value.get("cycles") != 0 else None
        if value:
            found[str(task.id)] = (task.task_spec.bpmn_id, TimerEventDefinition.get_datetime(value))
    return found


def add_new(
    session: Session, instance: ProcessInstance, before: Timers, after: Timers, now: datetime
) -> None:
    """Record the timers that started waiting in this step."""
    session.add_all(
        TimerEvent(
            instance_id=instance.id,
            task_guid=guid,
            spec_id=spec_id,
            due_at=due_at,
            created_at=now,
            state="waiting",
        )
        for guid, (spec_id, due_at) in after.items()
        if guid not in before
    )


def close_gone(session: Session, instance_id: int, before: Timers, after: Timers, now: datetime) -> None:
    """Close timers that fired or were cancelled in this step; move deadlines that changed (cycles)."""
    for guid, (_spec_id, due_at) in before.items():
        if guid in after and after[guid][1] == due_at:
            continue
        if guid in after:
            values = {"due_at": after[guid][1]}
        elif due_at <= now:
            values = {"state": "fired", "fired_at": now}
        else:
            values = {"state": "cancelled"}
        session.execute(
            update(TimerEvent)
            .where(TimerEvent.instance_id == instance_id, TimerEvent.task_guid == guid)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def due_instance_ids(session: Session, now: datetime, limit: int) -> list[int]:
    """Ids of running cases with a timer due at ``now``, locked for this worker.

    On PostgreSQL the case rows are locked ``FOR UPDATE SKIP LOCKED``: a second worker
    passes over them instead of firing the same timer again. SQLite has one writer at a
    time, and the case's revision check turns a late second firing into a conflict.
    """
    due = select(TimerEvent.instance_id).where(TimerEvent.state == "waiting", TimerEvent.due_at <= now)
    query = (
        select(ProcessInstance.id)
        .where(ProcessInstance.id.in_(due), ProcessInstance.status == "running")
        .order_by(ProcessInstance.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(session.scalars(query))
