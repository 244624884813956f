"""系统时钟 — the application clock: read by anyone signed in, set or reset by administrators
for a campaign replay (audited, like the administrators' page)."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify

from engine.clock.stored import ClockStatus, StoredClock, clock_status, parse_moment, reset_clock, set_clock

from ..context import db_session, engine
from .auth import caller, token_required
from .blueprint import bp
from .params import json_object
from .refusals import ApiError, invalid
from .serialise import iso


@bp.get("/clock")
@token_required
def get_clock():
    return jsonify(status_json(clock_status(engine().clock)))


@bp.put("/clock")
@token_required
def put_clock():
    _admin_only()
    body = json_object()
    problems: dict[str, list[str]] = {}
    try:
        moment = parse_moment(str(body.get("moment", "")))
    except ValueError:
        problems["moment"] = ["应为 2000–2099 年间的时刻，如 2017-04-01T09:00（无时区时按北京时间）"]
    frozen = body.get("frozen", False)
    if not isinstance(frozen, bool):
        problems["frozen"] = ["应为 true（停在该时刻）或 false（从该时刻起走）"]
    if problems:
        raise invalid("时钟设置有误。", problems)
    clock = _stored_clock()
    session = db_session()
    with session.begin():
        set_clock(session, moment, frozen, caller().actor, clock.machine_now())
    clock.forget()
    return jsonify(status_json(clock.status()))


@bp.delete("/clock")
@token_required
def delete_clock():
    _admin_only()
    clock = _stored_clock()
    session = db_session()
    with session.begin():
        reset_clock(session, caller().actor, clock.machine_now())
    clock.forget()
    return jsonify(status_json(clock.status()))


def _admin_only() -> None:
    if "admin" not in caller().actor.roles:
        raise ApiError(403, "forbidden", "只有系统管理员可以设置系统时钟。")


def _stored_clock() -> StoredClock:
    return current_app.extensions["yijiao"]["clock"]


def status_json(status: ClockStatus) -> dict[str, Any]:
    return {
        "now": iso(status.now),
        "source": status.source,
        "simulated": status.simulated,
        "frozen": status.frozen,
        "set_by": status.set_by,
        "set_at": iso(status.set_at),
    }
