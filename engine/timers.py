"""Timers the cases wait on, mirrored into a table so the worker finds what is due."""

from __future__ import annotations

from datetime import datetime

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import ProcessInstance, TimerEvent


def waiting_timers(workflow: BpmnWorkflow) -> dict[str, tuple[str, datetime]]:
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


def sync(session: Session, instance: ProcessInstance, workflow: BpmnWorkflow, now: datetime,
         *, new_instance: bool = False) -> None:
    """Record new timers, move changed deadlines, and close timers that fired or were cancelled."""
    current = waiting_timers(workflow)
    if not new_instance:
        for timer in session.scalars(
            select(TimerEvent).where(TimerEvent.instance_id == instance.id, TimerEvent.state == "waiting")
        ):
            if timer.task_guid in current:
                _, due_at = current.pop(timer.task_guid)
                if timer.due_at != due_at:
                    timer.due_at = due_at
            else:
                timer.state = "fired" if timer.due_at <= now else "cancelled"
                timer.fired_at = now if timer.state == "fired" else None
    session.add_all(
        TimerEvent(instance_id=instance.id, task_guid=guid, spec_id=spec_id, due_at=due_at,
                   created_at=now, state="waiting")
        for guid, (spec_id, due_at) in current.items()
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
