"""提醒 — the caller's organisation's unread reminders of tasks due within seven days."""

from __future__ import annotations

from flask import jsonify

from engine.workflow import reminders

from ..context import db_session, engine
from .auth import caller, token_required
from .blueprint import bp


@bp.get("/reminders")
@token_required
def list_reminders():
    session = db_session()
    with session.begin():
        lines = reminders.unread_reminders(session, caller().actor, engine().clock.now(), limit=100)
    return jsonify(
        {
            "items": [
                {
                    "id": line.id,
                    "task_id": line.work_item_id,
                    "task": line.task_name,
                    "case": line.case_title,
                    "due_date": line.due_date.isoformat(),
                    "days_left": line.days_left,
                    "overdue": line.overdue,
                }
                for line in lines
            ]
        }
    )


@bp.post("/reminders/<int:reminder_id>/read")
@token_required
def read_reminder(reminder_id: int):
    session = db_session()
    with session.begin():
        reminders.mark_read(session, reminder_id, caller().actor, engine().clock.now())
    return jsonify({"id": reminder_id, "read": True})
