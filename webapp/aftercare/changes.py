"""信息变更和转移 — a community's page for one of its people: change the address, phone and special
situations (with the reason, kept in the person's history), or ask for a transfer to another
community of the county or to another county (a case of ``community_transfer`` or
``county_transfer``, started as its start form would)."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

import forms
from engine.aftercare import changes
from engine.aftercare.transfers import cases as transfer_cases
from engine.directory.organisations import organisation_names
from engine.errors import InvalidTaskData
from engine.policy import divisions
from engine.registry.access import identity
from engine.registry.rosters.validation import SPECIAL_STATUSES

from ..cases.starting import start_from_form
from ..context import db_session, engine, reading
from .blueprint import bp, kinds_only

#: what each kind of transfer asks for, and its process
TRANSFERS = {
    "community": ("community_transfer", ("to_community", "new_address", "reason")),
    "county": ("county_transfer", ("to_county", "new_address", "reason")),
}


@bp.get("/retirees/<int:retiree_id>/changes")
@kinds_only("community")
def changes_page(retiree_id: int):
    return _page(retiree_id)


@bp.post("/retirees/<int:retiree_id>/changes")
@kinds_only("community")
def change(retiree_id: int):
    answers = {key: request.form.get(key, "") for key in ("address", "phone", "reason")}
    answers["special_status"] = request.form.getlist("special_status")
    session = db_session()
    try:
        with session.begin():
            changes.change(session, current_user.actor, retiree_id, answers, engine().clock.now())
    except InvalidTaskData as refused:
        return _page(retiree_id, answers, refused.errors, 422)
    flash(_("Information changed."))
    return redirect(url_for("aftercare.changes_page", retiree_id=retiree_id))


@bp.post("/retirees/<int:retiree_id>/transfers")
@kinds_only("community")
def transfer(retiree_id: int):
    kind = request.form.get("kind", "")
    if kind not in TRANSFERS:
        return _page(retiree_id, {}, {"kind": [_("Choose a kind of transfer.")]}, 422)
    process, keys = TRANSFERS[kind]
    answers = {"retiree_id": retiree_id, **{key: request.form.get(key, "").strip() for key in keys}}
    errors = forms.validate(f"start_{process}", answers)
    if errors:
        return _page(retiree_id, answers, errors, 422, kind)
    session = db_session()
    try:
        with session.begin():
            case = start_from_form(session, engine(), process, answers, current_user)
            case_id = case.id
    except InvalidTaskData as refused:
        return _page(retiree_id, answers, refused.errors, 422, kind)
    flash(_("Transfer asked."))
    return redirect(url_for("cases.show", instance_id=case_id))


def _page(
    retiree_id: int, values: dict | None = None, errors: dict | None = None, status: int = 200, kind: str = ""
):
    with reading() as session:
        person = changes.community_person(session, current_user.actor, retiree_id)
        county = person.destination_code or ""
        history = changes.history(session, person.id)
        transfers = transfer_cases.transfers_of(session, person.id)
        names = organisation_names(
            session, [person.community_org, *changes.organisations_named(history, transfers)]
        )
        page = render_template(
            "aftercare/changes.html",
            retiree=person,
            identity=identity(g.viewer, person),
            changes_history=history,
            transfers=transfers,
            open_transfer=transfer_cases.open_transfer(session, person.id),
            communities=[
                c for c in transfer_cases.communities_of(session, county) if c[0] != person.community_org
            ],
            counties=[c for c in transfer_cases.receiving_counties(session) if c[0] != county],
            county_name=divisions.name(county) if county else "",
            names=names,
            specials=SPECIAL_STATUSES,
            kind_names=transfer_cases.KIND_NAMES,
            state_names=transfer_cases.STATE_NAMES,
            values=values or {},
            errors=errors or {},
            kind=kind,
        )
    return page, status
