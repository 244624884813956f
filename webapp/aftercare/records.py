"""社区自建信息库 — the 离休干部 and 省管干部 a community records without their being handed over:
listed, added, changed and removed by that community only."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from engine.aftercare.community import records as community_records
from engine.errors import InvalidTaskData
from engine.registry.rosters.validation import SPECIAL_STATUSES

from ..context import db_session, engine, reading
from ..paging import page_number
from .blueprint import bp, kinds_only

FIELDS = ("name", "id_number", "category", "address", "phone", "original_unit", "note")


@bp.get("/community/records")
@kinds_only("community")
def records():
    return _page({}, {})


@bp.post("/community/records")
@kinds_only("community")
def add_record():
    values = _submitted()
    session = db_session()
    try:
        with session.begin():
            community_records.add(session, current_user.actor, values, engine().clock.now())
    except InvalidTaskData as refused:
        return _page(values, refused.errors), 422
    flash(_("Recorded."))
    return redirect(url_for("aftercare.records"))


@bp.get("/community/records/<int:record_id>")
@kinds_only("community")
def edit_record(record_id: int):
    with reading() as session:
        record = community_records.get(session, g.viewer.organisation_id, record_id)
        values = community_records.as_dict(record)
    return _edit(record_id, values, {})


@bp.post("/community/records/<int:record_id>")
@kinds_only("community")
def update_record(record_id: int):
    values = _submitted()
    session = db_session()
    try:
        with session.begin():
            community_records.update(session, current_user.actor, record_id, values, engine().clock.now())
    except InvalidTaskData as refused:
        return _edit(record_id, values, refused.errors), 422
    flash(_("Saved."))
    return redirect(url_for("aftercare.records"))


@bp.post("/community/records/<int:record_id>/remove")
@kinds_only("community")
def remove_record(record_id: int):
    session = db_session()
    with session.begin():
        community_records.remove(session, current_user.actor, record_id, engine().clock.now())
    flash(_("Removed."))
    return redirect(url_for("aftercare.records"))


def _submitted() -> dict:
    values = {key: request.form.get(key, "") for key in FIELDS}
    values["special_status"] = request.form.getlist("special_status")
    return values


def _page(values: dict, errors: dict):
    q = request.args.get("q", "")
    with reading() as session:
        found = community_records.page_of(session, g.viewer.organisation_id, q, page_number(request.args))
    return render_template(
        "aftercare/records.html", found=found, q=q, values=values, errors=errors, **_choices()
    )


def _edit(record_id: int, values: dict, errors: dict):
    return render_template(
        "aftercare/records_edit.html", record_id=record_id, values=values, errors=errors, **_choices()
    )


def _choices() -> dict:
    return {
        "categories": community_records.CATEGORIES,
        "specials": SPECIAL_STATUSES,
        "mark": community_records.MARK,
    }
