"""The dashboard's figures: milestone units counted per prefecture, county or enterprise.

One aggregate query over ``milestone_unit`` gives every cell (due, done, overdue, done late) of a
view; a second sums the county hand-overs' retirees, archives and fees. Neither reads a workflow,
so the figures cost the same with 300 or 300,000 retirees.

Readings:
- **due** is every unit the milestone requires (known so far: a programme's units are known once
  its roster is grouped); **done** those completed; **overdue** those not done after their
  deadline (the end of the milestone's day, Beijing time); **late** those done after it.
- Rows are keyed by division code or enterprise; units without one (a programme whose roster is
  not grouped yet; the prefecture's framework agreement on a county view) form a row of their
  own, keyed ``NONE``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from engine.directory import access
from engine.directory.organisations import organisation_names
from engine.directory.roles import Actor
from engine.errors import NotFound, NotYourTask
from engine.policy import divisions
from engine.policy.rules import DEFAULT_MILESTONES, MILESTONE_TITLES
from engine.progress.selection import COLUMNS, LEVELS, WHOLE_PROVINCE, Scope, Selection, narrow
from engine.progress.units import DEFAULT_CAMPAIGN, MilestoneUnit
from engine.workflow.deadlines import is_overdue, to_deadline

MILESTONES = ("M1", "M2", "M3", "M4")
#: a cell turns amber this many days before its deadline while units are still open
AT_RISK_DAYS = 7


@dataclass
class Cell:
    """One milestone's units in one row."""

    due: int = 0
    done: int = 0
    overdue: int = 0
    late: int = 0

    @property
    def open(self) -> int:
        return self.due - self.done

    def percent(self, part: int) -> float | None:
        return round(100 * part / self.due, 1) if self.due else None

    def colour(self, deadline: datetime | None, now: datetime) -> str:
        """``none`` (nothing due), ``done``, ``overdue``, ``at_risk`` (deadline within a week),
        or ``on_track``."""
        if self.due == 0:
            return "none"
        if self.overdue:
            return "overdue"
        if self.done == self.due:
            return "done"
        if deadline is not None and (deadline - now).days < AT_RISK_DAYS:
            return "at_risk"
        return "on_track"

    def add(self, other: Cell) -> None:
        _add_fields(self, other)


@dataclass
class Figures:
    """What the county hand-overs (M4 units) plan and have done."""

    retirees_planned: int = 0
    retirees_received: int = 0
    archives_planned: int = 0
    archives_received: int = 0
    fee_due: int = 0
    fee_disbursed: int = 0

    def add(self, other: Figures) -> None:
        _add_fields(self, other)

    def percent(self, part: str, whole: str) -> float | None:
        total = getattr(self, whole)
        return round(100 * getattr(self, part) / total, 1) if total else None


def _add_fields(total, other) -> None:
    """Add every (numeric) field of the dataclass ``other`` to ``total``'s."""
    for name in fields(total):
        setattr(total, name.name, getattr(total, name.name) + getattr(other, name.name))


@dataclass
class Row:
    key: str | None
    name: str
    cells: dict[str, Cell] = field(default_factory=lambda: {m: Cell() for m in MILESTONES})
    figures: Figures = field(default_factory=Figures)


@dataclass(frozen=True)
class Milestone:
    code: str
    title: str
    deadline: datetime  # the end of its day, Beijing time
    passed: bool


@dataclass
class Progress:
    """A view of the campaign: a row per prefecture, county or enterprise, and the total."""

    selection: Selection
    level: str
    now: datetime
    milestones: list[Milestone]
    rows: list[Row]
    total: Row

    def deadline(self, code: str) -> datetime:
        return next(m.deadline for m in self.milestones if m.code == code)


def progress(
    session: Session, now: datetime, selection: Selection, scope: Scope = WHOLE_PROVINCE
) -> Progress:
    """The view of ``selection`` at ``now``, within what ``scope`` may see."""
    level = selection.level()
    column = COLUMNS[level]
    where = [*selection.where(), *scope.where()]
    rows: dict[str | None, Row] = {}
    deadlines: dict[str, datetime] = {}
    for key, milestone, due, done, overdue, late, deadline in session.execute(
        _cells_query(column, where, now)
    ):
        row = rows.setdefault(key, Row(key, ""))
        row.cells[milestone] = Cell(due, done, overdue or 0, late or 0)
        if deadline is not None:
            deadlines[milestone] = min(deadlines.get(milestone, deadline), deadline)
    for key, *sums in session.execute(_figures_query(column, where)):
        rows.setdefault(key, Row(key, "")).figures = Figures(*(int(s or 0) for s in sums))
    names = _names(session, level, [key for key in rows if key is not None])
    for row in rows.values():
        row.name = names.get(row.key, "") or _unnamed(level, row.key)
    ordered = sorted(rows.values(), key=lambda r: (r.key is None, r.key or ""))
    return Progress(
        selection, level, now, _milestones(deadlines, now), ordered, _total(ordered, selection, level)
    )


def _cells_query(column, where: list[ColumnElement[bool]], now: datetime):
    is_done = MilestoneUnit.done_at.is_not(None)
    return (
        select(
            column,
            MilestoneUnit.milestone,
            func.count(),
            func.count(MilestoneUnit.done_at),
            func.sum(case((and_(~is_done, MilestoneUnit.due_at < now), 1), else_=0)),
            func.sum(case((and_(is_done, MilestoneUnit.done_at > MilestoneUnit.due_at), 1), else_=0)),
            func.min(MilestoneUnit.due_at),
        )
        .where(*where)
        .group_by(column, MilestoneUnit.milestone)
    )


def _figures_query(column, where: list[ColumnElement[bool]]):
    sums = [
        func.sum(MilestoneUnit.retirees_planned),
        func.sum(MilestoneUnit.retirees_received),
        func.sum(MilestoneUnit.archives_planned),
        func.sum(MilestoneUnit.archives_received),
        func.sum(MilestoneUnit.fee_due),
        func.sum(MilestoneUnit.fee_disbursed),
    ]
    return (
        select(column, *sums)
        .where(*where, MilestoneUnit.kind == "county_handover")
        .group_by(column)
    )


def _milestones(deadlines: dict[str, datetime], now: datetime) -> list[Milestone]:
    """The campaign's milestones: each unit carries its deadline; with no unit yet, 2017's."""
    listed = []
    for code in MILESTONES:
        deadline = deadlines.get(code) or to_deadline(DEFAULT_MILESTONES[code])
        listed.append(Milestone(code, MILESTONE_TITLES[code], deadline, is_overdue(deadline, now)))
    return listed


def _total(rows: list[Row], selection: Selection, level: str) -> Row:
    total = Row(None, "合计")
    for row in rows:
        for code, cell in row.cells.items():
            total.cells[code].add(cell)
        total.figures.add(row.figures)
    return total


def _names(session: Session, level: str, keys: list[str]) -> dict[str | None, str]:
    if level == "enterprise":
        return organisation_names(session, keys)
    name = divisions.name if level == "prefecture" else divisions.full_name
    return {key: name(key) for key in keys if divisions.is_known(key)}


def _unnamed(level: str, key: str | None) -> str:
    if key is not None:
        return key
    return {
        "prefecture": "尚未登记造册",  # programmes whose roster is not grouped yet
        "county": "市级框架协议",  # the prefecture's framework agreements (M1)
        "enterprise": "未指定企业",
    }[level]


def campaigns(session: Session) -> list[str]:
    """The campaigns with units, the 2017 one first."""
    found = set(session.scalars(select(MilestoneUnit.campaign).distinct()))
    return [DEFAULT_CAMPAIGN, *sorted(found - {DEFAULT_CAMPAIGN})]


def requested(
    session: Session, actor: Actor, args: Mapping[str, str | None]
) -> tuple[Selection, Scope]:
    """The selection ``args`` ask for (``campaign``, ``prefecture``, ``county``, ``enterprise``)
    within what ``actor`` oversees: ``NotYourTask`` for anyone who oversees nothing,
    ``InvalidSelection`` for malformed codes, ``NotFound`` outside a municipal office's prefecture
    or for a campaign with no units."""
    scope = access.oversight(session, actor)
    if scope is None:
        raise NotYourTask("only supervisors and administrators see the campaign's progress")
    selection = narrow(scope, **{name: args.get(name) for name in ("campaign", *LEVELS)})
    if selection.campaign not in campaigns(session):
        raise NotFound(f"no campaign {selection.campaign!r}")
    return selection, scope
