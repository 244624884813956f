"""Handing work on (转办): reassigning a task, the holder's follow-up date, and one's substitute
(代理人) for a period. The rules are ``engine.workflow.handing`` and ``engine.directory.substitutes``."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine import InvalidTaskData
from engine.directory import access, substitutes
from engine.workflow import handing

from ..context import db_session, engine, reading, reading_here
from ..user_names import person

bp = Blueprint("handing", __name__)


def parse_date(text: str | None, field: str) -> date | None:
    """A form's ISO date (empty: None); anything else is refused as that field's error."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidTaskData({field: ["日期格式应为 YYYY-MM-DD。"]}) from None


@bp.app_template_global("handing_panel")
def handing_panel(view) -> dict:
    """What the task page's 转办/跟进 block offers the current user (nothing: an empty dict)."""
    item, actor = view.item, current_user.actor
    if not handing.may_reassign(item, actor):
        return {}
    with reading_here() as session:
        colleagues = handing.colleagues(session, item, actor)
        follow_up = handing.follow_up_dates(session, [item.id], actor.user_id).get(item.id)
    return {"colleagues": colleagues, "holder": item.claimed_by == actor.user_id, "follow_up": follow_up}


@bp.post("/tasks/<int:item_id>/reassign")
@login_required
def reassign(item_id: int):
    session = db_session()
    try:
        with session.begin():
            access.visible_item(session, item_id, current_user.actor)  # outsiders: 404
            item = handing.reassign(
                session, item_id, current_user.actor, request.form.get("to", ""), engine().clock.now()
            )
            holder = item.claimed_by
    except InvalidTaskData as refused:
        flash(_("The task was not reassigned: %(why)s", why=" ".join(sum(refused.errors.values(), []))))
        return redirect(url_for("tasks.show", item_id=item_id))
    flash(_("Task handed to %(name)s.", name=person(holder)))
    return redirect(url_for("inbox.index"))


@bp.post("/tasks/<int:item_id>/follow-up")
@login_required
def follow_up(item_id: int):
    session = db_session()
    try:
        on = None if "clear" in request.form else parse_date(request.form.get("follow_up_on"), "follow_up_on")
        with session.begin():
            access.visible_item(session, item_id, current_user.actor)
            handing.set_follow_up(session, item_id, current_user.actor, on, engine().clock.now())
    except InvalidTaskData as refused:
        flash(" ".join(sum(refused.errors.values(), [])))
        return redirect(url_for("tasks.show", item_id=item_id))
    flash(_("Follow-up date saved.") if on else _("Follow-up date cleared."))
    return redirect(url_for("tasks.show", item_id=item_id))


def _substitutes_page(session, errors: dict | None = None, values: dict | None = None, status: int = 200):
    actor, now = current_user.actor, engine().clock.now()
    colleagues = substitutes.colleagues_of(session, actor)
    return render_template(
        "handing/substitutes.html",
        colleagues=colleagues,
        names={u.username: u.name for u in colleagues},
        planned=substitutes.planned(session, actor.user_id, now),
        standing_in=substitutes.standing_in_for(session, actor.user_id, now),
        errors=errors or {},
        values=values or {},
    ), status


@bp.get("/substitutes")
@login_required
def substitute_page():
    with reading() as session:
        return _substitutes_page(session)


@bp.post("/substitutes")
@login_required
def name_substitute():
    session = db_session()
    values = request.form.to_dict()
    try:
        starts = parse_date(values.get("starts_on"), "starts_on")
        ends = parse_date(values.get("ends_on"), "ends_on")
        if starts is None or ends is None:
            raise InvalidTaskData({"starts_on" if starts is None else "ends_on": ["请填写日期。"]})
        with session.begin():
            substitutes.name_substitute(
                session, current_user.actor, values.get("substitute", ""), starts, ends, engine().clock.now()
            )
    except InvalidTaskData as refused:
        with reading() as session:
            return _substitutes_page(session, refused.errors, values, 422)
    flash(_("Substitute named."))
    return redirect(url_for("handing.substitute_page"))


@bp.post("/substitutes/<int:substitution_id>/cancel")
@login_required
def cancel_substitute(substitution_id: int):
    session = db_session()
    with session.begin():
        substitutes.cancel(session, current_user.actor, substitution_id, engine().clock.now())
    flash(_("Substitution ended."))
    return redirect(url_for("handing.substitute_page"))
