"""What a page or the API shows of a case and of one of its tasks (read only, copies only)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.directory.audit import AuditEvent
from engine.directory.roles import Actor
from engine.workflow import messages, routing
from engine.workflow.documents import Document
from engine.workflow.models import ProcessDefinition, ProcessInstance, WorkItem


@dataclass
class TaskView:
    item: WorkItem
    case: ProcessInstance
    process_name: str
    instructions: str
    data: dict[str, Any]
    may_act: bool
    #: the BPMN process the task belongs to (a called process's own id)
    process_id: str = ""
    #: where the task's submitted form goes in the case data
    data_key: str = ""
    #: case-data key → the form whose answer it holds, for the user tasks of the task's process
    answer_forms: dict[str, str] = field(default_factory=dict)


@dataclass
class CaseView:
    case: ProcessInstance
    definition: ProcessDefinition
    open_items: list[WorkItem]
    done_items: list[WorkItem]
    events: list[AuditEvent]
    documents: list[Document]
    data: dict[str, Any]
    #: (message name, lane) of every message the case waits for (三供一业改造完成 …)
    waiting_for: list[tuple[str, str]] = field(default_factory=list)


def task_view(
    session: Session,
    workflow: BpmnWorkflow,
    item: WorkItem,
    case: ProcessInstance,
    definition: ProcessDefinition,
    actor: Actor,
    shown_data=None,
) -> TaskView:
    """The task as its page shows it; ``shown_data`` picks what of the case data it shows."""
    task = _task(workflow, item.task_guid)
    may_act = (
        item.state == "open" and item.owner_org == actor.organisation_id and item.user_role in actor.roles
    )
    extensions = getattr(task.task_spec, "extensions", {}) if task else {}
    return TaskView(
        item=item,
        case=case,
        process_name=definition.name,
        instructions=(extensions or {}).get("instructionsForEndUser") or "",
        data=_shown(task, shown_data) if task is not None else {},
        may_act=may_act,
        process_id=routing.process_of(task) if task is not None else item.process_key,
        data_key=routing.data_key_of(task) if task is not None else item.spec_id,
        answer_forms=_answer_forms(task) if task is not None else {},
    )


def _answer_forms(task) -> dict[str, str]:
    """Which form each answer of the task's process was given on (its data key → form key)."""
    found = {}
    for spec in task.workflow.spec.task_specs.values():
        form = routing.spec_properties(spec).get("form")
        if form and getattr(spec, "manual", False):
            found[routing.spec_data_key(spec)] = form
    return found


def _shown(task, shown_data) -> dict[str, Any]:
    data = copy.deepcopy(task.data)
    if shown_data is None:
        return data
    return shown_data(routing.process_of(task), task.task_spec.bpmn_id, routing.data_key_of(task), data)


def case_view(
    session: Session, workflow: BpmnWorkflow, case: ProcessInstance, definition: ProcessDefinition
) -> CaseView:
    items = list(
        session.scalars(select(WorkItem).where(WorkItem.instance_id == case.id).order_by(WorkItem.id))
    )
    events = list(
        session.scalars(select(AuditEvent).where(AuditEvent.instance_id == case.id).order_by(AuditEvent.id))
    )
    documents = list(
        session.scalars(select(Document).where(Document.instance_id == case.id).order_by(Document.id))
    )
    waiting = [
        (t.task_spec.event_definition.name, t.task_spec.lane)
        for t in messages.waiting_for(workflow)
        if isinstance(t.task_spec.event_definition, MessageEventDefinition)
    ]
    return CaseView(
        case=case,
        definition=definition,
        open_items=[i for i in items if i.state == "open"],
        done_items=[i for i in items if i.state == "completed"],
        events=events,
        documents=documents,
        data=latest_data(workflow),
        waiting_for=waiting,
    )


def latest_data(workflow: BpmnWorkflow) -> dict[str, Any]:
    """A copy of the case's own data as of its most recent step (a called process keeps data
    of its own: a county hand-over receives only what it declares)."""
    states = TaskState.COMPLETED | TaskState.READY | TaskState.WAITING
    tasks = workflow.get_tasks(state=states, skip_subprocesses=True)
    if not tasks:
        return {}
    return copy.deepcopy(max(tasks, key=lambda t: t.last_state_change).data)


def _task(workflow: BpmnWorkflow, guid: str):
    try:
        return workflow.get_task_from_id(UUID(guid))
    except Exception:  # a task the workflow no longer has (cancelled branch): no data to show
        return None
