"""养老金领取资格认证 — the certification campaigns as JSON: the campaigns and their progress by
community (supervisors, the county's government and agency), and a campaign task's list with the
marks its community gives while holding the task (the same as the pages)."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from engine.aftercare.certification import marks as marks
from engine.aftercare.certification import progress as campaign_progress
from engine.directory import access
from engine.registry.access import viewer_of
from engine.workflow.deadlines import CHINA_TZ

from ..context import db_session, engine
from .auth import caller, token_required
from .blueprint import bp
from .params import json_object, page_and_size
from .refusals import invalid


@bp.get("/certification/campaigns")
@token_required
def certification_campaigns():
    year = request.args.get("year", "")
    if year and not (year.isascii() and year.isdigit() and len(year) == 4):
        raise invalid("year must be a year", {"year": ["必须是四位年份"]})
    session = db_session()
    with session.begin():
        viewer = viewer_of(session, caller().actor)
        found = campaign_progress.campaigns(session, viewer, int(year) if year else None)
        today = _today()
        items = [campaign_progress.progress_of(session, c, today).as_json() for c in found]
    return jsonify({"items": items})


@bp.get("/certification/campaigns/<int:instance_id>")
@token_required
def certification_campaign(instance_id: int):
    session = db_session()
    with session.begin():
        viewer = viewer_of(session, caller().actor)
        return jsonify(campaign_progress.progress(session, viewer, instance_id, _today()).as_json())


@bp.get("/certification/tasks/<int:item_id>/people")
@token_required
def certification_people(item_id: int):
    problems: dict[str, list[str]] = {}
    page, per_page = page_and_size(request.args, marks.PER_PAGE, problems)
    if problems:
        raise invalid("bad paging", problems)
    session = db_session()
    with session.begin():
        sheet = _own_sheet(session, item_id)
        args = request.args
        found = marks.page_of(session, sheet, args.get("q", ""), args.get("state", ""), page, per_page)
        return jsonify(
            {
                "stage": sheet.stage,
                "counts": found.counts,
                "total": found.total,
                "page": found.page,
                "per_page": found.per_page,
                "items": [_row(person, mark) for person, mark in found.rows],
            }
        )


@bp.post("/certification/tasks/<int:item_id>/marks")
@token_required
def certification_marks(item_id: int):
    """``{"marks": [{"id_number", "outcome", "method", "on"}]}`` (all stored, or none)."""
    body = json_object()
    given = body.get("marks")
    session = db_session()
    with session.begin():
        actor = caller().actor
        # whose task it is first: an outsider learns nothing, not even what the body lacks
        sheet = marks.held_sheet(session, access.visible_item(session, item_id, actor), actor)
        if not isinstance(given, list) or not given or len(given) > marks.MAX_PER_PAGE:
            raise invalid("marks must be a list", {"marks": [f"须为 1 至 {marks.MAX_PER_PAGE} 项的列表"]})
        rows = [marks.marking(row if isinstance(row, dict) else {}, index) for index, row in enumerate(given)]
        done = marks.mark(session, sheet, rows, actor, engine().clock.now(), _today())
        counts = sheet.counts(session)
    return jsonify({"marked": done, "counts": counts})


def _own_sheet(session, item_id: int) -> marks.Sheet:
    """The list of a task of the caller's own organisation (another's does not exist for them)."""
    return marks.sheet_of(session, access.own_item(session, item_id, caller().actor))


def _row(person, mark) -> dict[str, Any]:
    """A person as their own community (or the agency suspending their pension) sees them: in full."""
    return {
        "retiree_id": person.id,
        "name": person.name,
        "id_number": person.id_number,
        "address": person.address,
        "phone": person.phone,
        "outcome": mark.outcome if mark else None,
        "method": mark.method if mark else None,
        "on": mark.certified_on.isoformat() if mark and mark.certified_on else None,
        "stage": mark.stage if mark else None,
        "suspended_on": mark.suspended_on.isoformat() if mark and mark.suspended_on else None,
    }


def _today():
    return engine().clock.now().astimezone(CHINA_TZ).date()
