"""The dashboard's chart geometry, for known figures (no Flask, no database), and its drawing
escaping every label."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from engine.policy.rules import DEFAULT_MILESTONES, MILESTONE_TITLES
from engine.progress.figures import MILESTONES, Cell, Milestone, Row
from engine.workflow.deadlines import CHINA_TZ, to_deadline
from webapp.progress import charts
from webapp.progress.charts import BOTTOM, LEFT, RIGHT, TOP, burn_up_chart, milestone_bars, retiree_bars
from webapp.progress.charts import short as short_name

NOW = datetime(2017, 4, 1, 9, 0, tzinfo=CHINA_TZ)
START, END = date(2017, 1, 1), date(2017, 7, 15)  # 1 January to a fortnight after M4
PER_DAY = (RIGHT - LEFT) / (END - START).days


def milestones(now: datetime = NOW) -> list[Milestone]:
    deadlines = {code: to_deadline(DEFAULT_MILESTONES[code]) for code in MILESTONES}
    return [Milestone(c, MILESTONE_TITLES[c], deadlines[c], now > deadlines[c]) for c in MILESTONES]


def series(**given) -> dict:
    empty = {code: {"due": 0, "done_by_day": {}} for code in MILESTONES}
    return {**empty, **given}


def x(day: date) -> float:
    return round(LEFT + (day - START).days * PER_DAY, 1)


def test_the_burn_up_steps_up_on_the_days_units_were_done_and_runs_on_to_today():
    chart = burn_up_chart(
        series(M1={"due": 4, "done_by_day": {date(2017, 3, 20): 2, date(2017, 3, 28): 1}}),
        milestones(),
        NOW,
    )
    m1 = chart.lines[0]
    y = {n: round(BOTTOM - (BOTTOM - TOP) * n / 4, 1) for n in range(5)}  # 4 due: ticks 0…4
    assert m1.points == [
        (LEFT, y[0]),
        (x(date(2017, 3, 20)), y[0]),
        (x(date(2017, 3, 20)), y[2]),  # two done that day
        (x(date(2017, 3, 28)), y[2]),
        (x(date(2017, 3, 28)), y[3]),
        (x(date(2017, 4, 1)), y[3]),  # today
    ]
    assert m1.required == y[4] and (m1.done, m1.due) == (3, 4)
    assert m1.deadline == x(date(2017, 3, 31))
    assert chart.today == x(date(2017, 4, 1))
    assert [t.label for t in chart.y_ticks] == ["0", "1", "2", "3", "4"]
    assert m1.label == "M1 签订移交框架协议" and m1.colour == charts.COLOURS["M1"]


def test_each_milestone_has_its_colour_deadline_and_a_flat_line_when_nothing_is_done():
    chart = burn_up_chart(series(M4={"due": 3, "done_by_day": {}}), milestones(), NOW)
    assert [line.code for line in chart.lines] == ["M1", "M2", "M3", "M4"]
    assert len({line.colour for line in chart.lines}) == 4
    assert [line.deadline for line in chart.lines] == [
        x(date(2017, 3, 31)), x(date(2017, 4, 30)), x(date(2017, 5, 31)), x(date(2017, 6, 30))
    ]  # fmt: skip
    m4 = chart.lines[3]
    assert m4.points == [(LEFT, BOTTOM), (x(date(2017, 4, 1)), BOTTOM)]
    assert m4.required == TOP  # 3 due: the scale ends at 3
    assert chart.lines[0].required == BOTTOM  # nothing due


def test_the_axis_runs_from_january_to_a_fortnight_after_m4_with_a_tick_each_month():
    chart = burn_up_chart(series(), milestones(), NOW)
    assert [t.label for t in chart.x_ticks] == ["2017年1月", "2月", "3月", "4月", "5月", "6月", "7月"]
    assert chart.x_ticks[0].at == LEFT and chart.x_ticks[-1].at == x(date(2017, 7, 1))


def test_a_unit_done_before_january_moves_the_start_and_today_off_the_axis_draws_no_marker():
    later = datetime(2018, 1, 5, tzinfo=CHINA_TZ)
    early = series(M1={"due": 1, "done_by_day": {date(2016, 12, 20): 1}})
    chart = burn_up_chart(early, milestones(later), later)
    assert chart.lines[0].points[1][0] == LEFT  # the first day on the axis
    assert chart.x_ticks[0].label == "2017年1月" and chart.x_ticks[0].at > LEFT
    assert chart.today is None
    assert chart.lines[0].points[-1][0] == RIGHT  # the line runs to the end of the axis


def row(name: str, cells: dict[str, tuple[int, int]], planned: int = 0, received: int = 0) -> Row:
    made = Row(name, name)
    for code, (due, done_count) in cells.items():
        made.cells[code] = Cell(due, done_count)
    made.figures.retirees_planned, made.figures.retirees_received = planned, received
    return made


def test_milestone_bars_are_the_share_done_one_column_per_milestone():
    bars = milestone_bars([row("郑州市", {"M1": (2, 1), "M2": (4, 4)}), row("平顶山市", {"M3": (1, 0)})])
    zhengzhou, pingdingshan = bars.rows
    assert [(b.code, b.width, b.value) for b in zhengzhou.bars] == [
        ("M1", charts.BAR_MAX / 2, "50%"),
        ("M2", charts.BAR_MAX, "100%"),
        ("M3", 0.0, "—"),  # nothing due: no share to show
        ("M4", 0.0, "—"),
    ]
    assert [b.value for b in pingdingshan.bars] == ["—", "—", "0%", "—"]
    assert [b.x for b in zhengzhou.bars] == [charts.BARS_LABEL + i * charts.COLUMN for i in range(4)]
    assert pingdingshan.y == zhengzhou.y + charts.ROW_HEIGHT
    assert bars.height == charts.BARS_TOP + 2 * charts.ROW_HEIGHT + 4


def test_retiree_bars_are_the_pdf_report_s_chart_of_received_against_planned():
    chart = retiree_bars([row("郑州市", {}, 6, 4), row("平顶山市", {}, 3, 0)])
    zhengzhou, pingdingshan = chart["bars"]
    assert zhengzhou["planned"] == 2 * pingdingshan["planned"] and zhengzhou["value"] == "4/6"
    assert pingdingshan["done"] == 0


@pytest.mark.parametrize(
    ("name", "shown"),
    [("郑州市", "郑州市"), ("中国平煤神马能源化工集团", "中国平煤神马能源…"), ("", "")],
)
def test_long_row_names_are_cut_for_the_label_column(name, shown):
    assert short_name(name) == shown


def test_the_drawing_escapes_every_label(app):
    hostile = "<script>alert(1)</script>&"
    with app.test_request_context("/progress"):
        template = app.jinja_env.from_string(
            '{% from "progress/_charts.html" import milestone_bars, retiree_bars %}'
            "{{ milestone_bars(bars) }}{{ retiree_bars(retirees) }}"
        )
        html = template.render(
            bars=milestone_bars([row(hostile, {"M1": (1, 1)})]),
            retirees=retiree_bars([row(hostile, {}, 1, 1)]),
        )
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in html  # the full name, in the tooltip
