"""督办 — the campaign's progress as JSON: the dashboard's figures and the units behind them."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request

from engine.progress import behind, figures
from engine.progress import selection as selecting
from engine.progress.behind import UnitLine
from engine.progress.figures import Cell, Figures, Progress, Row

from ..context import db_session, engine
from .auth import caller, token_required
from .blueprint import bp
from .params import page_and_size
from .refusals import invalid
from .serialise import iso


@bp.get("/progress")
@token_required
def progress():
    session = db_session()
    with session.begin():
        selection, scope = selection_within_oversight(session)
        view = figures.progress(session, engine().clock.now(), selection, scope)
        return jsonify(progress_json(view))


@bp.get("/progress/units")
@token_required
def progress_units():
    milestone = request.args.get("milestone") or None
    status = request.args.get("status") or "due"
    problems: dict[str, list[str]] = {}
    if milestone is not None and milestone not in figures.MILESTONES:
        problems["milestone"] = ["应为 M1、M2、M3 或 M4"]
    if status not in behind.STATUSES:
        problems["status"] = [f"应为 {'、'.join(behind.STATUSES)} 之一"]
    page, per_page = page_and_size(request.args, current_app.config["PER_PAGE"], problems)
    if problems:
        raise invalid("查询参数有误。", problems)
    session = db_session()
    with session.begin():
        selection, scope = selection_within_oversight(session)
        now = engine().clock.now()
        found = behind.units(
            session, now, selection, scope, milestone=milestone, status=status, page=page, per_page=per_page
        )
        items = [unit_json(line, now) for line in found.lines]
    return jsonify({"items": items, "total": found.total, "page": found.page, "per_page": found.per_page})


def selection_within_oversight(session) -> tuple[selecting.Selection, selecting.Scope]:
    """The selection the query asks for, within the caller's oversight (``figures.requested``);
    malformed codes are a 422 naming the parameters."""
    try:
        return figures.requested(session, caller().actor, request.args)
    except selecting.InvalidSelection as refused:
        raise invalid("查询参数有误。", {k: [v] for k, v in refused.problems.items()}) from None


def progress_json(view: Progress) -> dict[str, Any]:
    selection = view.selection
    return {
        "campaign": selection.campaign,
        "as_of": iso(view.now),
        "level": view.level,
        "selection": {
            "prefecture": selection.prefecture,
            "county": selection.county,
            "enterprise": selection.enterprise,
        },
        "milestones": [
            {"code": m.code, "title": m.title, "deadline": iso(m.deadline), "passed": m.passed}
            for m in view.milestones
        ],
        "rows": [row_json(row, view) for row in view.rows],
        "total": row_json(view.total, view),
    }


def row_json(row: Row, view: Progress) -> dict[str, Any]:
    return {
        "key": row.key,
        "name": row.name,
        "milestones": {
            code: cell_json(cell, view.deadline(code), view) for code, cell in row.cells.items()
        },
        **figures_json(row.figures),
    }


def cell_json(cell: Cell, deadline, view: Progress) -> dict[str, Any]:
    return {
        "due": cell.due,
        "done": cell.done,
        "overdue": cell.overdue,
        "late": cell.late,
        "done_percent": cell.percent(cell.done),
        "overdue_percent": cell.percent(cell.overdue),
        "status": cell.colour(deadline, view.now),
    }


def figures_json(found: Figures) -> dict[str, Any]:
    return {
        "retirees": {
            "planned": found.retirees_planned,
            "received": found.retirees_received,
            "percent": found.percent("retirees_received", "retirees_planned"),
        },
        "archives": {
            "planned": found.archives_planned,
            "received": found.archives_received,
            "percent": found.percent("archives_received", "archives_planned"),
        },
        "fee": {
            "due": found.fee_due,
            "disbursed": found.fee_disbursed,
            "percent": found.percent("fee_disbursed", "fee_due"),
        },
    }


def unit_json(line: UnitLine, now) -> dict[str, Any]:
    return {
        "instance_id": line.instance_id,
        "kind": line.kind,
        "milestone": line.milestone,
        "title": line.title,
        "enterprise": line.enterprise_org,
        "prefecture": line.prefecture_code,
        "county": line.county_code,
        "deadline": iso(line.due_at),
        "done_at": iso(line.done_at),
        "overdue": line.overdue(now),
    }
