"""The procedures of processes/ as Python sees them: one module each, declaring what completing
its tasks does, where its documents come from and how its start form becomes a case
(``declaration.py`` says how). Look a procedure up by its BPMN process id."""

from __future__ import annotations

from engine.errors import NotFound
from engine.procedures import (
    archive_handover,
    archive_lookup,
    certification_campaign,
    community_org_handover,
    community_transfer,
    county_handover,
    county_transfer,
    death_report,
    festival_visits,
    framework_agreement,
    interim_management,
    management_fee,
    milestone_schedule,
    new_retiree,
    prefecture_handover,
    retiree_handover_programme,
)
from engine.procedures.declaration import (
    NO_EFFECT,
    Agreement,
    CaseStart,
    Mismatch,
    Procedure,
    Returned,
    StartRequest,
    Step,
)

PROCEDURES: dict[str, Procedure] = {
    module.PROCEDURE.key: module.PROCEDURE
    for module in (
        retiree_handover_programme,
        prefecture_handover,
        framework_agreement,
        county_handover,
        archive_handover,
        interim_management,
        community_org_handover,
        management_fee,
        archive_lookup,
        milestone_schedule,
        certification_campaign,
        new_retiree,
        death_report,
        community_transfer,
        county_transfer,
        festival_visits,
    )
}

__all__ = [
    "Agreement",
    "CaseStart",
    "Mismatch",
    "PROCEDURES",
    "Procedure",
    "Returned",
    "StartRequest",
    "Step",
    "procedure",
    "step",
]


def procedure(key: str) -> Procedure | None:
    """The declaration of a process (None for one deployed without any, e.g. by a designer)."""
    return PROCEDURES.get(key)


def step(process_key: str, task_id: str) -> Step:
    """What completing ``task_id`` of ``process_key`` does (nothing, for an undeclared task)."""
    found = PROCEDURES.get(process_key)
    return found.step(task_id) if found is not None else NO_EFFECT


def starting(key: str, request: StartRequest) -> CaseStart:
    """The case a start form describes; ``NotFound`` for a process without a start form."""
    found = PROCEDURES.get(key)
    if found is None or found.start is None:
        raise NotFound(f"process '{key}' has no start form")
    return found.start(request)


def shown_data(process_key: str, task_id: str, data_key: str, data: dict) -> dict:
    """The case data a task shows its holder: what its procedure declares it needs (the whole
    data for a process deployed without a declaration)."""
    found = PROCEDURES.get(process_key)
    return found.shown(task_id, data_key, data) if found is not None else dict(data)


def documents_made_by(process_key: str, task_id: str) -> tuple[str, ...]:
    return step(process_key, task_id).documents


def makes_documents(task_id: str) -> bool:
    """Whether a task of that id makes documents in any procedure (a cheap first look)."""
    return any(found.step(task_id).documents for found in PROCEDURES.values())


def document_source(kind: str) -> str | None:
    """The task whose submitted form a document kind is made from (None: made from the case)."""
    for found in PROCEDURES.values():
        if kind in found.document_sources:
            return found.document_sources[kind]
    return None


def agreement(kind: str) -> Agreement | None:
    for found in PROCEDURES.values():
        if kind in found.agreements:
            return found.agreements[kind]
    return None
