"""Retirees (退休人员): the caller's visible retirees, ID numbers masked for all but the owning
enterprise and the receiving county government; one retiree with their hand-over history; the
hukou move (户籍迁移) of one, recorded by their community or county."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request

from engine.registry import hukou_moves
from engine.registry.access import Viewer, identity, viewer_of, visible_retiree
from engine.registry.retirees import Retiree

from ..context import db_session, engine
from ..registry import history, search
from .auth import caller, token_required
from .blueprint import bp
from .params import json_object
from .refusals import invalid
from .serialise import iso


@bp.get("/retirees")
@token_required
def retirees():
    chosen, paging, problems = search.parse(request.args, current_app.config["PER_PAGE"])
    if problems:
        raise invalid("查询参数有误。", problems)
    session = db_session()
    with session.begin():
        viewer = viewer_of(session, caller().actor)
        found = search.page(session, viewer, chosen, paging)
        items = [retiree_json(r, viewer) for r in found.items]
    return jsonify({"items": items, "total": found.total, "page": found.page, "per_page": found.per_page})


@bp.get("/retirees/<int:retiree_id>")
@token_required
def retiree(retiree_id: int):
    session = db_session()
    with session.begin():
        viewer = viewer_of(session, caller().actor)
        found = visible_retiree(session, viewer, retiree_id)
        past = history.of(session, engine(), caller().actor, found)
        return jsonify({**retiree_json(found, viewer), "history": history_json(past)})


@bp.post("/retirees/<int:retiree_id>/hukou_move")
@token_required
def record_hukou_move(retiree_id: int):
    """``{"intention", "outcome", "moved_on", "reason"}`` → the record as it now stands."""
    body = json_object()
    session = db_session()
    with session.begin():
        actor = caller().actor
        viewer = viewer_of(session, actor)
        found = visible_retiree(session, viewer, retiree_id)
        hukou_moves.record(session, actor, viewer, found, body, engine().clock.now())
        return jsonify({"hukou_move": hukou_moves.shown_to(viewer, found)})


def retiree_json(retiree: Retiree, viewer: Viewer) -> dict[str, Any]:
    shown = identity(viewer, retiree)
    return {
        "id": retiree.id,
        "name": retiree.name,
        "sex": retiree.sex,
        "id_number": shown.id_number,
        "birth_date": iso(shown.birth_date),
        "hukou_code": shown.hukou_code,
        "phone": shown.phone,
        "address": shown.address,
        "enterprise_org": retiree.enterprise_org,
        "destination_code": retiree.destination_code,
        "status": retiree.status,
        "archive_status": retiree.archive_status,
        "community_org": retiree.community_org,
        "instance_id": retiree.instance_id,
        "hukou_move": hukou_moves.shown_to(viewer, retiree),
    }


def history_json(past: history.History | None) -> dict[str, Any] | None:
    """The programme case and its steps concerning the retiree's county; null when the caller
    may not see the case (or there is none yet)."""
    if past is None:
        return None
    case = past.case
    return {
        "case": {"id": case.id, "title": case.title, "process": case.process_key, "status": case.status},
        "steps": [
            {
                "task_id": step.id,
                "spec_id": step.spec_id,
                "name": step.name,
                "state": step.state,
                "owner_org": step.owner_org,
                "completed_at": iso(step.completed_at),
            }
            for step in past.steps
        ],
    }
