"""Cases: create a workflow from a deployed definition, load it from the table, save it back."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, undefer
from sqlalchemy.orm.exc import StaleDataError

from engine.errors import NotFound, TaskConflict
from engine.workflow import definitions, serialization
from engine.workflow.models import ProcessDefinition, ProcessInstance


def new_workflow(spec, subprocess_specs, script_engine, data: dict[str, Any]) -> BpmnWorkflow:
    """A workflow at its start event, the initial data (a deep copy) on the start task."""
    workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=script_engine)
    workflow.get_next_task(state=TaskState.READY).data.update(copy.deepcopy(data))
    return workflow


def create(
    session: Session,
    definition: ProcessDefinition,
    workflow: BpmnWorkflow,
    *,
    title: str,
    parties: dict[str, str],
    started_by: str,
    now: datetime,
) -> ProcessInstance:
    """Insert the case row for a freshly started workflow (flushes, so it has an id)."""
    instance = ProcessInstance(
        definition_id=definition.id,
        process_key=definition.key,
        title=title,
        parties=dict(parties),
        status="running",  # set, not left to the insert: a case done at its start completes now
        started_at=now,
        started_by=started_by,
        updated_at=now,
    )
    store_state(instance, workflow, now)
    session.add(instance)
    session.flush()
    return instance


def get(session: Session, instance_id: int) -> ProcessInstance:
    """A case row (from the session's identity map when already loaded)."""
    instance = session.get(ProcessInstance, instance_id)
    if instance is None:
        raise NotFound(f"case {instance_id} does not exist", what="case", key=instance_id)
    return instance


def load(session: Session, instance_id: int, script_engine) -> tuple[ProcessInstance, BpmnWorkflow]:
    """The case row and its workflow, ready to step."""
    row = session.execute(
        select(ProcessInstance, ProcessDefinition)
        .join(ProcessDefinition, ProcessInstance.definition_id == ProcessDefinition.id)
        .where(ProcessInstance.id == instance_id)
        .options(undefer(ProcessInstance.state))
    ).one_or_none()
    if row is None:
        raise NotFound(f"case {instance_id} does not exist", what="case", key=instance_id)
    instance, definition = row
    return instance, workflow_of(session, instance, definition, script_engine)


def workflow_of(
    session: Session, instance: ProcessInstance, definition: ProcessDefinition, script_engine
) -> BpmnWorkflow:
    """The case's workflow, on the specs of the definition version it started on."""
    specs = definitions.load_specs(session, definition)
    return serialization.loads(instance.state, specs, script_engine)


def store_state(instance: ProcessInstance, workflow: BpmnWorkflow, now: datetime) -> None:
    """Put the workflow's state on the row (written at the next flush, revision-checked)."""
    instance.state = serialization.dumps(workflow)
    instance.updated_at = now
    if workflow.is_completed() and instance.status == "running":
        instance.status, instance.completed_at = "completed", now


def flush_or_conflict(session: Session, message: str) -> None:
    """Flush now, so a lost race surfaces here as ``TaskConflict`` rather than at commit.

    The version columns raise ``StaleDataError``; SQLite refuses a write from a transaction
    whose snapshot another writer has moved past ("database is locked").
    """
    try:
        session.flush()
    except StaleDataError as exc:
        raise TaskConflict(message) from exc
    except OperationalError as exc:
        if "locked" in str(exc.orig).lower():
            raise TaskConflict(message) from exc
        raise
