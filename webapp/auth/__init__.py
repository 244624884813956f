"""Log in and out (登录), language choice."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from engine.database import read_only
from engine.directory.organisations import User

from ..context import db_session
from ..extensions import login_manager
from ..home import landing_url
from . import accounts

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(session_id: str):
    """The cookie's ``<user>.<epoch>``; an older epoch (or an old-style cookie) is logged out."""
    user_id, _dot, epoch = session_id.partition(".")
    if not (user_id.isdigit() and epoch.isdigit()):
        return None
    session = db_session()
    with session.begin():
        read_only(session)  # every page loads its user: never with SQLite's write lock
        return accounts.load(session, int(user_id), int(epoch))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("auth/login.html")
    session = db_session()
    with session.begin():  # commits the failure count of a refused attempt too
        try:
            user, refused = _authenticate(session), None
        except accounts.LoginRefused as exc:
            user, refused = None, exc
    if refused is not None:
        return render_template(
            "auth/login.html", error=refused.message, username=request.form.get("username", "")
        ), 401
    login_user(user)
    return redirect(_safe_next(request.args.get("next")) or landing_url(user))


def _authenticate(session) -> accounts.SignedIn:
    return accounts.authenticate(
        session,
        request.form.get("username", "").strip(),
        request.form.get("password", ""),
        accounts.security_now(),
        accounts.LoginPolicy.from_config(current_app.config),
    )


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths: never redirect a login to another site. Browsers drop tabs and
    newlines and read ``\\`` as ``/``, so ``/\t/evil.example`` would be ``//evil.example``:
    a target with any control character or backslash is refused outright."""
    if not target or any(ch < " " or ch in "\x7f\\" for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.post("/logout")
@login_required
def logout():
    session = db_session()
    with session.begin():
        user = session.get(User, current_user.id)
        if user is not None:
            accounts.revoke(session, user)  # the cookie, and any copy of it, ends here
    logout_user()
    flash(_("You have logged out."))
    return redirect(url_for("auth.login"))
