"""The start page (each role's landing page) and a health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .context import db_session, engine

bp = Blueprint("home", __name__)


#: where each role lands after logging in and at ``/``, first match wins; officials keep the inbox
LANDING = (
    ("admin", "admin.organisations"),
    ("supervisor", "progress.dashboard"),
    ("designer", "processes.index"),
)


def landing_url(user) -> str:
    """The page a user starts from: 系统管理, 进度督办, the procedures, or the inbox."""
    for role, endpoint in LANDING:
        if user.has_role(role):
            return url_for(endpoint)
    return url_for("inbox.index")


@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(landing_url(current_user))


@bp.get("/healthz")
def healthz():
    """200 when the database answers; 503 (JSON, for load balancers and compose) when it does not."""
    session = db_session()
    try:
        with session.begin():
            session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return jsonify(status="unavailable", reason="database"), 503
    return jsonify(status="ok", clock=engine().clock.now().isoformat())
