"""走访慰问 — the visits as JSON: the caller's plan (a community its people; a county government its
communities' counts), the festival campaigns and their progress, and a community's campaign list
with the visits (or reasons for none) it records while holding the task (the same as the pages)."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from engine.aftercare.visits import sheets as visit_sheets
from engine.aftercare.visits import views as visit_views
from engine.directory import access
from engine.errors import Forbidden
from engine.registry.access import viewer_of
from engine.workflow.deadlines import CHINA_TZ

from ..context import db_session, engine
from .auth import caller, token_required
from .blueprint import bp
from .params import json_object, page_and_size
from .refusals import invalid


@bp.get("/visits/plan")
@token_required
def visit_plan():
    session = db_session()
    with session.begin():
        viewer = viewer_of(session, caller().actor)
        if viewer.kind == "community":
            plan = visit_views.community_plan(session, viewer.organisation_id, _today())
            return jsonify({"community": plan.community_org, "items": [_planned(row) for row in plan.rows]})
        if viewer.kind in visit_views.COUNTY_READERS and viewer.division_code:
            rows = visit_views.county_plans(session, viewer.division_code, _today())
            return jsonify({"county": viewer.division_code, "communities": [_count(row) for row in rows]})
    raise Forbidden("只有社区和县（市、区）政府有走访计划")


@bp.get("/visits/campaigns")
@token_required
def visit_campaigns():
    session = db_session()
    with session.begin():
        viewer = viewer_of(session, caller().actor)
        rows = visit_views.campaigns(session, viewer)
        return jsonify(
            {"items": [{**_campaign(row.campaign), "title": row.title, "counts": row.counts} for row in rows]}
        )


@bp.get("/visits/campaigns/<int:instance_id>")
@token_required
def visit_campaign(instance_id: int):
    session = db_session()
    with session.begin():
        found = visit_views.progress(session, viewer_of(session, caller().actor), instance_id)
        communities = [{"org": org, "name": name, "counts": n} for org, name, n in found.communities]
        return jsonify({**_campaign(found.campaign), "title": found.title, "communities": communities,
                        "total": found.total})  # fmt: skip


@bp.get("/visits/tasks/<int:item_id>/people")
@token_required
def visit_people(item_id: int):
    problems: dict[str, list[str]] = {}
    page, per_page = page_and_size(request.args, visit_sheets.PER_PAGE, problems)
    if problems:
        raise invalid("bad paging", problems)
    session = db_session()
    with session.begin():
        sheet = _own_sheet(session, item_id)
        args = request.args
        found = visit_sheets.page_of(session, sheet, args.get("q", ""), args.get("state", ""), page, per_page)
        return jsonify(
            {
                "counts": found.counts,
                "total": found.total,
                "page": found.page,
                "per_page": found.per_page,
                "items": [_row(row) for row in found.rows],
            }
        )


@bp.post("/visits/tasks/<int:item_id>/visits")
@token_required
def visit_record(item_id: int):
    """``{"retiree_id" | "id_number", "visited_on", "visitor", "found", "help_given", "referral"}``."""
    body = json_object()
    session = db_session()
    with session.begin():
        actor = caller().actor
        # whose task it is first: an outsider learns nothing, not even what the body lacks
        sheet = visit_sheets.held_sheet(session, access.visible_item(session, item_id, actor), actor)
        given = visit_sheets.given(body)
        visit = visit_sheets.record_visit(session, sheet, given, actor, engine().clock.now(), _today())
        return jsonify({"visit": _visit(visit), "counts": sheet.counts(session)}), 201


@bp.post("/visits/tasks/<int:item_id>/not-visited")
@token_required
def visit_not_made(item_id: int):
    """``{"retiree_id" | "id_number", "reason"}``."""
    body = json_object()
    session = db_session()
    with session.begin():
        actor = caller().actor
        sheet = visit_sheets.held_sheet(session, access.visible_item(session, item_id, actor), actor)
        person = visit_sheets.given_person(body)
        reason = str(body.get("reason") or "")
        visit_sheets.mark_not_visited(session, sheet, person, reason, actor, engine().clock.now())
        return jsonify({"counts": sheet.counts(session)})


@bp.post("/visits/people/<int:retiree_id>")
@token_required
def visit_person_record(retiree_id: int):
    """A visit outside any campaign (日常走访) to a person of the caller's own community."""
    body = json_object()
    session = db_session()
    with session.begin():
        actor = caller().actor
        if viewer_of(session, actor).kind != "community":
            raise Forbidden("只有社区登记日常走访")
        given = visit_sheets.given({**body, "retiree_id": retiree_id})
        visit = visit_sheets.record_own_visit(
            session, actor.organisation_id, given, actor, engine().clock.now(), _today()
        )
        return jsonify({"visit": _visit(visit)}), 201


def _own_sheet(session, item_id: int) -> visit_sheets.Sheet:
    """The list of a task of the caller's own organisation (another's does not exist for them)."""
    return visit_sheets.sheet_of(session, access.own_item(session, item_id, caller().actor))


def _campaign(campaign) -> dict[str, Any]:
    return {
        "instance_id": campaign.instance_id,
        "county_code": campaign.county_code,
        "year": campaign.year,
        "festival": campaign.festival,
        "due": campaign.due.isoformat(),
    }


def _person(person) -> dict[str, Any]:
    """A person as their own community sees them: in full."""
    return {
        "retiree_id": person.id,
        "name": person.name,
        "id_number": person.id_number,
        "address": person.address,
        "phone": person.phone,
    }


def _visit(visit) -> dict[str, Any]:
    return {
        "id": visit.id,
        "retiree_id": visit.retiree_id,
        "visited_on": visit.visited_on.isoformat(),
        "visitor": visit.visitor,
        "found": visit.found,
        "help_given": visit.help_given,
        "referral": visit.referral,
        "recorded_by": visit.recorded_by,
        "recorded_at": visit.recorded_at.isoformat(),
    }


def _planned(row) -> dict[str, Any]:
    latest = _visit(row.last_visit) if row.last_visit else None
    return {**_person(row.retiree), "reasons": row.reasons, "last_visit": latest}


def _count(row) -> dict[str, Any]:
    return {
        "org": row.community_org,
        "name": row.name,
        "planned": row.planned,
        "visited_this_year": row.visited_this_year,
    }


def _row(row) -> dict[str, Any]:
    return {
        **_person(row.retiree),
        "reasons": row.entry.reasons,
        "state": row.state,
        "not_visited": row.entry.not_visited,
        "visits": [_visit(v) for v in row.visits],
    }


def _today():
    return engine().clock.now().astimezone(CHINA_TZ).date()
