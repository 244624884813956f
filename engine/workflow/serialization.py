"""Workflow state ⇄ JSON with SpiffWorkflow's serializer, knowing our data types.

A case's state is stored without its process specs: they come from the deployed definition
version the case started on (``definitions.load_specs``, parsed once per version), so a case
still stays on its version while each step skips re-building and re-writing the whole spec.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from uuid import UUID

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.serializer.helpers.registry import DefaultRegistry
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG


class CaseWorkflowConverter(BpmnWorkflowConverter):
    """Converts a top-level workflow without its spec and subprocess specs."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict:
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct: dict, spec=None, subprocess_specs=None) -> BpmnWorkflow:
        if spec is None:
            raise ValueError("a case's workflow is restored with the specs of its definition")
        workflow = self.target_class(spec, subprocess_specs, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.get("bpmn_events", []))
        return workflow


def data_registry() -> DefaultRegistry:
    """SpiffWorkflow's registry plus the data types our cases hold (dates and decimals)."""
    registry = DefaultRegistry()  # knows datetime, timedelta, UUID
    registry.register(date, lambda v: {"value": v.isoformat()}, lambda v: date.fromisoformat(v["value"]))
    registry.register(Decimal, lambda v: {"value": str(v)}, lambda v: Decimal(v["value"]))
    return registry


_registry = BpmnWorkflowSerializer.configure(SPIFF_CONFIG, data_registry())
CaseWorkflowConverter(BpmnWorkflow, _registry)
_serializer = BpmnWorkflowSerializer(_registry)


def dumps(workflow: BpmnWorkflow) -> str:
    """The workflow's tasks and data as JSON (its specs live with its definition version)."""
    return _serializer.serialize_json(workflow)


def loads(state: str, specs: tuple, script_engine) -> BpmnWorkflow:
    """A workflow back from JSON on ``specs`` = (spec, subprocess specs), script engine attached."""
    dct = json.loads(state)
    _serializer.migrate(dct)
    spec, subprocess_specs = specs
    workflow = _serializer.from_dict(dct, spec=spec, subprocess_specs=subprocess_specs)
    workflow.script_engine = script_engine  # it is not serialised
    return workflow
