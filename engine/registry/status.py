"""移交进度 — how far each registered retiree's hand-over has come, moved on by the steps that do it.

``LISTENER`` hears every submitted step in the step's own transaction, before the workflow moves
on (so the service tasks after it read the registry as the step left it); the procedures declare
which task makes which move (``engine/procedures/``, ``Step.registry``), ``MOVES`` below says
what each move does (``moves``, ``archives``, ``corrections``). Each move checks the submission
against the registry first and refuses it (``InvalidTaskData``, nothing applied) when it
disagrees. The listener also brings the services the diagrams call to read the registry
(``SERVICES``): the workflow holds counts and references, never the people.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from engine import procedures
from engine.registry import archives, corrections, handover, interim, moves
from engine.registry.steps import Step
from engine.workflow.events import CaseStarted, StepCompleted, StepSubmitted
from engine.workflow.models import WorkItem
from engine.workflow.services import ServiceContext


class RegistryListener:
    """Moves the registry on for each submitted step whose procedure declares a move."""

    def __init__(self, services: dict[str, Callable[..., Any]]):
        self.services = services

    def case_started(self, event: CaseStarted) -> None:
        pass

    def step_submitted(self, event: StepSubmitted) -> None:
        move = procedures.step(event.process_id, event.task_id).registry
        if move is not None:
            MOVES[move](Step.of(event))

    def step_completed(self, event: StepCompleted) -> None:
        pass


#: the moves a procedure's step may declare (``engine.procedures.Step.registry``)
MOVES: dict[str, Callable[[Step], None]] = {
    move.__name__: move
    for move in (
        moves.link_roster,
        moves.specific_drafted,
        moves.staff_handed_over,
        moves.agreement_signed,
        moves.data_verified,
        corrections.corrections_applied,
        moves.allocation_accepted,
        interim.interim_allocation_accepted,
        moves.reception_reported,
        moves.party_transferred,
        moves.party_received,
        moves.fee_planned,
        moves.county_confirmed,
        archives.archives_sorted,
        archives.archives_checked,
        archives.archives_supplemented,
        archives.archives_accepted,
    )
}


# -- services the diagrams call ---------------------------------------------------------------------


def registered_roster_tally(context: ServiceContext, enterprise: str) -> dict[str, Any]:
    """统计登记人员: the enterprise's people registered in this programme, counted by destination."""
    return handover.tally(context.session, context.instance_id, enterprise)


def county_allocations(context: ServiceContext, county: str) -> list[dict[str, Any]]:
    """One reception per community with people assigned and not yet received."""
    return handover.allocations(context.session, handover.CountyScope(context.instance_id, county))


def county_figures(context: ServiceContext, county: str) -> dict[str, Any]:
    return handover.figures(context.session, handover.CountyScope(context.instance_id, county)).as_data()


def county_interim(context: ServiceContext, county: str) -> dict[str, Any]:
    """过渡期管理: the county's people under interim management, their earliest end, and when the
    county's task to allocate them opens (``interim.schedule``)."""
    scope = handover.CountyScope(context.instance_id, county)
    return interim.schedule(context.session, scope, context.now)


SERVICES = {
    service.__name__: service
    for service in (registered_roster_tally, county_allocations, county_figures, county_interim)
}

LISTENER = RegistryListener(SERVICES)

registered_count = moves.registered_count


# -- a retiree's steps ------------------------------------------------------------------------------


def steps_concerning(workflow, items: Iterable[WorkItem], county_code: str | None) -> list[WorkItem]:
    """The work items of a programme that concern one receiving county: the programme's own
    steps, the framework agreement of its prefecture, and its own county (and archive) hand-over."""
    return [item for item in items if _concerns(_task_data(workflow, item), county_code)]


def _task_data(workflow, item: WorkItem) -> dict[str, Any] | None:
    task = workflow.get_task_from_id(UUID(item.task_guid))
    return task.data if task is not None else None


def _concerns(data: dict[str, Any] | None, county_code: str | None) -> bool:
    if data is None:
        return False
    county, prefecture = data.get("county"), data.get("prefecture")
    if isinstance(county, dict):
        return county.get("code") == county_code
    if isinstance(prefecture, dict):
        return county_code in (prefecture.get("county_codes") or ())
    return True
