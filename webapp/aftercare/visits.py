"""走访慰问 — the visit pages: a community's plan (its people, why each is visited, their latest
visit) and its campaigns; a county government's communities' plans as counts, its festival
campaigns and their progress; the list a community's campaign task holds, where each visit (or the
reason for none) is recorded person by person; a person's visits."""

from __future__ import annotations

from contextlib import nullcontext

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from engine import InvalidTaskData
from engine.aftercare.visits import REFERRALS, tally
from engine.aftercare.visits import sheets as visit_sheets
from engine.aftercare.visits import views as visit_views
from engine.directory import access
from engine.errors import NotFound
from engine.registry.access import viewer_of, visible_retiree
from engine.workflow.deadlines import CHINA_TZ

from ..context import db_session, engine
from ..paging import page_number
from .blueprint import bp, kinds_only

#: the list's search fields kept across pages and after a save
KEPT = ("q", "state", "page")
#: the county government's summary task
SUMMARY = "review_festival_visits"
STATE_LABELS = {"outstanding": "待走访", "visited": "已走访", "not_visited": "未走访", "died": "已故"}


@bp.app_template_global()
def visit_list(item) -> dict | None:
    """What a campaign task's page shows: a community's task its list's counts and (for its own
    organisation) the link to the list; the county's summary the campaign's counts and the link to
    its progress by community (None for any other task)."""
    if item.process_key != "festival_visits":
        return None
    if item.spec_id == SUMMARY:
        return _summary(item)
    if item.spec_id != visit_sheets.TASK:
        return None
    session = db_session()
    if session.in_transaction():
        counts = _counts(session, item)
    else:
        with session.begin():
            counts = _counts(session, item)
    own = item.owner_org == current_user.actor.organisation_id
    url = url_for("aftercare.visit_sheet", item_id=item.id) if own else None
    return {"url": url, "counts": counts, "list": True}


@bp.app_template_global()
def visit_history(retiree) -> list | None:
    """A person's visits for their registry page, to their own community and county government
    (None for anyone else: the page shows nothing)."""
    session = db_session()
    with session.begin() if not session.in_transaction() else nullcontext():
        viewer = viewer_of(session, current_user.actor)
        own = viewer.organisation_id == retiree.community_org or (
            viewer.kind in visit_views.COUNTY_READERS and viewer.division_code == retiree.destination_code
        )
        if not own:
            return None
        return [
            (visit, REFERRALS.get(visit.referral, visit.referral))
            for visit in visit_views.person_visits(session, retiree.id)
        ]


def _summary(item) -> dict:
    session = db_session()
    with session.begin() if not session.in_transaction() else nullcontext():
        counts = tally(session, item.instance_id)
    return {
        "url": url_for("aftercare.visit_campaign", instance_id=item.instance_id),
        "counts": counts,
        "list": False,
    }


def _counts(session, item) -> dict[str, int] | None:
    try:
        return visit_sheets.sheet_of(session, item).counts(session)
    except NotFound:
        return None


@bp.get("/visits")
@kinds_only("community", *visit_views.COUNTY_READERS, overseers=True)
def visits():
    session, viewer = db_session(), g.viewer
    with session.begin():
        today = _today()
        plan = (
            visit_views.community_plan(session, viewer.organisation_id, today)
            if viewer.kind == "community"
            else None
        )
        counties = viewer.kind in visit_views.COUNTY_READERS and viewer.division_code
        counts = visit_views.county_plans(session, viewer.division_code, today) if counties else None
        campaigns = visit_views.campaigns(session, viewer)
        return render_template(
            "aftercare/visits.html",
            plan=plan,
            counts=counts,
            campaigns=campaigns,
            may_open=bool(counties),
            states=STATE_LABELS,
        )


@bp.get("/visits/campaigns/<int:instance_id>")
@kinds_only(*visit_views.COUNTY_READERS, overseers=True)
def visit_campaign(instance_id: int):
    session = db_session()
    with session.begin():
        found = visit_views.progress(session, g.viewer, instance_id)
    return render_template("aftercare/visit_campaign.html", campaign=found)


@bp.get("/visits/people/<int:retiree_id>")
@kinds_only("community", *visit_views.COUNTY_READERS, overseers=True)
def person_visits(retiree_id: int):
    session = db_session()
    with session.begin():
        retiree = visible_retiree(session, g.viewer, retiree_id)
        found = visit_views.person_visits(session, retiree.id)
        own = g.viewer.kind == "community" and retiree.community_org == g.viewer.organisation_id
        return render_template(
            "aftercare/visit_person.html",
            retiree=retiree,
            visits=found,
            referrals=REFERRALS,
            may_record=own and retiree.status == "received",
            today=_today().isoformat(),
        )


@bp.post("/visits/people/<int:retiree_id>")
@kinds_only("community")
def person_visit_record(retiree_id: int):
    """A visit outside any campaign (日常走访) to a person of the caller's own community."""
    session = db_session()
    try:
        with session.begin():
            given = visit_sheets.given({**request.form.to_dict(), "retiree_id": retiree_id})
            actor = current_user.actor
            visit_sheets.record_own_visit(
                session, actor.organisation_id, given, actor, engine().clock.now(), _today()
            )
        flash(_("Visit recorded."))
    except InvalidTaskData as refused:
        for messages in refused.errors.values():
            for message in messages:
                flash(message)
    return redirect(url_for("aftercare.person_visits", retiree_id=retiree_id))


@bp.get("/visits/tasks/<int:item_id>")
@kinds_only("community")
def visit_sheet(item_id: int):
    session = db_session()
    with session.begin():
        sheet = _own_sheet(session, item_id)
        args = request.args
        page = visit_sheets.page_of(
            session, sheet, args.get("q", ""), args.get("state", ""), page_number(args)
        )
        holding = sheet.item.state == "open" and sheet.item.claimed_by == current_user.actor.user_id
        return render_template(
            "aftercare/visit_sheet.html",
            sheet=sheet,
            listing=page,
            holding=holding,
            referrals=REFERRALS,
            states=STATE_LABELS,
            kept={key: args.get(key, "") for key in KEPT},
            today=_today().isoformat(),
        )


@bp.post("/visits/tasks/<int:item_id>/visits")
@kinds_only("community")
def visit_record(item_id: int):
    """One person's visit: ``retiree_id``, ``visited_on``, ``visitor``, ``found``, ``help_given``,
    ``referral``."""
    return _on_held(item_id, _record)


@bp.post("/visits/tasks/<int:item_id>/not-visited")
@kinds_only("community")
def visit_not_made(item_id: int):
    """One person not visited (``retiree_id``) and why (``reason``)."""
    return _on_held(item_id, _skip)


def _record(session, sheet, actor) -> str:
    given = visit_sheets.given(request.form.to_dict())
    visit_sheets.record_visit(session, sheet, given, actor, engine().clock.now(), _today())
    return _("Visit recorded.")


def _skip(session, sheet, actor) -> str:
    person = visit_sheets.given_person(request.form.to_dict())
    visit_sheets.mark_not_visited(
        session, sheet, person, request.form.get("reason", ""), actor, engine().clock.now()
    )
    return _("Not visited, reason recorded.")


def _on_held(item_id: int, save):
    session = db_session()
    try:
        with session.begin():
            actor = current_user.actor
            item = access.visible_item(session, item_id, actor)
            flash(save(session, visit_sheets.held_sheet(session, item, actor), actor))
    except InvalidTaskData as refused:
        for messages in refused.errors.values():
            for message in messages:
                flash(message)
    kept = {key: request.form.get(key) for key in KEPT if request.form.get(key)}
    return redirect(url_for("aftercare.visit_sheet", item_id=item_id, **kept))


def _own_sheet(session, item_id: int) -> visit_sheets.Sheet:
    """The list of a task of the caller's own organisation (another's does not exist for them)."""
    return visit_sheets.sheet_of(session, access.own_item(session, item_id, current_user.actor))


def _today():
    return engine().clock.now().astimezone(CHINA_TZ).date()
