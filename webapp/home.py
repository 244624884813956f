"""The start page and a health check: what is deployed, what is open."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from sqlalchemy import func, select, text

from engine.workflow.models import ProcessInstance, WorkItem

from .context import db_session, engine

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
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
    session = db_session()
    with session.begin():
        session.execute(text("SELECT 1"))
    return jsonify(status="ok", clock=engine().clock.now().isoformat())
