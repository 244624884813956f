"""The dashboard's charts as geometry: numbers in the units of an SVG ``viewBox``, computed here
without Flask, drawn by ``templates/progress/_charts.html`` (Jinja escapes every label).

- the burn-up: per milestone, its units done day by day, its required total (dashed) and its
  deadline (a vertical line), over days from the campaign's start to after M4;
- per-row bars: each row's share of units done per milestone (one column per milestone); and
  retirees received against planned, drawn with the PDF report's bar geometry (``bar_chart``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from engine.progress.figures import MILESTONES, Milestone, Row
from engine.workflow.deadlines import CHINA_TZ

from ..documents.chart import bar_chart, round_step

#: one colour per milestone (Okabe–Ito: told apart by colour-blind readers too)
COLOURS = {"M1": "#0072b2", "M2": "#e69f00", "M3": "#009e73", "M4": "#cc79a7"}
#: the burn-up's drawing area, in viewBox units
WIDTH, HEIGHT = 760.0, 300.0
LEFT, RIGHT, TOP, BOTTOM = 44.0, 740.0, 22.0, 262.0
AFTER_LAST = 15  # days shown after the last deadline
LABEL_CHARS = 9  # longer row names are cut for the bars' label column


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Line:
    """One milestone on the burn-up."""

    code: str
    label: str
    colour: str
    points: list[tuple[float, float]]
    required: float  # y of the dashed line: the units the milestone requires
    deadline: float  # x of its deadline
    done: int
    due: int

    @property
    def path(self) -> str:
        return " ".join(f"{x},{y}" for x, y in self.points)


@dataclass(frozen=True)
class BurnUp:
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    lines: list[Line]
    today: float | None  # x of today, when it lies on the axis


def burn_up_chart(series: dict[str, dict[str, Any]], milestones: list[Milestone], now: datetime) -> BurnUp:
    """The burn-up of ``figures.burn_up``'s ``series``: days from the campaign's start (1 January
    of M1's year, or the first unit done if earlier) to a fortnight after the last deadline."""
    done_days: dict[str, dict[date, int]] = {code: series[code]["done_by_day"] for code in MILESTONES}
    deadlines = {m.code: _day(m.deadline) for m in milestones}
    every_done = [day for days in done_days.values() for day in days]
    start = min([date(deadlines["M1"].year, 1, 1), *every_done])
    after = max(deadlines.values()) + timedelta(days=AFTER_LAST)
    end = max([after, *(day + timedelta(days=1) for day in every_done)])
    today = _day(now)
    x = _scale(start, end)
    top = max([series[code]["due"] for code in MILESTONES] + [1])
    step = round_step(top)
    scale_max = step * math.ceil(top / step)

    def y(count: int) -> float:
        return _round(BOTTOM - (BOTTOM - TOP) * count / scale_max)

    last = x(min(max(today, start), end))
    lines = [
        Line(
            m.code,
            f"{m.code} {m.title}",
            COLOURS[m.code],
            _steps(done_days[m.code], x, y, last),
            y(series[m.code]["due"]),
            x(deadlines[m.code]),
            sum(done_days[m.code].values()),
            series[m.code]["due"],
        )
        for m in milestones
    ]
    y_ticks = [Tick(y(value), str(value)) for value in range(0, scale_max + 1, step)]
    return BurnUp(
        WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM, _month_ticks(start, end, x), y_ticks, lines,
        x(today) if start <= today <= end else None,
    )  # fmt: skip


def _steps(days: dict[date, int], x, y, last: float) -> list[tuple[float, float]]:
    """A step line: flat until a day units were done, up by as many, and on to ``last``."""
    points = [(LEFT, y(0))]
    count = 0
    for day, number in sorted(days.items()):
        points.append((x(day), y(count)))
        count += number
        points.append((x(day), y(count)))
    points.append((max(last, points[-1][0]), y(count)))
    return points


def _month_ticks(start: date, end: date, x) -> list[Tick]:
    """A tick on the first of every month on the axis, labelled 4月 (with the year in January)."""
    ticks = []
    month = date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            label = f"{month.year}年1月" if month.month == 1 else f"{month.month}月"
            ticks.append(Tick(x(month), label))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return ticks


def _scale(start: date, end: date):
    per_day = (RIGHT - LEFT) / max((end - start).days, 1)

    def x(day: date) -> float:
        return _round(LEFT + (day - start).days * per_day)

    return x


def _day(moment: datetime) -> date:
    """The Beijing-time day of a moment (deadlines end at 23:59:59 of their day)."""
    return moment.astimezone(CHINA_TZ).date()


def _round(value: float) -> float:
    return round(value, 1)


# -- per-row bars -------------------------------------------------------------------------------

ROW_HEIGHT, BAR_HEIGHT = 22.0, 12.0
BARS_LABEL = 150.0  # the row names' column
COLUMN, BAR_MAX = 130.0, 84.0  # a milestone's column, and its bar at 100 %
BARS_TOP = 22.0  # the column headings


@dataclass(frozen=True)
class Bar:
    code: str
    x: float
    width: float
    value: str  # "33%", or "—" when the row owes nothing to the milestone
    colour: str


@dataclass(frozen=True)
class BarRow:
    label: str
    name: str  # the full name, for the tooltip
    y: float
    bars: list[Bar]


@dataclass(frozen=True)
class MilestoneBars:
    width: float
    height: float
    label_width: float
    bar_height: float
    bar_max: float
    headings: list[Tick]
    rows: list[BarRow]


def milestone_bars(rows: list[Row]) -> MilestoneBars:
    """Per row, the share of each milestone's units done, one column per milestone."""
    headings = [Tick(_round(BARS_LABEL + i * COLUMN), code) for i, code in enumerate(MILESTONES)]
    drawn = []
    for index, row in enumerate(rows):
        bars = []
        for heading in headings:
            cell = row.cells[heading.label]
            share = cell.done / cell.due if cell.due else 0.0
            value = f"{round(100 * share)}%" if cell.due else "—"
            code = heading.label
            bars.append(Bar(code, heading.at, _round(BAR_MAX * share), value, COLOURS[code]))
        drawn.append(BarRow(short(row.name), row.name, _round(BARS_TOP + index * ROW_HEIGHT), bars))
    height = _round(BARS_TOP + len(rows) * ROW_HEIGHT + 4)
    width = _round(BARS_LABEL + len(MILESTONES) * COLUMN)
    return MilestoneBars(width, height, BARS_LABEL, BAR_HEIGHT, BAR_MAX, headings, drawn)


def retiree_bars(rows: list[Row]) -> dict[str, Any]:
    """Retirees received against planned per row: the PDF report's chart (mm of an A4 page)."""
    return bar_chart(
        [
            {"name": short(row.name, 8), "planned": row.figures.retirees_planned,
             "handed_over": row.figures.retirees_received}
            for row in rows
        ]
    )  # fmt: skip


def short(name: str, limit: int = LABEL_CHARS) -> str:
    """A row name that fits the label column: cut with an ellipsis past ``limit`` characters."""
    return name if len(name) <= limit else name[: limit - 1] + "…"
