"""移交工作进展情况报告 — the supervisors' report: the milestones M1–M4 at the report date (from
the work-item table and the overdue flags) and retirees handed over per prefecture (from the
retiree registry when rosters were imported there, else from the programme cases' data)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from engine import Engine, divisions
from engine.deadlines import CHINA_TZ
from engine.models import OverdueFlag, ProcessInstance, WorkItem
from engine.overdue import MILESTONES
from engine.registry import Retiree
from engine.rules import DEFAULT_MILESTONES, MILESTONE_TITLES

from ..tasks.summary import organisation_names
from . import kinds, render
from .chart import WIDTH, bar_chart
from .chinese_dates import as_date
from .sources import CaseSources

PROGRAMME = "retiree_handover_programme"
RECEIVED = "received"  # the registry status of someone a community has received
OVERDUE_LISTED = 15
ISSUER = "省属企业退休人员社会化管理服务工作领导小组办公室"
KIND = kinds.KINDS["progress_report"]


def pdf(session: Session, engine: Engine, now: datetime, issuer: str = ISSUER) -> bytes:
    """The report as of ``now``, as PDF (not stored: it is of no single case)."""
    return render.pdf(KIND, report(session, engine, now, issuer))


def report(session: Session, engine: Engine, now: datetime, issuer: str = ISSUER) -> dict[str, Any]:
    """Everything the report shows, as plain JSON (so it can be hashed and rendered)."""
    prefectures, source = _prefecture_rows(session, engine)
    overdue, overdue_total = _overdue_items(session, now)
    return {
        "issuer": issuer,
        # the red 发文机关标志 fills the width of the text block, whatever the name's length
        "issuer_size": round(min(26.0, WIDTH / max(len(issuer), 1) * 72 / 25.4), 2),
        "date": as_date(now).isoformat(),
        "milestones": _milestone_rows(session, now),
        "prefectures": prefectures,
        "totals": _totals(prefectures),
        "source": source,
        "chart": bar_chart(prefectures),
        "overdue": overdue,
        "overdue_more": overdue_total - len(overdue),
    }


def _milestone_rows(session: Session, now: datetime) -> list[dict[str, Any]]:
    """Per milestone: cases and tasks due by it, done, open, overdue, and cases flagged."""
    is_open = WorkItem.state == "open"
    per_case = session.execute(
        select(
            WorkItem.milestone,
            WorkItem.instance_id,
            func.count(),
            func.sum(case((is_open, 1), else_=0)),
            func.sum(case((is_open & (WorkItem.due_at < now), 1), else_=0)),
            func.max(WorkItem.due_at),
        )
        .where(WorkItem.milestone.in_(MILESTONES), WorkItem.state != "cancelled")
        .group_by(WorkItem.milestone, WorkItem.instance_id)
    ).all()
    flagged = dict(
        session.execute(select(OverdueFlag.milestone, func.count()).group_by(OverdueFlag.milestone)).all()
    )
    rows = {code: _empty_milestone(code, flagged.get(code, 0)) for code in MILESTONES}
    for milestone, _instance, tasks, open_tasks, overdue_tasks, due in per_case:
        row = rows[milestone]
        row["cases"] += 1
        row["cases_done"] += open_tasks == 0
        row["cases_overdue"] += overdue_tasks > 0
        row["tasks"] += tasks
        row["tasks_done"] += tasks - open_tasks
        row["tasks_overdue"] += overdue_tasks
        if due is not None:
            row["date"] = max(row["date"], as_date(due).isoformat())
    for row in rows.values():  # no task of a milestone yet: the 2017 schedule's date
        row["date"] = row["date"] or DEFAULT_MILESTONES[row["code"]]
    return list(rows.values())


def _empty_milestone(code: str, flagged: int) -> dict[str, Any]:
    return {
        "code": code,
        "title": MILESTONE_TITLES[code],
        "date": "",
        "cases": 0,
        "cases_done": 0,
        "cases_overdue": 0,
        "tasks": 0,
        "tasks_done": 0,
        "tasks_overdue": 0,
        "flagged": flagged,
    }


def _prefecture_rows(session: Session, engine: Engine) -> tuple[list[dict[str, Any]], str]:
    counts = _registry_counts(session)
    source = "退休人员登记库"
    if not counts:
        counts, source = _case_counts(session, engine), "各移交案件数据"
    rows = [
        {
            "code": code,
            "name": divisions.name(code),
            "counties": len(count["counties"]),
            "planned": count["planned"],
            "handed_over": count["handed_over"],
            "percent": _percent(count["handed_over"], count["planned"]),
        }
        for code, count in sorted(counts.items())
    ]
    return rows, source


def _registry_counts(session: Session) -> dict[str, dict[str, Any]]:
    """Registered retirees (not excluded) by the prefecture of their destination."""
    rows = session.execute(
        select(Retiree.destination_code, Retiree.status, func.count())
        .where(Retiree.excluded.is_(False), Retiree.destination_code.is_not(None))
        .group_by(Retiree.destination_code, Retiree.status)
    ).all()
    counts: dict[str, dict[str, Any]] = defaultdict(_new_count)
    for code, status, number in rows:
        entry = counts[divisions.prefecture_of(code)]
        entry["planned"] += number
        entry["handed_over"] += number if status == RECEIVED else 0
        entry["counties"].add(code)
    return dict(counts)


def _case_counts(session: Session, engine: Engine) -> dict[str, dict[str, Any]]:
    """Counties of every programme case: planned from the grouped roster, handed over from
    what the communities reported receiving."""
    counts: dict[str, dict[str, Any]] = defaultdict(_new_count)
    ids = session.scalars(
        select(ProcessInstance.id).where(
            ProcessInstance.process_key == PROGRAMME, ProcessInstance.status != "error"
        )
    )
    for instance_id in list(ids):
        for county in CaseSources.of(engine.workflow(session, instance_id)).all("county"):
            info = county.data["county"]
            entry = counts[info.get("prefecture_code") or divisions.prefecture_of(info["code"])]
            entry["planned"] += info["retiree_count"]
            receptions = county.data.get("receptions") or []
            entry["handed_over"] += sum(r.get("received_count", 0) for r in receptions)
            entry["counties"].add(info["code"])
    return dict(counts)


def _new_count() -> dict[str, Any]:
    return {"planned": 0, "handed_over": 0, "counties": set()}


def _totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    planned = sum(r["planned"] for r in rows)
    handed_over = sum(r["handed_over"] for r in rows)
    return {
        "counties": sum(r["counties"] for r in rows),
        "planned": planned,
        "handed_over": handed_over,
        "percent": _percent(handed_over, planned),
    }


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _overdue_items(session: Session, now: datetime) -> tuple[list[dict[str, Any]], int]:
    """The oldest open tasks past their due date, with their case and holder; and how many
    there are in all."""
    overdue = (WorkItem.state == "open") & (WorkItem.due_at < now)
    total = session.scalar(select(func.count()).select_from(WorkItem).where(overdue))
    rows = session.execute(
        select(WorkItem, ProcessInstance.title)
        .join(ProcessInstance, WorkItem.instance_id == ProcessInstance.id)
        .where(overdue)
        .order_by(WorkItem.due_at, WorkItem.id)
        .limit(OVERDUE_LISTED)
    ).all()
    names = organisation_names(session, {item.owner_org for item, _ in rows})
    listed = [
        {
            "case": title,
            "task": item.name,
            "holder": names.get(item.owner_org or "", item.owner_org or ""),
            "milestone": item.milestone or "",
            "due": as_date(item.due_at).isoformat(),
            "days": (now.astimezone(CHINA_TZ).date() - as_date(item.due_at)).days,
        }
        for item, title in rows
    ]
    return listed, total
