"""Organisations (组织机构): list by kind, create, edit, activate and deactivate."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from engine.directory.organisations import Organisation, organisation_names
from engine.directory.roles import ROLE_NAMES

from ..context import db_session
from . import directory_forms as checks
from .audit_log import record_change
from .blueprint import admin_required, back_to, bp
from .listing import page_of


def organisations_query(kind: str, active: str, q: str):
    query = select(Organisation).order_by(Organisation.kind, Organisation.id)
    if kind:
        query = query.where(Organisation.kind == kind)
    if active in ("1", "0"):
        query = query.where(Organisation.active.is_(active == "1"))
    if q:
        pattern = f"%{q}%"
        query = query.where(or_(Organisation.id.ilike(pattern), Organisation.name.ilike(pattern)))
    return query


@bp.get("/organisations")
@admin_required
def organisations():
    filters = {name: request.args.get(name, "").strip() for name in ("kind", "active", "q")}
    session = db_session()
    with session.begin():
        page = page_of(session, organisations_query(**filters))
        parents = organisation_names(session, {o.parent_id for o in page.items})
    return render_template(
        "admin/organisations.html", page=page, parents=parents, filters=filters, kinds=ROLE_NAMES
    )


def _form_page(session: Session, values: dict, errors: dict, organisation: Organisation | None = None):
    return render_template(
        "admin/organisation_form.html",
        organisation=organisation,
        values=values,
        errors=errors,
        kinds=ROLE_NAMES,
        choices=checks.organisation_choices(session),
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
@admin_required
def new_organisation():
    session = db_session()
    with session.begin():
        if request.method == "GET":
            return _form_page(session, {}, {})
        checked = checks.check_organisation(session, request.form)
        if not checked.ok:
            return _form_page(session, checked.values, checked.errors), 422
        organisation = Organisation(id=checked.values["id"], active=True)
        changes = checks.apply(organisation, checked.values, checks.ORGANISATION_FIELDS)
        session.add(organisation)
        record_change(session, "organisation_created", organisation_id=organisation.id, changes=changes)
    flash(_("Organisation %(name)s created.", name=organisation.name))
    return redirect(url_for("admin.organisations"))


def _organisation(session: Session, org_id: str) -> Organisation:
    organisation = session.get(Organisation, org_id)
    if organisation is None:
        abort(404)
    return organisation


@bp.route("/organisations/<org_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_organisation(org_id: str):
    session = db_session()
    with session.begin():
        organisation = _organisation(session, org_id)
        if request.method == "GET":
            values = {name: getattr(organisation, name) or "" for name in ("id", *checks.ORGANISATION_FIELDS)}
            return _form_page(session, values, {}, organisation)
        checked = checks.check_organisation(session, request.form, organisation)
        if not checked.ok:
            return _form_page(session, checked.values, checked.errors, organisation), 422
        changes = checks.apply(organisation, checked.values, checks.ORGANISATION_FIELDS)
        if changes:
            record_change(session, "organisation_updated", organisation_id=org_id, changes=changes)
    flash(_("Organisation %(name)s saved.", name=organisation.name))
    return redirect(url_for("admin.organisations"))


@bp.post("/organisations/<org_id>/<any(activate, deactivate):change>")
@admin_required
def switch_organisation(org_id: str, change: str):
    session = db_session()
    with session.begin():
        organisation = _organisation(session, org_id)
        active = change == "activate"
        if organisation.active != active:
            organisation.active = active
            record_change(session, f"organisation_{change}d", organisation_id=org_id)
    flash(
        _("Organisation %(name)s activated.", name=organisation.name)
        if active
        else _("Organisation %(name)s deactivated.", name=organisation.name)
    )
    return redirect(back_to("admin.organisations"))
