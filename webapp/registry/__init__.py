"""The retiree registry (退休人员): search the people one may see, one person's page and hand-over
history (with their hukou move, 户籍迁移, recorded there by whoever serves them), and the search
as a spreadsheet."""

from __future__ import annotations

import tempfile

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine import InvalidTaskData
from engine.aftercare import changes
from engine.aftercare.transfers import cases as transfer_cases
from engine.directory.organisations import organisation_names
from engine.policy import divisions
from engine.registry import hukou_moves
from engine.registry.access import identity, viewer_of, visible_retiree
from engine.registry.retirees import ARCHIVE_STATUS_NAMES, STATUS_NAMES

from ..context import db_session, engine
from . import export, history, search

bp = Blueprint("registry", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _labels() -> dict:
    """What the templates need to show codes as words."""
    return {
        "status_names": STATUS_NAMES,
        "archive_status_names": ARCHIVE_STATUS_NAMES,
        "division_name": lambda code: divisions.full_name(code) if code else "",
        "hukou_intentions": hukou_moves.INTENTION_NAMES,
        "hukou_outcomes": hukou_moves.OUTCOME_NAMES,
    }


@bp.get("/retirees")
@login_required
def index():
    chosen, paging, _problems = search.parse(request.args, current_app.config["PER_PAGE"])
    session = db_session()
    with session.begin():
        viewer = viewer_of(session, current_user.actor)
        found = search.page(session, viewer, chosen, paging)
        menus = search.choices(session, viewer)
        names = organisation_names(
            session, {r.enterprise_org for r in found.items} | set(menus.enterprises) | set(menus.communities)
        )
        ids = {r.id: identity(viewer, r).id_number for r in found.items}
    return render_template(
        "registry/index.html", found=found, chosen=chosen, menus=menus, names=names, ids=ids, **_labels()
    )


@bp.get("/retirees/<int:retiree_id>")
@login_required
def show(retiree_id: int):
    session = db_session()
    with session.begin():
        return _show(session, retiree_id)


def _show(session, retiree_id: int, errors: list[str] | None = None, status: int = 200):
    viewer = viewer_of(session, current_user.actor)
    retiree = visible_retiree(session, viewer, retiree_id)
    past = history.of(session, engine(), current_user.actor, retiree)
    holders = {retiree.enterprise_org, retiree.community_org, retiree.interim_manager_org}
    holders |= {s.owner_org for s in _steps(past)}
    changed = changes.shown_history(session, viewer, retiree)
    moves = transfer_cases.transfers_of(session, retiree.id)
    holders |= set(changes.organisations_named(changed, moves))
    page = render_template(
        "registry/show.html",
        retiree=retiree,
        identity=identity(viewer, retiree),
        hukou_move=hukou_moves.shown_to(viewer, retiree),
        changes_history=changed,
        transfers=moves,
        may_change=viewer.kind == "community" and retiree.community_org == viewer.organisation_id,
        kind_names=transfer_cases.KIND_NAMES,
        state_names=transfer_cases.STATE_NAMES,
        errors=errors or [],
        history=past,
        names=organisation_names(session, holders),
        **_labels(),
    )
    return page, status


@bp.post("/retirees/<int:retiree_id>/hukou_move")
@login_required
def hukou_move(retiree_id: int):
    """户籍迁移: the person's wish and what came of it, by their community or county."""
    session = db_session()
    try:
        with session.begin():
            actor = current_user.actor
            viewer = viewer_of(session, actor)
            person = visible_retiree(session, viewer, retiree_id)
            hukou_moves.record(session, actor, viewer, person, request.form, engine().clock.now())
    except InvalidTaskData as refused:
        with session.begin():
            messages = [m for found in refused.errors.values() for m in found]
            return _show(session, retiree_id, messages, 422)
    flash(_("Hukou move recorded."))
    return redirect(url_for("registry.show", retiree_id=retiree_id))


def _steps(past: history.History | None) -> list:
    return past.steps if past is not None else []


@bp.get("/retirees/export.xlsx")
@login_required
def export_xlsx():
    chosen, _paging, _problems = search.parse(request.args, current_app.config["PER_PAGE"])
    session = db_session()
    with session.begin():
        viewer = viewer_of(session, current_user.actor)
        statement = search.query(viewer, chosen)
        total = search.count(session, statement)
        if total > export.MAX_ROWS:
            return _too_many(total)
        menus = search.choices(session, viewer)
        names = organisation_names(session, {*menus.enterprises, *menus.communities})
        target = tempfile.TemporaryFile()
        export.write(session, statement, viewer, names, target)
    target.seek(0)
    return send_file(target, mimetype=XLSX, as_attachment=True, download_name="退休人员名册.xlsx")


def _too_many(total: int):
    message = _(
        "The selection has %(total)s people; narrow it to at most %(max)s to export it.",
        total=total,
        max=export.MAX_ROWS,
    )
    return render_template("error.html", status=422, message=message, detail=""), 422
