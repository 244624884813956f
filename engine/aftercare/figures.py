"""移交后服务情况 — the supervisors' figures of the services after the hand-over, per county and in
all: deaths reported and the pension stopped and grants decided in time, certification coverage,
visits done against the plan. Each part counts its own records (``deaths``, ``certification``,
``visits``: ``figures(session, county_codes, year)``); this module gathers them for the counties a
viewer may see and declares the columns the page, the spreadsheet and the PDF show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType

from sqlalchemy import distinct, select
from sqlalchemy.orm import Session

from engine.aftercare import certification, deaths, visits
from engine.directory.access import oversight
from engine.directory.roles import Actor
from engine.errors import Forbidden
from engine.policy import divisions
from engine.registry.access import Viewer
from engine.registry.retirees import Retiree

#: who reads the figures besides supervisors: a county's government and its agency (own county)
READERS = ("receiving_government", "social_insurance_agency")
#: the first year with services after the hand-over (the 2017 campaign)
EARLIEST_YEAR = 2017

#: part → the module counting it (its ``figures(session, county_codes, year)``), and the figures
#: it gives (in this order)
PARTS: dict[str, tuple[ModuleType, tuple[str, ...]]] = {
    "deaths": (deaths, ("reported", "pension_stopped_in_time", "grants_recorded", "grants_in_time")),
    "certification": (certification, ("living", "certified", "not_found", "outstanding", "suspended")),
    "visits": (visits, ("planned", "visited", "referred")),
}


@dataclass(frozen=True)
class Column:
    """One column of the figures: a count (``part``, ``key``) or a share of two counts."""

    header: str
    part: str
    key: str
    #: a share: ``key`` of ``part`` over ``of`` of the same part
    of: str | None = None

    def value(self, row: Row) -> int | float | None:
        counts = row.counts[self.part]
        if self.of is None:
            return counts[self.key]
        whole = counts[self.of]
        return counts[self.key] / whole if whole else None


@dataclass(frozen=True)
class Row:
    """A county (or the total: ``code`` None) and its counts, part → key → number."""

    code: str | None
    name: str
    counts: dict[str, dict[str, int]]

    def cells(self) -> list[int | float | None]:
        return [column.value(self) for column in COLUMNS]


#: the columns, declared once for page, spreadsheet and report
COLUMNS: tuple[Column, ...] = (
    Column("死亡报告（人）", "deaths", "reported"),
    Column("按时停发养老金", "deaths", "pension_stopped_in_time"),
    Column("丧葬补助金、抚恤金已核定", "deaths", "grants_recorded"),
    Column("按时核定", "deaths", "grants_in_time"),
    Column("按时核定率", "deaths", "grants_in_time", of="grants_recorded"),
    Column("应认证（人）", "certification", "living"),
    Column("已认证", "certification", "certified"),
    Column("未找到", "certification", "not_found"),
    Column("未认证", "certification", "outstanding"),
    Column("暂停发放", "certification", "suspended"),
    Column("认证覆盖率", "certification", "certified", of="living"),
    Column("计划走访（人）", "visits", "planned"),
    Column("已走访", "visits", "visited"),
    Column("转介低保、医疗", "visits", "referred"),
    Column("走访完成率", "visits", "visited", of="planned"),
)
HEADERS = [column.header for column in COLUMNS]
#: the columns that are shares (shown as percentages)
SHARES = frozenset(index for index, column in enumerate(COLUMNS) if column.of is not None)


@dataclass(frozen=True)
class ServiceFigures:
    year: int
    rows: list[Row]
    total: Row


@dataclass(frozen=True)
class Reach:
    """The counties a reader's figures cover, and the place they make up (河南省, 郑州市, 金水区)."""

    counties: list[str]
    place: str


def reach(session: Session, viewer: Viewer, actor: Actor) -> Reach:
    """A supervisor's province or prefecture (the counties that have received people), or the own
    county of a county government or social insurance agency; ``Forbidden`` for anyone else."""
    if viewer.overseer:
        scope = oversight(session, actor)
        prefecture = scope.prefecture if scope is not None else None
        place = divisions.full_name(prefecture) if prefecture else "河南省"
        return Reach(counties_served(session, prefecture), place)
    if viewer.kind in READERS and viewer.division_code:
        return Reach([viewer.division_code], divisions.full_name(viewer.division_code))
    raise Forbidden("只有督办人员、县（市、区）政府和社会保险经办机构可以查看服务情况")


def counties_served(session: Session, prefecture: str | None = None) -> list[str]:
    """The counties that have received people (alive or since deceased), within a prefecture."""
    statement = select(distinct(Retiree.destination_code)).where(
        Retiree.status.in_(("received", "deceased")), Retiree.destination_code.is_not(None)
    )
    codes = sorted(code for code in session.scalars(statement) if code)
    return [code for code in codes if prefecture is None or divisions.prefecture_of(code) == prefecture]


def service_figures(session: Session, year: int, county_codes: Sequence[str]) -> ServiceFigures:
    """The figures of ``year`` for each of ``county_codes`` and in all."""
    counted = {part: module.figures(session, list(county_codes), year) for part, (module, _) in PARTS.items()}
    rows = [
        Row(code, divisions.full_name(code), {part: _counts(counted[part].get(code), part) for part in PARTS})
        for code in county_codes
    ]
    total = {part: _sum(rows, part) for part in PARTS}
    return ServiceFigures(year, rows, Row(None, "合计", total))


def _sum(rows: list[Row], part: str) -> dict[str, int]:
    return {key: sum(row.counts[part][key] for row in rows) for key in PARTS[part][1]}


def _counts(found: dict[str, int] | None, part: str) -> dict[str, int]:
    found = found or {}
    return {key: int(found.get(key, 0)) for key in PARTS[part][1]}


def asked_year(text: str, this_year: int) -> int | None:
    """The year a query asks for: this year when blank; None when it is not a year from
    ``EARLIEST_YEAR`` to this one."""
    text = text.strip()
    if not text:
        return this_year
    return int(text) if text.isdigit() and EARLIEST_YEAR <= int(text) <= this_year else None
