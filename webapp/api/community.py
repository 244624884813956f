"""本社区 over the API: a community's own page (its people in full, what is due this month, recent
events), the 离休干部/省管干部 it records (list, add, change, remove: its own only), the county's and
its agency's view of the county's communities, and an enterprise's registration of a new retiree
after the hand-over. ``OPENAPI_PATHS`` documents these routes (gathered by ``openapi``)."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from engine.aftercare import newcomers
from engine.aftercare.community import page as community_page
from engine.aftercare.community import records as community_records
from engine.errors import Forbidden, InvalidTaskData
from engine.registry.access import viewer_of

from ..context import db_session, engine
from ..paging import page_number
from .auth import caller, token_required
from .blueprint import bp
from .params import json_object
from .retirees import retiree_json
from .serialise import iso
from .serialise import task as task_json


def _viewer(session, kinds: tuple[str, ...]):
    viewer = viewer_of(session, caller().actor)
    if viewer.kind not in kinds:
        raise Forbidden("this is for organisations of kind " + "/".join(kinds))
    return viewer


@bp.get("/community")
@token_required
def community():
    session = db_session()
    now = engine().clock.now()
    with session.begin():
        viewer = _viewer(session, ("community",))
        org = viewer.organisation_id
        found = community_page.people(session, org, request.args.get("q", ""), page_number(request.args))
        return jsonify(
            {
                "community_org": org,
                "community": community_page.community_name(session, org),
                "people": {
                    "items": [retiree_json(r, viewer) for r in found.rows],
                    "total": found.total,
                    "page": found.page,
                    "per_page": found.per_page,
                },
                "recorded_not_handed_over": community_records.page_of(session, org, per_page=1).total,
                "due": [_due(d, now) for d in community_page.due_this_month(session, [org], now)],
                "events": [
                    {"on": iso(e.on), "kind": e.kind, "text": e.text}
                    for e in community_page.recent_events(session, org)
                ],
            }
        )


@bp.get("/communities")
@token_required
def communities():
    session = db_session()
    now = engine().clock.now()
    with session.begin():
        viewer = _viewer(session, ("receiving_government", "social_insurance_agency"))
        county = community_page.county_of(viewer)
        rows = community_page.communities_overview(session, county, now)
        return jsonify(
            {
                "county": county,
                "communities": [
                    {**community_page.as_dict(row), "due": [_due(d, now) for d in row.items]} for row in rows
                ],
            }
        )


@bp.get("/community/records")
@token_required
def community_records_list():
    session = db_session()
    with session.begin():
        org = _viewer(session, ("community",)).organisation_id
        found = community_records.page_of(session, org, request.args.get("q", ""), page_number(request.args))
        items = [community_records.as_dict(r) for r in found.rows]
    return jsonify({"items": items, "total": found.total, "page": found.page, "per_page": found.per_page})


@bp.post("/community/records")
@token_required
def community_record_add():
    body = json_object()
    session = db_session()
    with session.begin():
        _viewer(session, ("community",))
        record = community_records.add(session, caller().actor, body, engine().clock.now())
        answer = community_records.as_dict(record)
    return jsonify(answer), 201


@bp.put("/community/records/<int:record_id>")
@token_required
def community_record_update(record_id: int):
    body = json_object()
    session = db_session()
    with session.begin():
        _viewer(session, ("community",))
        record = community_records.update(session, caller().actor, record_id, body, engine().clock.now())
        answer = community_records.as_dict(record)
    return jsonify(answer)


@bp.delete("/community/records/<int:record_id>")
@token_required
def community_record_remove(record_id: int):
    session = db_session()
    with session.begin():
        _viewer(session, ("community",))
        community_records.remove(session, caller().actor, record_id, engine().clock.now())
    return "", 204


@bp.post("/newcomers")
@token_required
def register_newcomer():
    body = json_object()
    session = db_session()
    with session.begin():
        viewer = _viewer(session, ("enterprise",))
        done = newcomers.register(session, engine(), caller().actor, body, engine().clock.now())
        answer = {
            "retiree": retiree_json(done.retiree, viewer),
            "handed_over": done.instance is not None,
            "instance_id": done.instance.id if done.instance is not None else None,
        }
    return jsonify(answer), 201


@bp.post("/newcomers/file")
@token_required
def register_newcomers_file():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidTaskData({"file": ["请选择 .csv 或 .xlsx 文件"]})
    session = db_session()
    with session.begin():
        viewer = _viewer(session, ("enterprise",))
        done = newcomers.register_file(
            session, engine(), caller().actor, upload.stream, upload.filename, engine().clock.now()
        )
        registered = [
            {
                "retiree": retiree_json(r.retiree, viewer),
                "instance_id": r.instance.id if r.instance is not None else None,
            }
            for r in done.registered
        ]
    return jsonify({"accepted": len(registered), "registered": registered, "rejected": done.rejected})


def _due(due: community_page.DueItem, now) -> dict[str, Any]:
    return task_json(due.item, now)


# -- the OpenAPI description of these routes --------------------------------------------------------


def _errors(*statuses: int) -> dict[str, Any]:
    names = {401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 422: "Invalid", 400: "BadRequest"}
    return {str(s): {"$ref": f"#/components/responses/{names[s]}"} for s in statuses}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_OBJECT = {"type": "object"}
_RECORD = {
    "type": "object",
    "required": ["name", "id_number", "category"],
    "properties": {
        "name": {"type": "string", "maxLength": 50},
        "id_number": {"type": "string", "description": "18位身份证号（校验码）"},
        "category": {"type": "string", "enum": list(community_records.CATEGORIES)},
        "address": {"type": ["string", "null"]},
        "phone": {"type": ["string", "null"]},
        "special_status": {"type": "array", "items": {"type": "string"}},
        "original_unit": {"type": ["string", "null"]},
        "note": {"type": ["string", "null"]},
        "id": {"type": "integer", "readOnly": True},
        "handed_over": {"const": False, "readOnly": True},
        "mark": {"const": community_records.MARK, "readOnly": True},
    },
}
_RECORD_ID = {
    "name": "record_id",
    "in": "path",
    "required": True,
    "description": "信息库记录 id",
    "schema": {"type": "integer", "minimum": 0},
}
_Q = {
    "name": "q",
    "in": "query",
    "required": False,
    "description": "姓名、身份证号（或常住地址）的一部分",
    "schema": {"type": "string"},
}
_PAGE = {
    "name": "page",
    "in": "query",
    "required": False,
    "description": "页码",
    "schema": {"type": "integer", "minimum": 1},
}
_BODY = {"required": True, "content": {"application/json": {"schema": _RECORD}}}

OPENAPI_PATHS: dict[str, Any] = {
    "/newcomers/file": {
        "post": {
            "summary": "用登记表格式的文件（.csv 或 .xlsx，multipart `file`）登记多名新退休人员："
            "合格的行登记，其余逐行说明",
            "operationId": "registerNewRetireesFromFile",
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["file"],
                            "properties": {
                                "file": {"type": "string", "contentMediaType": "application/octet-stream"}
                            },
                        }
                    }
                },
            },
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "required": ["accepted", "registered", "rejected"],
                        "properties": {
                            "accepted": {"type": "integer"},
                            "registered": {"type": "array", "items": _OBJECT},
                            "rejected": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "row": {"type": "integer"},
                                        "column": {"type": "string"},
                                        "reason": {"type": "string"},
                                    },
                                },
                            },
                        },
                    },
                    "登记结果",
                ),
                **_errors(400, 401, 403, 422),
            },
        }
    },
    "/community": {
        "get": {
            "summary": "本社区：本社区接收的在世退休人员（完整身份证号）、本月到期事项（逾期标出）、"
            "近期动态（社区单位）",
            "operationId": "getCommunity",
            "parameters": [_Q, _PAGE],
            "responses": {"200": _json(_OBJECT, "本社区"), **_errors(401, 403)},
        }
    },
    "/communities": {
        "get": {
            "summary": "本县（市、区）各社区：人数、信息库人数、本月到期和逾期事项（县政府、社保经办机构）",
            "operationId": "listCommunities",
            "responses": {"200": _json(_OBJECT, "各社区情况"), **_errors(401, 403)},
        }
    },
    "/community/records": {
        "get": {
            "summary": "本社区信息库中未移交的离休干部、省管干部（仅本社区）",
            "operationId": "listCommunityRecords",
            "parameters": [_Q, _PAGE],
            "responses": {"200": _json(_OBJECT, "一页记录"), **_errors(401, 403)},
        },
        "post": {
            "summary": "登记一名居住在本社区、要求社区服务的离休干部或省管干部（不移交、无费用、无档案）",
            "operationId": "addCommunityRecord",
            "requestBody": _BODY,
            "responses": {"201": _json(_RECORD, "登记的记录"), **_errors(400, 401, 403, 422)},
        },
    },
    "/community/records/{record_id}": {
        "put": {
            "summary": "修改本社区信息库中的一条记录",
            "operationId": "updateCommunityRecord",
            "parameters": [_RECORD_ID],
            "requestBody": _BODY,
            "responses": {"200": _json(_RECORD, "修改后的记录"), **_errors(400, 401, 403, 404, 422)},
        },
        "delete": {
            "summary": "删除本社区信息库中的一条记录",
            "operationId": "removeCommunityRecord",
            "parameters": [_RECORD_ID],
            "responses": {"204": {"description": "已删除"}, **_errors(401, 403, 404)},
        },
    },
    "/newcomers": {
        "post": {
            "summary": "整体移交后新退休人员登记（企业）：按登记表同样校验，"
            "移交的直接进入接收县（市、区）分解和社区接收",
            "operationId": "registerNewRetiree",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "description": "登记表各列，键为 name, sex, id_number, birth_date, "
                            "retirement_date, hukou_code, residence_code, category, party_member, "
                            "special_status, phone, address（或登记表的中文表头）",
                        }
                    }
                },
            },
            "responses": {
                "201": _json(_OBJECT, "登记的人员及其移交案件（离休干部、省管干部为 null）"),
                **_errors(400, 401, 403, 422),
            },
        }
    },
}
