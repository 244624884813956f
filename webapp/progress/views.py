"""The supervisors' pages: the dashboard, the units behind a number, the spreadsheet."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, current_app, render_template, request, send_file
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from engine.directory.organisations import organisation_names
from engine.policy import divisions
from engine.progress.behind import burn_up, units
from engine.progress.figures import campaigns, progress

from ..context import db_session, engine
from ..paging import page_number
from . import charts, export, query
from .trail import place, trail

bp = Blueprint("progress", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS_NAMES = {
    "due": _l("Units due"),
    "done": _l("Units done"),
    "overdue": _l("Units overdue"),
    "late": _l("Done late"),
    "open": _l("Units open"),
}
KIND_NAMES = {
    "roster": _l("Programme, roster not yet registered"),
    "framework_agreement": _l("Framework agreement"),
    "specific_agreement": _l("Specific agreement"),
    "community_org": _l("Community organisation hand-over"),
    "county_handover": _l("County hand-over"),
}
#: a cell's state in words, so that it reads without its colour
COLOUR_NAMES = {
    "done": _l("All done"),
    "overdue": _l("Overdue units"),
    "at_risk": _l("Deadline near"),
    "on_track": _l("On track"),
    "none": _l("Nothing due"),
}
LEVEL_NAMES = {"prefecture": _l("Prefecture"), "county": _l("County"), "enterprise": _l("Enterprise")}


@bp.app_template_global("progress_args")
def progress_args(selection) -> dict[str, str]:
    """The query string of a selection, for links between the progress pages and exports."""
    return query.args_of(selection)


@bp.get("/progress")
@login_required
def dashboard():
    session = db_session()
    now = engine().clock.now()
    with session.begin():
        asked = query.asked(session, request.args)
        view = progress(session, now, asked.selection, asked.scope)
        series = burn_up(session, asked.selection, asked.scope)
        crumbs = trail(session, asked.selection, asked.scope)
        listed = campaigns(session)
    return render_template(
        "progress/dashboard.html",
        view=view,
        crumbs=crumbs,
        campaigns=listed,
        burn=charts.burn_up_chart(series, view.milestones, now),
        bars=charts.milestone_bars(view.rows),
        retirees=charts.retiree_bars(view.rows),
        level_names=LEVEL_NAMES,
        colour_names=COLOUR_NAMES,
    )


@bp.get("/progress/units")
@login_required
def unit_list():
    session = db_session()
    now = engine().clock.now()
    with session.begin():
        asked = query.asked(session, request.args)
        milestone, status = query.milestone_of(request.args), query.status_of(request.args)
        found = units(
            session, now, asked.selection, asked.scope, milestone=milestone, status=status,
            page=page_number(request.args), per_page=current_app.config["PER_PAGE"],
        )  # fmt: skip
        cases = query.case_titles(session, {line.instance_id for line in found.lines})
        names = organisation_names(session, {line.enterprise_org for line in found.lines})
        crumbs = trail(session, asked.selection, asked.scope)
    return render_template(
        "progress/units.html",
        found=found,
        now=now,
        selection=asked.selection,
        milestone=milestone,
        status=status,
        cases=cases,
        names=names,
        crumbs=crumbs,
        status_names=STATUS_NAMES,
        kind_names=KIND_NAMES,
        division_name=_division_name,
    )


@bp.get("/progress.xlsx")
@login_required
def export_xlsx():
    session = db_session()
    with session.begin():
        asked = query.asked(session, request.args)
        view = progress(session, engine().clock.now(), asked.selection, asked.scope)
        where = place(trail(session, asked.selection, asked.scope))
    content = export.workbook(view, where)
    return send_file(BytesIO(content), mimetype=XLSX, as_attachment=True, download_name="移交工作进度.xlsx")


def _division_name(code: str | None) -> str:
    return divisions.name(code) if code else ""
