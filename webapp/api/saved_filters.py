"""常用筛选 — the caller's saved inbox filters: a name and the query string of ``GET /tasks``."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from engine.workflow import saved_filters
from engine.workflow.saved_filters import SavedFilter

from ..context import db_session, engine
from . import params
from .auth import caller, token_required
from .blueprint import bp
from .refusals import invalid


def _filter(saved: SavedFilter) -> dict[str, Any]:
    return {"id": saved.id, "name": saved.name, "query": saved.query}


@bp.get("/saved-filters")
@token_required
def list_saved_filters():
    session = db_session()
    with session.begin():
        return jsonify({"items": [_filter(f) for f in saved_filters.saved_filters(session, caller().actor)]})


@bp.post("/saved-filters")
@token_required
def save_filter():
    """Save a filter ``{"name", "query"}``; the same name again replaces its query."""
    body = params.json_object()
    name, query = body.get("name"), body.get("query", "")
    fields = (("name", name), ("query", query))
    wrong = {key: ["必须是字符串"] for key, value in fields if not isinstance(value, str)}
    if wrong:
        raise invalid("筛选条件有误。", wrong)
    session = db_session()
    with session.begin():
        saved = saved_filters.save(session, caller().actor, name, query, engine().clock.now())
        return jsonify(_filter(saved)), 201


@bp.delete("/saved-filters/<int:filter_id>")
@token_required
def delete_saved_filter(filter_id: int):
    session = db_session()
    with session.begin():
        saved_filters.delete(session, caller().actor, filter_id)
    return "", 204
