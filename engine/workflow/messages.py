"""Messages a case waits for (三供一业改造完成, …): who may send them, and delivering them."""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn.util.event import BpmnEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.task import Task

from engine.directory.roles import SYSTEM, Actor
from engine.errors import NotYourTask, TaskConflict


def waiting_for(workflow: BpmnWorkflow, name: str | None = None) -> list[Task]:
    """The workflow's tasks waiting for a message (named ``name``, or any)."""
    return [
        task
        for task in workflow.event_manager.tasks.values()
        if isinstance(task.task_spec.event_definition, MessageEventDefinition)
        and (name is None or task.task_spec.event_definition.name == name)
    ]


def check_may_send(waiting: list[Task], parties: dict[str, str], actor: Actor | str) -> None:
    """Only the party whose lane holds the catching event may send its message (or the system).

    Organisations outside the case learn nothing; a party learns the case is not waiting.
    """
    if actor == SYSTEM:
        return
    if not isinstance(actor, Actor) or actor.organisation_id not in parties.values():
        raise NotYourTask("only a party of the case may send it a message")
    if not waiting:
        raise TaskConflict("the case is not waiting for this message")
    for task in waiting:
        local = task.data.get("parties") if isinstance(task.data.get("parties"), dict) else {}
        owner = local.get(task.task_spec.lane) or parties.get(task.task_spec.lane)
        if owner == actor.organisation_id:
            return
    raise NotYourTask("only the organisation the case waits on may send this message")


def deliver(workflow: BpmnWorkflow, name: str, payload: Any) -> None:
    """Hand the message to the waiting event (SpiffWorkflow's spiff message class must match)."""
    if not waiting_for(workflow, name):
        raise TaskConflict(f"the case is not waiting for the message '{name}'")
    workflow.send_event(BpmnEvent(MessageEventDefinition(name), payload=payload))
