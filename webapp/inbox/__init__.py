"""The inbox (待办): tasks routed to my organisation and role, mine, and done by me."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from engine import InboxFilter
from engine.directory.organisations import organisation_names
from engine.workflow import reminders
from engine.workflow.models import ProcessDefinition
from engine.workflow.worklist import SCOPES

from ..context import db_session, engine, reading
from ..paging import page_number

bp = Blueprint("inbox", __name__)


def filters_from(args) -> InboxFilter:
    overdue = {"1": True, "0": False}.get(args.get("overdue", ""))
    return InboxFilter(
        process=args.get("process") or None,
        milestone=args.get("milestone") or None,
        overdue=overdue,
        q=(args.get("q") or "").strip() or None,
    )


@bp.get("/inbox")
@login_required
def index():
    scope = request.args.get("scope", "claimable")
    scope = scope if scope in SCOPES else "claimable"
    page = page_number(request.args)
    filters = filters_from(request.args)
    actor = current_user.actor
    with reading() as session:
        pages = {
            tab: engine().inbox(
                session,
                actor,
                tab,
                filters=filters,
                page=page if tab == scope else 1,
                per_page=current_app.config["PER_PAGE"],
            )
            for tab in SCOPES
        }
        organisations = organisation_names(session, (i.owner_org for i in pages[scope].items))
        processes = {d.key: d.name for d in session.scalars(select(ProcessDefinition))}
        due_soon = reminders.unread_reminders(session, actor, engine().clock.now())
    return render_template(
        "inbox/index.html",
        scope=scope,
        pages=pages,
        current=pages[scope],
        filters=filters,
        organisations=organisations,
        processes=processes,
        reminders=due_soon,
        now=engine().clock.now(),
        args=request.args,
    )


@bp.post("/inbox/reminders/<int:reminder_id>/read")
@login_required
def mark_reminder_read(reminder_id: int):
    """已读: one of my organisation's reminders; another organisation's is a 404."""
    session = db_session()
    with session.begin():
        reminders.mark_read(session, reminder_id, current_user.actor, engine().clock.now())
    return redirect(url_for("inbox.index"))
