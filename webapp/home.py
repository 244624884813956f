"""The start page and a health check: what is deployed, what is open."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from engine.workflow.models import ProcessInstance, WorkItem

from .context import db_session, engine

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    if not current_user.is_authenticated:  # the campaign's figures are for those who log in
        return redirect(url_for("auth.login"))
    session = db_session()
    with session.begin():
        processes = engine().processes(session)
        running = session.scalar(select(func.count()).where(ProcessInstance.status == "running"))
        open_items = session.scalar(select(func.count()).where(WorkItem.state == "open"))
    return render_template(
        "home.html", processes=processes, running=running, open_items=open_items, now=engine().clock.now()
    )


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
