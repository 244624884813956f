"""The inbox (待办): tasks routed to my organisation and role, mine, and done by me."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from engine import InboxFilter
from engine.directory.organisations import organisation_names
from engine.registry import search
from engine.workflow import handing, reminders, saved_filters
from engine.workflow.models import ProcessDefinition
from engine.workflow.worklist import MOST_CLAIMED_AT_ONCE, SCOPES

from ..context import db_session, engine, reading
from ..paging import page_number

bp = Blueprint("inbox", __name__)


#: the query parameters a filter is made of (kept across tabs and pages, and saved by name)
FILTER_KEYS = ("q", "process", "milestone", "overdue")


def filters_from(args) -> InboxFilter:
    overdue = {"1": True, "0": False}.get(args.get("overdue", ""))
    return InboxFilter(
        process=args.get("process") or None,
        milestone=args.get("milestone") or None,
        overdue=overdue,
        q=(args.get("q") or "").strip()[:100] or None,
    )


def filter_args(args) -> dict[str, str]:
    """The filter parameters ``args`` carries, without the empty ones."""
    return {key: args[key] for key in FILTER_KEYS if args.get(key)}


@bp.get("/inbox")
@login_required
def index():
    scope = request.args.get("scope", "claimable")
    scope = scope if scope in SCOPES else "claimable"
    page = page_number(request.args)
    actor = current_user.actor
    sort = "follow_up" if request.args.get("sort") == "follow_up" else None  # 跟进日期 (handing)
    with reading() as session:
        filters = search.with_people(session, actor, filters_from(request.args))
        pages = {
            tab: engine().inbox(
                session,
                actor,
                tab,
                filters=filters,
                page=page if tab == scope else 1,
                per_page=current_app.config["PER_PAGE"],
                sort=sort if tab == scope else None,
            )
            for tab in SCOPES
        }
        organisations = organisation_names(session, (i.owner_org for i in pages[scope].items))
        processes = {d.key: d.name for d in session.scalars(select(ProcessDefinition))}
        due_soon = reminders.unread_reminders(session, actor, engine().clock.now())
        saved = saved_filters.saved_filters(session, actor)
        follow_ups = handing.follow_up_dates(session, [i.id for i in pages[scope].items], actor.user_id)
    return render_template(
        "inbox/index.html",
        saved=saved,
        filter_args=filter_args(request.args),
        most_claimed=MOST_CLAIMED_AT_ONCE,
        scope=scope,
        pages=pages,
        current=pages[scope],
        filters=filters,
        organisations=organisations,
        processes=processes,
        reminders=due_soon,
        follow_ups=follow_ups,
        sort=sort,
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


@bp.post("/inbox/claim")
@login_required
def claim_selected():
    """批量签收: the ticked tasks; those someone took meanwhile are named, the rest claimed."""
    chosen = [int(v) for v in request.form.getlist("item") if v.isascii() and v.isdigit() and len(v) < 10]
    if not chosen:
        flash(_("Tick the tasks to claim first."))
        return redirect(url_for("inbox.index", **filter_args(request.form)))
    session = db_session()
    with session.begin():
        report = engine().claim_many(session, chosen[:MOST_CLAIMED_AT_ONCE], current_user.actor)
        taken = "、".join(f"{item.name}（{item.subject or item.title}）" for item in report.taken)
    if report.claimed:
        flash(_("%(count)d task(s) claimed.", count=len(report.claimed)))
    if taken:
        flash(_("Taken by someone else meanwhile, not claimed: %(tasks)s", tasks=taken))
    if report.unavailable:
        flash(_("%(count)d task(s) are not yours to claim.", count=len(report.unavailable)))
    scope = "mine" if report.claimed else "claimable"
    return redirect(url_for("inbox.index", scope=scope, **filter_args(request.form)))


@bp.post("/inbox/filters")
@login_required
def save_filter():
    """常用筛选: save the filter shown under a name (the same name replaces it)."""
    query = urlencode({"scope": request.form.get("scope") or "claimable", **filter_args(request.form)})
    session = db_session()
    with session.begin():
        saved = saved_filters.save(
            session, current_user.actor, request.form.get("name", ""), query, engine().clock.now()
        )
        query = saved.query
    flash(_("Filter saved."))
    return redirect(f"{url_for('inbox.index')}?{query}")


@bp.post("/inbox/filters/<int:filter_id>/delete")
@login_required
def delete_filter(filter_id: int):
    session = db_session()
    with session.begin():
        saved_filters.delete(session, current_user.actor, filter_id)
    flash(_("Filter deleted."))
    return redirect(url_for("inbox.index"))
