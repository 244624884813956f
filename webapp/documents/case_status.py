"""案件办理情况 — one case on paper for supervisors and the case's parties: its diagram as it
stands (done, active with the organisation holding it, overdue) and its open and done steps.

Not an official document of the hand-over (no red masthead, not stored): a print of the case
page, made as of the report date.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from engine import Actor, Engine
from engine.diagram import CaseDiagrams
from engine.directory.organisations import organisation_names
from engine.workflow.deadlines import days_overdue

from . import kinds, render
from .chinese_dates import as_date

KIND = kinds.KINDS["case_status"]
STATUS_NAMES = {"running": "办理中", "completed": "已办结", "error": "出错停办"}


def pdf(session: Session, engine: Engine, instance_id: int, actor: Actor, now: datetime) -> bytes:
    """The case as of ``now``; ``NotFound`` for anyone who may not see the case."""
    context = report(session, engine, instance_id, actor, now)
    return render.pdf(KIND, context, title=f"{KIND.title}：{context['case']}")


def report(session: Session, engine: Engine, instance_id: int, actor: Actor, now: datetime) -> dict[str, Any]:
    view = engine.case_view(session, instance_id, actor)  # the access check
    diagram = CaseDiagrams.load(session, engine, instance_id).overview()
    items = view.open_items + view.done_items
    names = organisation_names(session, {i.owner_org for i in items})
    return {
        "date": as_date(now).isoformat(),
        "case": view.case.title,
        "number": view.case.id,
        "process": view.definition.name,
        "version": view.definition.version,
        "status": STATUS_NAMES.get(view.case.status, view.case.status),
        "started": as_date(view.case.started_at).isoformat(),
        "diagram": diagram or "",
        "open": [
            {
                "task": item.name,
                "holder": names.get(item.owner_org or "", item.owner_org or ""),
                "milestone": item.milestone or "",
                "due": as_date(item.due_at).isoformat() if item.due_at else "",
                "days_overdue": days_overdue(item.due_at, now) if item.due_at else 0,
            }
            for item in view.open_items
        ],
        "done": [
            {
                "task": item.name,
                "holder": names.get(item.owner_org or "", item.owner_org or ""),
                "completed": as_date(item.completed_at).isoformat() if item.completed_at else "",
            }
            for item in view.done_items
        ],
    }
