"""移交工作进展情况报告 — the supervisors' report: the milestones M1–M4 at the report date,
retirees received per prefecture (or county, or enterprise, as the dashboard drills down) and the
units past their deadline. Every number comes from ``engine.progress.figures``, the dashboard's
figures, for the same selection and within the same scope."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from engine.progress.behind import units
from engine.progress.figures import Cell, Progress, progress
from engine.progress.selection import Scope, Selection
from engine.workflow.deadlines import days_overdue

from ..progress.trail import place, trail
from . import kinds, render
from .chart import WIDTH, bar_chart
from .chinese_dates import as_date

OVERDUE_LISTED = 15
ISSUER = "省属企业退休人员社会化管理服务工作领导小组办公室"
KIND = kinds.KINDS["progress_report"]
SOURCE = (
    "各移交案件办理记录（框架协议、具体移交协议、社区管理组织移交、县级移交的接收、档案回执和管理费拨付）"
)
LEVEL_HEADERS = {"prefecture": "省辖市（省直管县）", "county": "县（市、区）", "enterprise": "移交企业"}


def pdf(
    session: Session, now: datetime, issuer: str, selection: Selection, scope: Scope
) -> bytes:
    """The report of ``selection`` as of ``now``, as PDF (not stored: it is of no single case),
    headed by the place it is about (郑州市金水区)."""
    where = place(trail(session, selection, scope), separator="")
    return render.pdf(KIND, report(session, now, issuer, selection, scope, where))


def report(
    session: Session,
    now: datetime,
    issuer: str = ISSUER,
    selection: Selection | None = None,
    scope: Scope | None = None,
    place: str = "",
) -> dict[str, Any]:
    """Everything the report shows, as plain JSON (so it can be hashed and rendered)."""
    selection, scope = selection or Selection(), scope or Scope()
    view = progress(session, now, selection, scope)
    rows = [_place_row(row) for row in view.rows]
    overdue, overdue_total = _overdue_units(session, now, selection, scope)
    return {
        "issuer": issuer,
        # the red 发文机关标志 fills the width of the text block, whatever the name's length
        "issuer_size": round(min(26.0, WIDTH / max(len(issuer), 1) * 72 / 25.4), 2),
        "date": as_date(now).isoformat(),
        "place": place,
        "level": LEVEL_HEADERS[view.level],
        "milestones": _milestone_rows(view),
        "prefectures": rows,
        "totals": {**_place_row(view.total), "counties": view.total.cells["M4"].due},
        "source": SOURCE,
        "chart": bar_chart(rows),
        "overdue": overdue,
        "overdue_more": overdue_total - len(overdue),
    }


def _milestone_rows(view: Progress) -> list[dict[str, Any]]:
    """Per milestone, the total row's cell: units due, done, overdue, done late."""
    return [
        {
            "code": milestone.code,
            "title": milestone.title,
            "date": as_date(milestone.deadline).isoformat(),
            **_cell(view.total.cells[milestone.code]),
        }
        for milestone in view.milestones
    ]


def _cell(cell: Cell) -> dict[str, Any]:
    return {
        "due": cell.due,
        "done": cell.done,
        "percent": _percent(cell.done, cell.due),
        "overdue": cell.overdue,
        "late": cell.late,
    }


def _place_row(row) -> dict[str, Any]:
    figures = row.figures
    return {
        "name": row.name,
        "planned": figures.retirees_planned,
        "handed_over": figures.retirees_received,
        "percent": _percent(figures.retirees_received, figures.retirees_planned),
        "archives": f"{figures.archives_received}/{figures.archives_planned}",
        "fee": f"{figures.fee_disbursed:,}/{figures.fee_due:,}",
    }


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _overdue_units(
    session: Session, now: datetime, selection: Selection, scope: Scope
) -> tuple[list[dict[str, Any]], int]:
    """The units longest past their deadline (the dashboard's 逾期), and how many there are."""
    found = units(session, now, selection, scope, status="overdue", per_page=OVERDUE_LISTED)
    listed = [
        {
            "title": line.title,
            "milestone": line.milestone,
            "due": as_date(line.due_at).isoformat(),
            "days": days_overdue(line.due_at, now),
        }
        for line in found.lines
    ]
    return listed, found.total
