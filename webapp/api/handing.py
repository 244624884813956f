"""转办 — reassigning a task to a colleague, the holder's follow-up date, one's substitutes."""

from __future__ import annotations

from datetime import date

from flask import jsonify

from engine.directory import access, substitutes
from engine.directory.substitutes import Substitution
from engine.workflow import handing

from ..context import db_session, engine, reading
from .auth import caller, token_required
from .blueprint import bp
from .params import json_object
from .refusals import invalid


def _date(body: dict, key: str, required: bool = True) -> date | None:
    value = body.get(key)
    if value is None and not required:
        return None
    problem = invalid("日期有误。", {key: ["日期格式应为 YYYY-MM-DD。"]})
    if not isinstance(value, str):
        raise problem
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise problem from None


def _substitution(s: Substitution) -> dict:
    return {
        "id": s.id,
        "substitute": s.substitute,
        "starts_on": s.starts_on.isoformat(),
        "ends_on": s.ends_on.isoformat(),
    }


@bp.post("/tasks/<int:item_id>/reassign")
@token_required
def reassign_task(item_id: int):
    body = json_object()
    session = db_session()
    with session.begin():
        access.visible_item(session, item_id, caller().actor)  # another's task: 404 before the body
        if not isinstance(body.get("to"), str):
            raise invalid("请指明转给谁。", {"to": ["必填，用户名"]})
        item = handing.reassign(session, item_id, caller().actor, body["to"], engine().clock.now())
        answer = {"id": item.id, "claimed_by": item.claimed_by}
    return jsonify(answer)


@bp.put("/tasks/<int:item_id>/follow-up")
@token_required
def set_follow_up(item_id: int):
    on = _date(json_object(), "follow_up_on", required=False)
    session = db_session()
    with session.begin():
        access.visible_item(session, item_id, caller().actor)
        handing.set_follow_up(session, item_id, caller().actor, on, engine().clock.now())
    return jsonify({"id": item_id, "follow_up_on": on.isoformat() if on else None})


@bp.get("/substitutes")
@token_required
def list_substitutes():
    with reading() as session:
        planned = substitutes.planned(session, caller().actor.user_id, engine().clock.now())
        return jsonify({"items": [_substitution(s) for s in planned]})


@bp.post("/substitutes")
@token_required
def name_substitute():
    body = json_object()
    starts, ends = _date(body, "starts_on"), _date(body, "ends_on")
    session = db_session()
    with session.begin():
        made = substitutes.name_substitute(
            session, caller().actor, str(body.get("substitute") or ""), starts, ends, engine().clock.now()
        )
        answer = _substitution(made)
    return jsonify(answer), 201


@bp.delete("/substitutes/<int:substitution_id>")
@token_required
def cancel_substitute(substitution_id: int):
    session = db_session()
    with session.begin():
        substitutes.cancel(session, caller().actor, substitution_id, engine().clock.now())
    return jsonify({"id": substitution_id, "cancelled": True})
