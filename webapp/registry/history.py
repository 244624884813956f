"""A retiree's hand-over history: the programme case that hands them over and the steps of it
that concern their county, from the work-item table (no Flask here)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from engine import Actor, Engine
from engine.directory import access
from engine.registry import status as registry_status
from engine.registry.retirees import Retiree
from engine.workflow.models import ProcessInstance, WorkItem


@dataclass(frozen=True)
class History:
    case: ProcessInstance
    steps: list[WorkItem]


def of(session: Session, engine: Engine, actor: Actor, retiree: Retiree) -> History | None:
    """None while the retiree is in no programme, or when its case is not the actor's to see
    (an outsider must not learn that a case exists)."""
    if retiree.instance_id is None:
        return None
    case = session.get(ProcessInstance, retiree.instance_id)
    if case is None or not access.may_view_case(session, case, actor):
        return None
    items = engine.work_items(session, case.id)
    steps = registry_status.steps_concerning(
        engine.workflow(session, case.id), items, retiree.destination_code
    )
    return History(case, steps)
