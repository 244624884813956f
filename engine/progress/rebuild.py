"""Milestone units rebuilt from what a case has done: for cases that ran before the units existed
(a database upgraded to this version), or to check the units against the cases.

The case's completed work items are replayed in the order they were completed, each with the
form it submitted and the case data at that task, through the same handlers a live step uses.
"""

from __future__ import annotations

from uuid import UUID

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from engine import procedures
from engine.progress import units
from engine.progress.units import MilestoneUnit
from engine.workflow import instances, routing
from engine.workflow.events import CaseStarted, StepCompleted
from engine.workflow.models import ProcessInstance, WorkItem
from engine.workflow.scripting import RestrictedScriptEngine

#: the processes that have units
#: the procedures whose cases have milestone units (they declare a start of their own)
COUNTED = tuple(key for key, declared in procedures.PROCEDURES.items() if declared.started)


def rebuild(session: Session, script_engine: RestrictedScriptEngine, instance_id: int | None = None) -> int:
    """Rebuild the units of one case (or of every counted case); returns how many cases."""
    query = select(ProcessInstance.id).where(ProcessInstance.process_key.in_(COUNTED))
    if instance_id is not None:
        query = query.where(ProcessInstance.id == instance_id)
    ids = list(session.scalars(query.order_by(ProcessInstance.id)))
    for case_id in ids:
        instance, workflow = instances.load(session, case_id, script_engine)
        rebuild_case(session, instance, workflow)
    return len(ids)


def rebuild_case(session: Session, instance: ProcessInstance, workflow: BpmnWorkflow) -> None:
    session.execute(delete(MilestoneUnit).where(MilestoneUnit.instance_id == instance.id))
    units.LISTENER.case_started(CaseStarted(session, instance, _start_data(workflow), instance.started_at))
    session.flush()
    done = session.scalars(
        select(WorkItem)
        .where(WorkItem.instance_id == instance.id, WorkItem.state == "completed")
        .order_by(WorkItem.completed_at, WorkItem.id)
    )
    for item in done:
        task = workflow.get_task_from_id(UUID(item.task_guid))
        if task is None:
            continue
        form = task.data.get(routing.data_key_of(task))
        form = form if isinstance(form, dict) else {}
        process_id = routing.process_of(task)
        completed = StepCompleted(session, instance, item, process_id, form, task.data, workflow)
        units.LISTENER.step_completed(completed)
        session.flush()


def _start_data(workflow: BpmnWorkflow) -> dict:
    """The data the case started with (its milestones and campaign): its start task's."""
    for task in workflow.task_tree.children:
        return dict(task.data)
    return {}
