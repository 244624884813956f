"""通知 — the caller's notifications (theirs and their organisation's for their roles), read per person."""

from __future__ import annotations

from flask import current_app, jsonify, request

from engine.notifications import reading
from engine.notifications.models import Notification

from ..context import db_session, engine
from ..context import reading as reading_transaction
from .auth import caller, token_required
from .blueprint import bp
from .params import page_and_size
from .refusals import invalid

_BOOLEANS = {"true": True, "1": True, "false": False, "0": False, "": False}


def _as_json(notice: Notification, read: bool) -> dict:
    return {
        "id": notice.id,
        "kind": notice.kind,
        "subject": notice.subject,
        "body": notice.body,
        "task_id": notice.work_item_id,
        "instance_id": notice.instance_id,
        "personal": notice.username is not None,
        "on_behalf_of": notice.on_behalf_of,
        "created_at": notice.created_at.isoformat(),
        "read": read,
    }


@bp.get("/notifications")
@token_required
def list_notifications():
    problems: dict[str, list[str]] = {}
    unread = request.args.get("unread", "").lower()
    if unread not in _BOOLEANS:
        problems["unread"] = ["只能是 true 或 false"]
    page, per_page = page_and_size(request.args, current_app.config["PER_PAGE"], problems)
    if problems:
        raise invalid("查询参数有误。", problems)
    with reading_transaction() as session:
        found = reading.page_of(
            session, caller().actor, unread_only=_BOOLEANS[unread], page=page, per_page=per_page
        )
    return jsonify(
        {
            "items": [_as_json(line.notice, line.read) for line in found.lines],
            "total": found.total,
            "unread": found.unread,
            "page": found.page,
            "per_page": found.per_page,
        }
    )


@bp.post("/notifications/<int:notification_id>/read")
@token_required
def read_notification(notification_id: int):
    session = db_session()
    with session.begin():
        reading.mark_read(session, caller().actor, notification_id, engine().clock.now())
    return jsonify({"id": notification_id, "read": True})


@bp.post("/notifications/read")
@token_required
def read_all_notifications():
    session = db_session()
    with session.begin():
        count = reading.mark_all_read(session, caller().actor, engine().clock.now())
    return jsonify({"marked": count})
