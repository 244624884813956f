"""A task's people (本环节人员名单): the list the task shows its holder, from the registry, and the
holder's changes to it — the allocation to communities (or to an interim manager until a date) and
the archive transfer list.

``GET /tasks/<id>/people`` answers anyone who may see the task (ID numbers as the registry allows);
the changes need the task claimed by the caller, and a refusal changes nothing.
"""

from __future__ import annotations

from flask import jsonify, request

from engine import InvalidTaskData
from engine.registry import allocation, archives, interim
from engine.registry.task_people import community_sums

from ..context import db_session, engine
from ..tasks import people
from .auth import caller, token_required
from .blueprint import bp


@bp.get("/tasks/<int:item_id>/people")
@token_required
def task_people(item_id: int):
    session = db_session()
    with session.begin():
        actor = caller().actor
        found = people.listing(session, engine().task_view(session, item_id, actor), actor, request.args)
        if found is None:
            return jsonify({"kind": None, "items": [], "total": 0, "page": 1, "per_page": 0})
        return jsonify(found.as_json())


@bp.post("/tasks/<int:item_id>/allocation")
@token_required
def allocate(item_id: int):
    """``{"community", "retirees": [ids]}``, ``{"community", "filter": {…}}``, the same with
    ``"interim": {"manager", "until"}`` instead of a community (过渡期管理), or a file (multipart
    ``file``: 身份证号, 社区)."""
    session = db_session()
    with session.begin():
        listed = people.held(session, item_id, caller().actor, *people.PLACING)
        now = engine().clock.now()
        if request.files:
            assigned = people.uploaded_allocation(session, listed, request.files.get("file"), now)
        else:
            assigned = _placed(session, listed, request.get_json(silent=True) or {}, now)
        return jsonify({"assigned": assigned, "by_community": community_sums(session, listed)})


def _placed(session, listed, body: dict, now) -> int:
    if "retirees" in body:
        picked: dict = {"retiree_ids": _ids(body["retirees"])}
    else:
        picked = {"filters": people.filters_from(body.get("filter") or {})}
    placement = body.get("interim")
    if placement is not None:
        placement = placement if isinstance(placement, dict) else {}
        manager, until = str(placement.get("manager") or ""), placement.get("until")
        return interim.assign(session, listed, manager, until, now, **picked).assigned
    return allocation.assign(session, listed, str(body.get("community") or ""), now, **picked).assigned


@bp.post("/tasks/<int:item_id>/archives")
@token_required
def archive_rows(item_id: int):
    """``{"rows": [{id_number, volumes, items, missing}]}``, ``{"fill_blank": {volumes, items}}``,
    or a file (multipart ``file``: 身份证号, 档案卷（册）数, 材料份数, 缺失材料名称及原因)."""
    session = db_session()
    with session.begin():
        listed = people.held(session, item_id, caller().actor, "archive_list")
        now = engine().clock.now()
        if request.files:
            stored = people.uploaded_archive_list(session, listed, request.files.get("file"), now)
        else:
            body = request.get_json(silent=True) or {}
            if "fill_blank" in body:
                blank = body["fill_blank"] if isinstance(body["fill_blank"], dict) else {}
                stored = archives.fill_blank(
                    session, listed.scope, blank.get("volumes"), blank.get("items"), now
                )
            else:
                rows = body.get("rows")
                if not isinstance(rows, list):
                    raise InvalidTaskData({"rows": ["应为人员档案行的列表"]})
                stored = archives.fill_rows(
                    session, listed.scope, [r for r in rows if isinstance(r, dict)], now
                )
        return jsonify({"stored": stored})


def _ids(value) -> list[int]:
    if not isinstance(value, list):
        raise InvalidTaskData({"retirees": ["应为人员编号（id）的列表"]})
    return [v for v in value if isinstance(v, int) and not isinstance(v, bool)]
