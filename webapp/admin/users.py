"""Users (用户): list, create, edit, reset a password, activate and deactivate, unlock."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from engine.directory.organisations import USER_ROLES, User, organisation_names
from engine.directory.roles import ROLE_NAMES

from ..auth import accounts
from ..auth.accounts import hash_password
from ..context import db_session, engine
from . import directory_forms as checks
from .audit_log import record_change
from .blueprint import admin_required, back_to, bp
from .listing import page_of


def users_query(organisation: str, q: str):
    query = select(User).order_by(User.username)
    if organisation:
        query = query.where(User.organisation_id == organisation)
    if q:
        pattern = f"%{q}%"
        query = query.where(or_(User.username.ilike(pattern), User.name.ilike(pattern)))
    return query


@bp.get("/users")
@admin_required
def users():
    filters = {name: request.args.get(name, "").strip() for name in ("organisation", "q")}
    session = db_session()
    with session.begin():
        page = page_of(session, users_query(**filters))
        names = organisation_names(session, {u.organisation_id for u in page.items})
    return render_template(
        "admin/users.html",
        page=page,
        names=names,
        filters=filters,
        role_labels=checks.USER_ROLE_LABELS,
        now=engine().clock.now(),
    )


def _form_page(session: Session, values: dict, errors: dict, user: User | None = None):
    return render_template(
        "admin/user_form.html",
        user=user,
        values=values,
        errors=errors,
        roles=USER_ROLES,
        role_labels=checks.USER_ROLE_LABELS,
        kinds=ROLE_NAMES,
        choices=checks.organisation_choices(session),
        now=engine().clock.now(),
    )


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def new_user():
    session = db_session()
    with session.begin():
        if request.method == "GET":
            return _form_page(session, {"roles": ["official"]}, {})
        checked = checks.check_user(session, request.form)
        if not checked.ok:
            return _form_page(session, checked.values, checked.errors), 422
        user = User(
            username=checked.values["username"],
            password_hash=_password_hash(),
            active=True,
            failed_logins=0,
        )
        changes = checks.apply(user, checked.values, checks.USER_FIELDS)
        session.add(user)
        record_change(session, "user_created", username=user.username, changes=changes)
    flash(_("User %(username)s created.", username=user.username))
    return redirect(url_for("admin.users"))


def _password_hash() -> str:
    return hash_password(request.form["password"], current_app.config["PASSWORD_HASH_METHOD"])


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _values(user: User) -> dict:
    return {
        "username": user.username,
        "name": user.name,
        "organisation_id": user.organisation_id,
        "roles": list(user.roles),
        "email": user.email or "",
    }


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int):
    session = db_session()
    with session.begin():
        user = _user(session, user_id)
        if request.method == "GET":
            return _form_page(session, _values(user), {}, user)
        checked = checks.check_user(session, request.form, user, editing_self=user.id == current_user.id)
        if not checked.ok:
            return _form_page(session, checked.values, checked.errors, user), 422
        changes = checks.apply(user, checked.values, checks.USER_FIELDS)
        if changes:
            record_change(session, "user_updated", username=user.username, changes=changes)
    flash(_("User %(username)s saved.", username=user.username))
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/password")
@admin_required
def reset_password(user_id: int):
    session = db_session()
    with session.begin():
        user = _user(session, user_id)
        checked = checks.check_password(request.form)
        if not checked.ok:
            return _form_page(session, _values(user), checked.errors, user), 422
        user.password_hash = _password_hash()
        user.failed_logins, user.locked_until = 0, None
        accounts.revoke(session, user)  # the old password's sessions and tokens end with it
        record_change(session, "user_password_reset", username=user.username)
    flash(_("The password of %(username)s was reset.", username=user.username))
    return redirect(url_for("admin.edit_user", user_id=user_id))


@bp.post("/users/<int:user_id>/<any(activate, deactivate):change>")
@admin_required
def switch_user(user_id: int, change: str):
    session = db_session()
    active = change == "activate"
    with session.begin():
        user = _user(session, user_id)
        if user.id == current_user.id and not active:
            flash(_("You cannot deactivate your own account."))
            return redirect(back_to("admin.users"))
        if user.active != active:
            user.active = active
            if not active:
                accounts.revoke(session, user)
            record_change(session, f"user_{change}d", username=user.username)
    flash(
        _("User %(username)s activated.", username=user.username)
        if active
        else _("User %(username)s deactivated: they can no longer log in.", username=user.username)
    )
    return redirect(back_to("admin.users"))


@bp.post("/users/<int:user_id>/unlock")
@admin_required
def unlock_user(user_id: int):
    session = db_session()
    with session.begin():
        user = _user(session, user_id)
        if user.failed_logins or user.locked_until is not None:
            record_change(
                session,
                "user_unlocked",
                username=user.username,
                failed_logins=user.failed_logins,
                locked_until=user.locked_until.isoformat() if user.locked_until else None,
            )
            user.failed_logins, user.locked_until = 0, None
    flash(_("User %(username)s unlocked.", username=user.username))
    return redirect(back_to("admin.users"))
