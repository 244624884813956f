"""A case's parts: who may read what is said about a task (scoped like the data).

A programme case holds every county's hand-over; a county sees its own county's part only. A
task belongs to the part its data names — a county (``county.code``) or a prefecture's framework
agreement (``prefecture.code``) — and that part's readers are the parties its data names and the
organisations holding work in it. A task naming neither (the programme's own steps) belongs to the
whole case: everyone who may see the case reads it. Overseers of the case read every part.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow

from engine.workflow.models import ProcessInstance, WorkItem

#: the part of steps that concern the whole case
WHOLE_CASE: tuple[str, str] | None = None


@dataclass(frozen=True)
class Parts:
    """Each work item's part and each part's organisations, for one case."""

    case: ProcessInstance
    part_of_item: dict[int, tuple[str, str] | None]
    organisations: dict[tuple[str, str] | None, frozenset[str]]

    def readers(self, item_id: int | None) -> frozenset[str]:
        """The organisations that read about ``item_id`` (None: about the case as a whole)."""
        return self.organisations[self.part_of_item.get(item_id) if item_id is not None else WHOLE_CASE]

    def reads(self, organisation_id: str, item_id: int | None) -> bool:
        return organisation_id in self.readers(item_id)


def of_case(workflow: BpmnWorkflow, case: ProcessInstance, items: Iterable[WorkItem]) -> Parts:
    """The parts of ``case`` from its work items and their tasks' data."""
    part_of_item: dict[int, tuple[str, str] | None] = {}
    organisations: dict[tuple[str, str] | None, set[str]] = {WHOLE_CASE: set(case.parties.values())}
    for item in items:
        data = _task_data(workflow, item)
        part = _part(data)
        part_of_item[item.id] = part
        members = organisations.setdefault(part, set())
        members.update(o for o in (item.owner_org, *_parties(data)) if o)
        organisations[WHOLE_CASE].update(o for o in (item.owner_org,) if o)
    return Parts(case, part_of_item, {part: frozenset(orgs) for part, orgs in organisations.items()})


def _part(data: dict[str, Any] | None) -> tuple[str, str] | None:
    if not data:
        return WHOLE_CASE
    county, prefecture = data.get("county"), data.get("prefecture")
    if isinstance(county, dict) and county.get("code"):
        return ("county", str(county["code"]))
    if isinstance(prefecture, dict) and prefecture.get("code"):
        return ("prefecture", str(prefecture["code"]))
    return WHOLE_CASE


def _parties(data: dict[str, Any] | None) -> list[str]:
    parties = (data or {}).get("parties")
    if not isinstance(parties, dict):
        return []
    return [str(o) for o in parties.values() if isinstance(o, str) and o]


def _task_data(workflow: BpmnWorkflow, item: WorkItem) -> dict[str, Any] | None:
    try:
        task = workflow.get_task_from_id(UUID(item.task_guid))
    except Exception:  # a task the workflow no longer has (a cancelled branch)
        return None
    return task.data if task is not None else None
