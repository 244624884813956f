"""养老金领取资格认证 — the pages of the certification campaigns: the campaigns a county's agency
and government and the supervisors watch, one campaign's progress by community, and the list a
campaign task holds (认证名单), where the community marks its people as it works."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from engine import InvalidTaskData
from engine.aftercare.certification import METHODS, OUTCOMES, STAGES
from engine.aftercare.certification import marks as marks
from engine.aftercare.certification import progress as campaign_progress
from engine.directory import access
from engine.errors import NotFound
from engine.procedures.certification_campaign import KEY, SHEETS
from engine.workflow.deadlines import CHINA_TZ

from ..context import db_session, engine
from ..paging import page_number
from .blueprint import bp, kinds_only

#: the list's search fields kept across pages and after a mark
KEPT = ("q", "state", "page")


@bp.app_template_global()
def certification_list(item) -> dict | None:
    """What a campaign task's page shows of its list: the counts from the marks, and for its own
    organisation the link to the list (None for any other task)."""
    if item.process_key != KEY or item.spec_id not in SHEETS:
        return None
    session = db_session()
    if session.in_transaction():
        counts = _counts(session, item)
    else:
        with session.begin():
            counts = _counts(session, item)
    own = item.owner_org == current_user.actor.organisation_id
    url = url_for("aftercare.certification_sheet", item_id=item.id) if own else None
    return {"url": url, "counts": counts}


def _counts(session, item) -> dict[str, int] | None:
    """A completed task's recorded tally; an open one's counts as they stand."""
    try:
        sheet = marks.sheet_of(session, item)
    except NotFound:
        return None
    return (sheet.recorded(session) if item.state == "completed" else None) or sheet.counts(session)


@bp.get("/certification")
@kinds_only(*campaign_progress.READERS, overseers=True)
def certification_campaigns():
    session = db_session()
    with session.begin():
        found = campaign_progress.campaigns(session, g.viewer)
        today = _today()
        rows = [campaign_progress.progress_of(session, campaign, today) for campaign in found]
    may_open = g.viewer.kind == "social_insurance_agency"
    return render_template("aftercare/certification_campaigns.html", campaigns=rows, may_open=may_open)


@bp.get("/certification/<int:instance_id>")
@kinds_only(*campaign_progress.READERS, overseers=True)
def certification_campaign(instance_id: int):
    session = db_session()
    with session.begin():
        found = campaign_progress.progress(session, g.viewer, instance_id, _today())
    return render_template("aftercare/certification_progress.html", campaign=found)


@bp.get("/certification/tasks/<int:item_id>")
@kinds_only("community", "social_insurance_agency")
def certification_sheet(item_id: int):
    session = db_session()
    with session.begin():
        sheet = _own_sheet(session, item_id)
        args = request.args
        page = marks.page_of(session, sheet, args.get("q", ""), args.get("state", ""), page_number(args))
        holding = sheet.item.state == "open" and sheet.item.claimed_by == current_user.actor.user_id
        return render_template(
            "aftercare/certification_sheet.html",
            sheet=sheet,
            listing=page,
            holding=holding and sheet.stage != "suspension",
            outcomes={key: OUTCOMES[key] for key in STAGES.get(sheet.stage, ())},
            methods=METHODS,
            all_outcomes=OUTCOMES,
            kept={key: args.get(key, "") for key in KEPT},
            today=_today().isoformat(),
        )


@bp.post("/certification/tasks/<int:item_id>/marks")
@kinds_only("community")
def certification_marks(item_id: int):
    """One person's mark (``retiree_id``) or the same mark for the people ticked (``retiree_ids``)."""
    form = request.form
    people = form.getlist("retiree_ids") or [form.get("retiree_id", "")]
    given = {"outcome": form.get("outcome"), "method": form.get("method"), "on": form.get("on")}
    session = db_session()
    try:
        with session.begin():
            actor = current_user.actor
            item = access.visible_item(session, item_id, actor)
            sheet = marks.held_sheet(session, item, actor)
            rows = [
                marks.marking({**given, "retiree_id": person}, index) for index, person in enumerate(people)
            ]
            done = marks.mark(session, sheet, rows, actor, engine().clock.now(), _today())
        flash(_("%(count)d marked.", count=done))
    except InvalidTaskData as refused:
        for messages in refused.errors.values():
            for message in messages:
                flash(message)
    kept = {key: form.get(key) for key in KEPT if form.get(key)}
    return redirect(url_for("aftercare.certification_sheet", item_id=item_id, **kept))


def _own_sheet(session, item_id: int) -> marks.Sheet:
    """The list of a task of the caller's own organisation (another's does not exist for them)."""
    return marks.sheet_of(session, access.own_item(session, item_id, current_user.actor))


def _today():
    return engine().clock.now().astimezone(CHINA_TZ).date()
