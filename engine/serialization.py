"""Workflow state ⇄ JSON with SpiffWorkflow's serializer, knowing our data types."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.helpers.registry import DefaultRegistry
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG


def _registry() -> DefaultRegistry:
    registry = DefaultRegistry()  # knows datetime, timedelta, UUID
    registry.register(date, lambda v: {"value": v.isoformat()}, lambda v: date.fromisoformat(v["value"]))
    registry.register(Decimal, lambda v: {"value": str(v)}, lambda v: Decimal(v["value"]))
    return registry


_serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG, _registry()))


def dumps(workflow: BpmnWorkflow) -> str:
    """The whole workflow (spec included, so instances keep their version) as JSON."""
    return _serializer.serialize_json(workflow)


def loads(state: str, script_engine) -> BpmnWorkflow:
    """A workflow back from JSON, with the script engine re-attached (it is not serialised)."""
    workflow = _serializer.deserialize_json(state)
    workflow.script_engine = script_engine
    return workflow
