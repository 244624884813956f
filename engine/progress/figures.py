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

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from .. import divisions
from ..deadlines import to_deadline
from ..directory import Organisation
from ..errors import NotFound
from ..rules import DEFAULT_MILESTONES, MILESTONE_TITLES
from .units import DEFAULT_CAMPAIGN, MilestoneUnit

MILESTONES = ("M1", "M2", "M3", "M4")
LEVELS = ("prefecture", "county", "enterprise")
#: the key of a row of units that have no prefecture / county / enterprise
NONE = "-"
#: a cell turns amber this many days before its deadline while units are still open
AT_RISK_DAYS = 7
STATUSES = ("due", "done", "overdue", "late", "open")

_COLUMNS = {
    "prefecture": MilestoneUnit.prefecture_code,
    "county": MilestoneUnit.county_code,
    "enterprise": MilestoneUnit.enterprise_org,
}


@dataclass(frozen=True)
class Selection:
    """Which units a view counts: a campaign, narrowed to a prefecture, county or enterprise
    (``NONE`` selects the units without one)."""

    campaign: str = DEFAULT_CAMPAIGN
    prefecture: str | None = None
    county: str | None = None
    enterprise: str | None = None

    def level(self) -> str:
        """The rows a view of this selection shows: counties of a prefecture, enterprises of a
        county (or of one enterprise's selection), else prefectures."""
        if self.county or self.enterprise:
            return "enterprise"
        return "county" if self.prefecture else "prefecture"

    def narrowed(self, level: str, key: str | None) -> Selection:
        """This selection narrowed to one row of a view at ``level``."""
        return replace(self, **{level: key if key is not None else NONE})

    def where(self) -> list[ColumnElement[bool]]:
        clauses = [MilestoneUnit.campaign == self.campaign]
        for level, column in _COLUMNS.items():
            value = getattr(self, level)
            if value == NONE:
                clauses.append(column.is_(None))
            elif value is not None:
                clauses.append(column == value)
        return clauses


@dataclass(frozen=True)
class Scope:
    """What a supervisor may see: the whole province, or one prefecture (a municipal office)."""

    prefecture: str | None = None

    def where(self) -> list[ColumnElement[bool]]:
        return [] if self.prefecture is None else [MilestoneUnit.prefecture_code == self.prefecture]

    def allows(self, selection: Selection) -> bool:
        return self.prefecture is None or selection.prefecture == self.prefecture


def narrow(
    scope: Scope,
    *,
    campaign: str | None = None,
    prefecture: str | None = None,
    county: str | None = None,
    enterprise: str | None = None,
) -> Selection:
    """The selection a request asks for, checked: codes are 6 digits (or ``NONE``), a county
    belongs to its prefecture, and a municipal office never leaves its prefecture (``NotFound``,
    as for anything not theirs). A municipal office's view starts at its prefecture."""
    problems = {
        name: f"{value!r} 不是6位行政区划代码"
        for name, value in (("prefecture", prefecture), ("county", county))
        if value not in (None, "", NONE) and not (value.isdigit() and len(value) == 6)
    }
    if problems:
        raise InvalidSelection(problems)
    prefecture, county = prefecture or None, county or None
    if county not in (None, NONE):
        implied = divisions.prefecture_of(county)
        if prefecture not in (None, implied):
            raise InvalidSelection({"county": f"{county} 不属于 {prefecture}"})
        prefecture = implied
    if scope.prefecture is not None:
        if prefecture not in (None, scope.prefecture):
            raise NotFound(f"prefecture {prefecture} is outside this office's oversight")
        prefecture = scope.prefecture
    return Selection(campaign or DEFAULT_CAMPAIGN, prefecture, county, enterprise or None)


class InvalidSelection(ValueError):
    """Query values that name no prefecture or county: parameter → Chinese reason."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


def scope_of(session: Session, organisation_id: str) -> Scope:
    """A supervisor organisation whose division is a prefecture (or 省直管县) oversees that
    prefecture only; a provincial one (410000, or none) the whole campaign."""
    organisation = session.get(Organisation, organisation_id)
    code = organisation.division_code if organisation is not None else None
    if code and not code.endswith("0000") and divisions.prefecture_of(code) == code:
        return Scope(prefecture=code)
    return Scope()


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
        self.due += other.due
        self.done += other.done
        self.overdue += other.overdue
        self.late += other.late


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
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def percent(self, part: str, whole: str) -> float | None:
        total = getattr(self, whole)
        return round(100 * getattr(self, part) / total, 1) if total else None


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


def progress(session: Session, now: datetime, selection: Selection, scope: Scope = Scope()) -> Progress:
    """The view of ``selection`` at ``now``, within what ``scope`` may see."""
    level = selection.level()
    column = _COLUMNS[level]
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
        listed.append(Milestone(code, MILESTONE_TITLES[code], deadline, now > deadline))
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
        rows = session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(keys)))
        return dict(rows.all())
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


# -- behind a number ---------------------------------------------------------------------------


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
        return self.done_at is None and now > self.due_at


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
    scope: Scope = Scope(),
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
    session: Session, selection: Selection, scope: Scope = Scope()
) -> dict[str, dict[str, Any]]:
    """Per milestone: how many units it requires and the moments units were done, in order
    (the burn-up chart counts them up day by day)."""
    where = [*selection.where(), *scope.where()]
    series: dict[str, dict[str, Any]] = {m: {"due": 0, "done_at": []} for m in MILESTONES}
    for milestone, due in session.execute(
        select(MilestoneUnit.milestone, func.count()).where(*where).group_by(MilestoneUnit.milestone)
    ):
        series[milestone]["due"] = due
    for milestone, done_at in session.execute(
        select(MilestoneUnit.milestone, MilestoneUnit.done_at)
        .where(*where, MilestoneUnit.done_at.is_not(None))
        .order_by(MilestoneUnit.done_at)
    ):
        series[milestone]["done_at"].append(done_at)
    return series


def campaigns(session: Session) -> list[str]:
    """The campaigns with units, the 2017 one first."""
    found = set(session.scalars(select(MilestoneUnit.campaign).distinct()))
    return [DEFAULT_CAMPAIGN, *sorted(found - {DEFAULT_CAMPAIGN})]
