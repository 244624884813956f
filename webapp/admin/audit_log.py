"""The audit log (操作日志): administrators' changes are written to it; everything is read here."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.directory import audit
from engine.directory.audit import AuditEvent

from ..context import db_session, engine
from .blueprint import admin_required, bp
from .listing import page_of


def record_change(session: Session, action: str, **detail: Any) -> None:
    """Append ``admin_<action>`` by the logged-in administrator, now."""
    audit.record(session, f"admin_{action}", current_user.actor, engine().clock.now(), detail=detail)


def audit_query(action: str, actor: str, case_id: int | None):
    """Newest first, narrowed to one action, one actor and one case when given."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action == action)
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if case_id is not None:
        query = query.where(AuditEvent.instance_id == case_id)
    return query


@bp.get("/audit")
@admin_required
def audit_events():
    action = request.args.get("action", "").strip()
    actor = request.args.get("actor", "").strip()
    case_id = request.args.get("case", type=int)
    session = db_session()
    with session.begin():
        page = page_of(session, audit_query(action, actor, case_id))
    filters = {"action": action, "actor": actor, "case": case_id if case_id is not None else ""}
    return render_template("admin/audit.html", page=page, filters=filters)
