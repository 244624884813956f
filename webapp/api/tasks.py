"""Tasks (待办): the caller's inbox, one task with its form and case data; claim, release, complete.

Outsiders are told a task does not exist (``access.visible_item``) before the engine decides
whether the caller may act on it (403), or whether someone got there first (409).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, jsonify, request
from sqlalchemy.orm import Session

from engine import Actor, procedures
from engine.directory import access
from engine.registry import search
from engine.workflow import branches
from engine.workflow.worklist import MOST_CLAIMED_AT_ONCE

from .. import documents
from ..case_forms import task_form
from ..context import db_session, engine, reading
from ..ids import MAX_ID
from ..tasks import people
from . import params, serialise
from .auth import caller, token_required
from .blueprint import bp
from .refusals import invalid


@bp.get("/tasks")
@token_required
def inbox():
    query = params.inbox_query(request.args, current_app.config["PER_PAGE"])
    now = engine().clock.now()
    with reading() as session:
        page = engine().inbox(
            session,
            caller().actor,
            query.scope,
            filters=search.with_people(session, caller().actor, query.filters),
            page=query.page,
            per_page=query.per_page,
        )
        items = [serialise.task(item, now) for item in page.items]
    return jsonify({"items": items, "total": page.total, "page": page.page, "per_page": page.per_page})


BAD_IDS = "ids 必须是待签收事项 id 的列表。"


@bp.post("/tasks/claim")
@token_required
def claim_many():
    """批量签收: ``{"ids": [...]}``; those another official took meanwhile come back in ``taken``."""
    ids = params.json_object().get("ids")
    if not isinstance(ids, list) or not 0 < len(ids) <= MOST_CLAIMED_AT_ONCE:
        raise invalid(BAD_IDS, {"ids": [f"须为 1 至 {MOST_CLAIMED_AT_ONCE} 个事项 id"]})
    if not all(type(i) is int and 0 < i <= MAX_ID for i in ids):
        raise invalid(BAD_IDS, {"ids": ["每一项都须是正整数"]})
    now = engine().clock.now()
    session = db_session()
    with session.begin():
        report = engine().claim_many(session, ids, caller().actor)
        answer = {
            "claimed": [serialise.task(item, now) for item in report.claimed],
            "taken": [serialise.task(item, now) for item in report.taken],
            "unavailable": report.unavailable,
        }
    return jsonify(answer)


@bp.get("/tasks/<int:item_id>")
@token_required
def task(item_id: int):
    return jsonify(_detail(item_id))


def _detail(item_id: int, with_next: bool = False) -> dict[str, Any]:
    """The task as its holder sees it (``with_next``: and the open tasks its branch of the case
    went on to, not other counties'), read without the write lock."""
    now = engine().clock.now()
    with reading() as session:
        actor = caller().actor
        view = people.masked_view(session, engine().task_view(session, item_id, actor), actor)
        answer = serialise.task_detail(view, now, task_form(session, view.item))
        if with_next:
            workflow = engine().workflow(session, view.item.instance_id)
            open_items = engine().work_items(session, view.item.instance_id, state="open")
            after = branches.following(workflow, view.item, open_items)
            answer["next"] = [serialise.task(item, now) for item in after]
        return answer


def _act(item_id: int, step: Callable[[Session, Actor], Any]) -> Any:
    """Do ``step`` on a task the caller may see, in a transaction of its own (so the answer,
    read afterwards, cannot undo it); what it returned."""
    session = db_session()
    with session.begin():
        access.visible_item(session, item_id, caller().actor)
        return step(session, caller().actor)


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
    item = _act(item_id, lambda session, actor: engine().complete(session, item_id, actor, data))
    if procedures.makes_documents(item.spec_id):
        documents.after_task(item_id, caller().actor.user_id)
    return jsonify(_detail(item_id, with_next=True))
