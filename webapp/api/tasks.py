"""Tasks (待办): the caller's inbox, one task with its form and case data; claim, release, complete.

Outsiders are told a task does not exist (``access.visible_item``) before the engine decides
whether the caller may act on it (403), or whether someone got there first (409).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, jsonify, request
from sqlalchemy.orm import Session

from engine import Actor
from engine.directory import access

from .. import documents
from ..context import db_session, engine
from ..tasks import people
from . import params, serialise
from .auth import caller, token_required
from .blueprint import bp
from .refusals import invalid


@bp.get("/tasks")
@token_required
def inbox():
    query = params.inbox_query(request.args, current_app.config["PER_PAGE"])
    session = db_session()
    now = engine().clock.now()
    with session.begin():
        page = engine().inbox(
            session,
            caller().actor,
            query.scope,
            filters=query.filters,
            page=query.page,
            per_page=query.per_page,
        )
        items = [serialise.task(item, now) for item in page.items]
    return jsonify({"items": items, "total": page.total, "page": page.page, "per_page": page.per_page})


@bp.get("/tasks/<int:item_id>")
@token_required
def task(item_id: int):
    return jsonify(_detail(item_id))


def _detail(item_id: int) -> dict[str, Any]:
    session = db_session()
    with session.begin():
        actor = caller().actor
        view = people.masked_view(session, engine().task_view(session, item_id, actor), actor)
        return serialise.task_detail(view, engine().clock.now())


def _act(item_id: int, step: Callable[[Session, Actor], Any]) -> None:
    """Do ``step`` on a task the caller may see, in a transaction of its own (so the answer,
    read afterwards, cannot undo it)."""
    session = db_session()
    with session.begin():
        access.visible_item(session, item_id, caller().actor)
        step(session, caller().actor)


@bp.post("/tasks/<int:item_id>/claim")
@token_required
def claim(item_id: int):
    _act(item_id, lambda session, actor: engine().claim(session, item_id, actor))
    return jsonify(_detail(item_id))


@bp.post("/tasks/<int:item_id>/unclaim")
@token_required
def unclaim(item_id: int):
    _act(item_id, lambda session, actor: engine().unclaim(session, item_id, actor))
    return jsonify(_detail(item_id))


@bp.post("/tasks/<int:item_id>/complete")
@token_required
def complete(item_id: int):
    data = params.json_object(required=False).get("data", {})
    if not isinstance(data, dict):
        raise invalid("表单数据必须是 JSON 对象。", {"data": ["必须是对象"]})
    _act(item_id, lambda session, actor: engine().complete(session, item_id, actor, data))
    documents.after_task(item_id, caller().actor.user_id)
    answer = _detail(item_id)
    session = db_session()
    now = engine().clock.now()
    with session.begin():
        after = engine().work_items(session, answer["case"]["id"], state="open")
        answer["next"] = [serialise.task(item, now) for item in after]
    return jsonify(answer)
