"""通知: the header's badge of unread notifications, their list, and marking them read."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from engine.notifications import KINDS, reading

from ..context import db_session, engine, reading_here
from ..context import reading as reading_transaction
from ..paging import page_number

bp = Blueprint("notifications", __name__)


def unread_notifications() -> int:
    """The badge's count, read when the header is drawn."""
    if not current_user.is_authenticated:
        return 0
    with reading_here() as session:
        return reading.unread_count(session, current_user.actor)


@bp.app_context_processor
def badge() -> dict:
    return {"unread_notifications": unread_notifications}


@bp.get("/notifications")
@login_required
def index():
    unread_only = request.args.get("unread") == "1"
    with reading_transaction() as session:
        page = reading.page_of(
            session,
            current_user.actor,
            unread_only=unread_only,
            page=page_number(request.args),
            per_page=current_app.config["PER_PAGE"],
        )
    return render_template("notifications/index.html", page=page, kinds=KINDS, unread_only=unread_only)


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int):
    """已读; a notice the user does not see is a 404."""
    session = db_session()
    with session.begin():
        reading.mark_read(session, current_user.actor, notification_id, engine().clock.now())
    return redirect(url_for("notifications.index"))


@bp.post("/notifications/read-all")
@login_required
def mark_all_read():
    session = db_session()
    with session.begin():
        reading.mark_all_read(session, current_user.actor, engine().clock.now())
    return redirect(url_for("notifications.index"))
