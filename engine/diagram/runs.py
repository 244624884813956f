"""Runs: the case's own workflow, and every workflow it started for a call activity or an embedded
subprocess. A multi-instance call runs once per item (县（市、区）: one county hand-over per county);
a run is known by its item's code (410105), and a run nested inside it inherits that code (the
archive hand-over of 金水区's county hand-over is 410105 too)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import MultiInstanceTask
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task


@dataclass(frozen=True)
class Run:
    workflow: Any  # the BpmnWorkflow, or one of its BpmnSubWorkflows
    #: the code of the item the run is for (410105), None for the case's own workflow
    key: str | None = None
    #: how people name that item (郑州市金水区)
    name: str | None = None


def runs_of(workflow: BpmnWorkflow, process_id: str) -> list[Run]:
    """The runs of ``process_id`` (a process, or an embedded subprocess's id) in the case."""
    found = [Run(workflow)] if workflow.spec.name == process_id else []
    for subworkflow in workflow.subprocesses.values():
        if subworkflow.spec.name == process_id:
            key, name = _item_of(workflow, subworkflow)
            found.append(Run(subworkflow, key, name))
    return found


def _item_of(top: BpmnWorkflow, subworkflow) -> tuple[str | None, str | None]:
    """The key and name of the item the subworkflow runs for, or of the run that started it."""
    caller = top.get_task_from_id(subworkflow.parent_task_id)
    item = _multi_instance_item(caller)
    if item is not None:
        return item
    if caller.workflow is top:
        return None, None
    return _item_of(top, caller.workflow)


def _multi_instance_item(caller: Task) -> tuple[str, str] | None:
    loop = caller.parent
    if loop is None or not isinstance(loop.task_spec, MultiInstanceTask):
        return None
    if loop.task_spec.task_spec != caller.task_spec.name:
        return None
    reference = loop.task_spec.input_item
    value = reference.get(caller) if reference is not None and reference.exists(caller) else None
    if isinstance(value, dict) and value.get("code") is not None:
        key = str(value["code"])
        return key, str(value.get("name") or value.get("title") or key)
    index = caller.internal_data.get("key_or_index")
    key = str(value) if isinstance(value, str | int) else str((index or 0) + 1)
    return key, key
