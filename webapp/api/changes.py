"""信息变更和转移 (四(一)): a person's information changes and transfers, for whoever sees the person
(address and phone changes only for those who see them in full); the community that has the
person changes the address, phone and special situations. A transfer is a case: ``POST
/instances`` with ``community_transfer`` or ``county_transfer`` and its start form's data."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from engine.aftercare import changes
from engine.aftercare.changes import RetireeChange
from engine.aftercare.transfers import cases as transfer_cases
from engine.aftercare.transfers.cases import RetireeTransfer
from engine.registry.access import viewer_of, visible_retiree

from ..context import db_session, engine, reading
from .auth import caller, token_required
from .blueprint import bp
from .params import json_object
from .serialise import iso


@bp.get("/retirees/<int:retiree_id>/changes")
@token_required
def retiree_changes(retiree_id: int):
    with reading() as session:
        viewer = viewer_of(session, caller().actor)
        person = visible_retiree(session, viewer, retiree_id)
        rows = changes.shown_history(session, viewer, person)
        moves = transfer_cases.transfers_of(session, person.id)
        answer = {
            "changes": [change_json(row) for row in rows],
            "transfers": [transfer_json(t) for t in moves],
        }
        return jsonify(answer)


@bp.post("/retirees/<int:retiree_id>/changes")
@token_required
def change_retiree(retiree_id: int):
    """``{"address", "phone", "special_status", "reason"}`` (those to change, and why) → the
    changes written."""
    body = json_object()
    session = db_session()
    with session.begin():
        rows = changes.change(session, caller().actor, retiree_id, body, engine().clock.now())
        return jsonify({"changes": [change_json(row) for row in rows]})


def change_json(row: RetireeChange) -> dict[str, Any]:
    return {
        "field": row.field,
        "field_name": row.field_name,
        "old": row.old,
        "new": row.new,
        "reason": row.reason,
        "organisation_id": row.organisation_id,
        "changed_at": iso(row.changed_at),
        "instance_id": row.instance_id,
    }


def transfer_json(transfer: RetireeTransfer) -> dict[str, Any]:
    return {
        "instance_id": transfer.instance_id,
        "kind": transfer.kind,
        "from_county": transfer.from_county,
        "to_county": transfer.to_county,
        "to_community": transfer.to_community,
        "state": transfer.state,
        "refused_reason": transfer.refused_reason,
        "asked_on": transfer.asked_on.isoformat(),
        "done_on": transfer.done_on.isoformat() if transfer.done_on else None,
    }
