"""整体移交后新退休人员登记 — an enterprise registers a person who retired after the hand-over; a
person handed over goes straight to the county's allocation (``engine.aftercare.newcomers``)."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from engine.aftercare import newcomers
from engine.errors import InvalidTaskData
from engine.policy import divisions, rules
from engine.registry.retirees import STATUS_NAMES
from engine.registry.rosters.validation import HEADER_OF, SPECIAL_STATUSES

from ..context import db_session, engine, reading
from .blueprint import bp, kinds_only


@bp.get("/newcomers")
@kinds_only("enterprise")
def newcomers_page():
    return _page({}, {})


@bp.post("/newcomers")
@kinds_only("enterprise")
def register_newcomer():
    values = {key: request.form.get(key, "") for key in newcomers.FIELDS}
    values["special_status"] = "、".join(request.form.getlist("special_status"))
    values["party_member"] = "是" if request.form.get("party_member") else ""
    session = db_session()
    try:
        with session.begin():
            done = newcomers.register(session, engine(), current_user.actor, values, engine().clock.now())
            handed_over = done.instance is not None
    except InvalidTaskData as refused:
        return _page(values, refused.errors), 422
    flash(
        _("Registered; the receiving county allocates them to a community.")
        if handed_over
        else _("Registered; retired and province-managed cadres are not handed over.")
    )
    return redirect(url_for("aftercare.newcomers_page"))


@bp.post("/newcomers/file")
@kinds_only("enterprise")
def register_newcomers_file():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _page({}, {"file": [_("Choose a .csv or .xlsx file.")]}), 422
    session = db_session()
    try:
        with session.begin():
            done = newcomers.register_file(
                session, engine(), current_user.actor, upload.stream, upload.filename, engine().clock.now()
            )
            registered = len(done.registered)
    except InvalidTaskData as refused:
        return _page({}, refused.errors), 422
    if done.rejected:
        return _page({}, {}, rejected=done.rejected, registered=registered), 422 if not registered else 200
    flash(_("%(count)d people registered.", count=registered))
    return redirect(url_for("aftercare.newcomers_page"))


def _page(values: dict, errors: dict, rejected: list | None = None, registered: int | None = None):
    with reading() as session:
        people = newcomers.registered_one_by_one(session, g.viewer.organisation_id)
    return render_template(
        "aftercare/newcomers.html",
        people=people,
        values=values,
        errors=errors,
        rejected=rejected or [],
        registered=registered,
        headers=HEADER_OF,
        categories=rules.CATEGORIES,
        specials=SPECIAL_STATUSES,
        status_names=STATUS_NAMES,
        division_name=lambda code: divisions.full_name(code) if code else "",
    )
