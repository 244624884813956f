"""Behind the dashboard's numbers: the units a cell counts (each with its case), and when units
were done, day by day, for the burn-up chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Date, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from engine.progress.figures import MILESTONES
from engine.progress.selection import WHOLE_PROVINCE, Scope, Selection
from engine.progress.units import MilestoneUnit
from engine.workflow.deadlines import is_overdue

#: what a cell's number counts: every unit, done, open, overdue (open past its deadline), done late
STATUSES = ("due", "done", "overdue", "late", "open")


@dataclass(frozen=True)
class UnitLine:
    """One unit behind a number, with its case."""

    id: int
    instance_id: int
    kind: str
    milestone: str
    title: str
    enterprise_org: str | None
    prefecture_code: str | None
    county_code: str | None
    due_at: datetime
    done_at: datetime | None

    def overdue(self, now: datetime) -> bool:
        return self.done_at is None and is_overdue(self.due_at, now)


@dataclass(frozen=True)
class UnitPage:
    lines: list[UnitLine]
    total: int
    page: int
    per_page: int


def units(
    session: Session,
    now: datetime,
    selection: Selection,
    scope: Scope = WHOLE_PROVINCE,
    *,
    milestone: str | None = None,
    status: str = "due",
    page: int = 1,
    per_page: int = 50,
) -> UnitPage:
    """The units behind a cell: of ``milestone`` (all four when None), in ``status``."""
    if milestone is not None and milestone not in MILESTONES:
        raise ValueError(f"unknown milestone {milestone!r}")
    where = [*selection.where(), *scope.where(), *_status_where(status, now)]
    if milestone is not None:
        where.append(MilestoneUnit.milestone == milestone)
    total = session.scalar(select(func.count()).select_from(MilestoneUnit).where(*where))
    rows = session.scalars(
        select(MilestoneUnit)
        .where(*where)
        .order_by(MilestoneUnit.due_at, MilestoneUnit.instance_id, MilestoneUnit.id)
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    )
    lines = [
        UnitLine(
            u.id, u.instance_id, u.kind, u.milestone, u.title, u.enterprise_org,
            u.prefecture_code, u.county_code, u.due_at, u.done_at,
        )  # fmt: skip
        for u in rows
    ]
    return UnitPage(lines, total, max(page, 1), per_page)


def _status_where(status: str, now: datetime) -> list[ColumnElement[bool]]:
    done = MilestoneUnit.done_at.is_not(None)
    if status == "due":
        return []
    if status == "done":
        return [done]
    if status == "open":
        return [~done]
    if status == "overdue":
        return [~done, MilestoneUnit.due_at < now]
    if status == "late":
        return [done, MilestoneUnit.done_at > MilestoneUnit.due_at]
    raise ValueError(f"unknown status {status!r}")


# -- over time -------------------------------------------------------------------------------------


def burn_up(
    session: Session, selection: Selection, scope: Scope = WHOLE_PROVINCE
) -> dict[str, dict[str, Any]]:
    """Per milestone: how many units it requires (``due``) and how many were done on each Beijing
    day (``done_by_day``: date → count), counted by the database."""
    where = [*selection.where(), *scope.where()]
    series: dict[str, dict[str, Any]] = {m: {"due": 0, "done_by_day": {}} for m in MILESTONES}
    for milestone, due in session.execute(
        select(MilestoneUnit.milestone, func.count()).where(*where).group_by(MilestoneUnit.milestone)
    ):
        series[milestone]["due"] = due
    day = beijing_date(MilestoneUnit.done_at)
    for milestone, done_on, count in session.execute(
        select(MilestoneUnit.milestone, day, func.count())
        .where(*where, MilestoneUnit.done_at.is_not(None))
        .group_by(MilestoneUnit.milestone, day)
    ):
        series[milestone]["done_by_day"][_as_date(done_on)] = count
    return series


class beijing_date(FunctionElement):  # noqa: N801  (an SQL function, named like one)
    """The Beijing date of a UTC timestamp column (stored naive UTC, see ``UTCDateTime``)."""

    type = Date()
    inherit_cache = True


@compiles(beijing_date, "sqlite")
def _beijing_date_sqlite(element, compiler, **kw) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, '+8 hours')"


@compiles(beijing_date)
def _beijing_date(element, compiler, **kw) -> str:
    return f"CAST(({compiler.process(element.clauses, **kw)} + INTERVAL '8 hours') AS DATE)"


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
