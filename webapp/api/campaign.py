"""活动设置 — the campaign settings: read by supervisors and administrators, changed by the
provincial office and administrators (checked, stored and audited by ``engine.campaigns``, as on
the settings page)."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from engine.campaigns import campaign_settings, defaults, update_campaign_settings

from ..campaign.rights import may_change, may_see
from ..context import db_session, engine, reading
from .auth import caller, token_required
from .blueprint import bp
from .params import json_object
from .refusals import ApiError


@bp.get("/campaign/settings")
@token_required
def get_campaign_settings():
    if not may_see(caller().actor):
        raise ApiError(403, "forbidden", "只有领导小组办公室和系统管理员可以查看活动设置。")
    with reading() as session:
        return jsonify(_answer(campaign_settings(session)))


@bp.put("/campaign/settings")
@token_required
def put_campaign_settings():
    changes = json_object()
    actor = caller().actor
    session = db_session()
    with session.begin():
        if not may_change(session, actor):
            raise ApiError(403, "forbidden", "只有省领导小组办公室和系统管理员可以修改活动设置。")
        settings = update_campaign_settings(session, changes, actor, now=engine().clock.now())
    return jsonify(_answer(settings))


def _answer(settings: dict[str, Any]) -> dict[str, Any]:
    return {"settings": settings, "defaults": defaults()}
