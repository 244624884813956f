"""Roster imports (导入退休人员登记表): upload a CSV/XLSX file, watch it import, read and download
the rows it refused; the template to fill in. Enterprise officials, for their own enterprise."""

from __future__ import annotations

from io import BytesIO
from pathlib import PurePosixPath

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.database import read_only
from engine.registry.retirees import RosterImport
from engine.registry.rosters import open_roster, storage
from engine.registry.rosters.importing import ACTIVE_STATES
from engine.registry.rosters.template import rejections_file, template_csv, template_xlsx

from ..context import db_session, engine
from ..extensions import csrf
from ..paging import page_number
from . import intake, runner

bp = Blueprint("rosters", __name__)

REJECTIONS_PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _enterprise_official() -> None:
    if not intake.may_import(current_user):
        abort(403)


def _own_import(session: Session, import_id: int) -> RosterImport:
    """One of the user's enterprise's imports; anyone else's is "not found"."""
    roster_import = session.get(RosterImport, import_id)
    if roster_import is None or roster_import.enterprise_org != current_user.organisation_id:
        abort(404)
    return roster_import


@bp.get("/rosters")
@login_required
def index():
    _enterprise_official()
    return _imports_page()


def _imports_page(error: str | None = None, status: int = 200):
    """My enterprise's imports, newest first, under the upload form (with the upload's refusal)."""
    page = page_number(request.args)
    per_page = current_app.config["PER_PAGE"]
    session = db_session()
    with session.begin():
        imports = list(
            session.scalars(
                select(RosterImport)
                .where(RosterImport.enterprise_org == current_user.organisation_id)
                .order_by(RosterImport.id.desc())
                .limit(per_page)
                .offset((page - 1) * per_page)
            )
        )
    return render_template(
        "rosters/index.html",
        imports=[intake.progress(i) | {"uploaded_at": i.uploaded_at} for i in imports],
        page=page,
        per_page=per_page,
        max_mb=intake.max_bytes() // (1024 * 1024),
        error=error,
    ), status


@bp.post("/rosters")
@csrf.exempt  # checked below, once the body may be as large as a roster
@login_required
def upload():
    _enterprise_official()
    intake.allow_roster_sized_body()
    csrf.protect()
    try:
        filename, content = intake.received(request.files.get("file"))
    except intake.UploadRefused as refused:
        return _imports_page(refused.message, refused.status)
    session = db_session()
    with session.begin():
        import_id = intake.create(session, current_user, filename, content, engine().clock.now()).id
    runner.start_in_background(current_app._get_current_object(), import_id)
    return redirect(url_for(".show", import_id=import_id))


@bp.get("/rosters/<int:import_id>")
@login_required
def show(import_id: int):
    _enterprise_official()
    page = page_number(request.args)
    session = db_session()
    with session.begin():
        roster_import = _own_import(session, import_id)
        rejected = roster_import.rejected
        start = (page - 1) * REJECTIONS_PER_PAGE
        return render_template(
            "rosters/show.html",
            roster=intake.progress(roster_import),
            uploaded_by=roster_import.uploaded_by,
            uploaded_at=roster_import.uploaded_at,
            finished_at=roster_import.finished_at,
            active=roster_import.state in ACTIVE_STATES,
            rejected=rejected[start : start + REJECTIONS_PER_PAGE],
            page=page,
            pages=max(-(-len(rejected) // REJECTIONS_PER_PAGE), 1),
        )


@bp.get("/rosters/<int:import_id>/progress")
@login_required
def progress(import_id: int):
    _enterprise_official()
    session = db_session()
    with session.begin():
        read_only(session)  # polled every second while the import thread writes
        return jsonify(intake.progress(_own_import(session, import_id)))


@bp.get("/rosters/<int:import_id>/rejections.csv")
@login_required
def rejections(import_id: int):
    _enterprise_official()
    session = db_session()
    with session.begin():
        roster_import = _own_import(session, import_id)
        with storage.read(session, import_id) as file:
            roster = open_roster(file, roster_import.filename)
            content = rejections_file(roster_import.rejected, roster.rows())
        stem = PurePosixPath(roster_import.filename).stem
    return send_file(
        BytesIO(content), mimetype="text/csv", as_attachment=True, download_name=f"{stem}_未导入的行.csv"
    )


@bp.get("/rosters/template.xlsx")
@login_required
def template_workbook():
    return send_file(
        BytesIO(template_xlsx()), mimetype=XLSX, as_attachment=True, download_name="退休人员登记表.xlsx"
    )


@bp.get("/rosters/template.csv")
@login_required
def template_text():
    return send_file(
        BytesIO(template_csv()), mimetype="text/csv", as_attachment=True, download_name="退休人员登记表.csv"
    )
