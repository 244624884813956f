"""The dashboard's table as a spreadsheet (.xlsx): the same rows and numbers as the page, one
header row naming each milestone, numbers stored as numbers (shares as percentages)."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from engine.cells import neutral
from engine.progress.figures import Cell, Figures, Progress, Row
from engine.workflow.deadlines import CHINA_TZ

PERCENT = "0.0%"
LEVEL_HEADERS = {"prefecture": "省辖市（省直管县）", "county": "县（市、区）", "enterprise": "移交企业"}

#: a milestone's columns: heading after its title → the number of a cell
CELL_COLUMNS: tuple[tuple[str, Callable[[Cell], float | None]], ...] = (
    ("应完成", lambda c: c.due),
    ("已完成", lambda c: c.done),
    ("完成率", lambda c: c.done / c.due if c.due else None),
    ("逾期未完成", lambda c: c.overdue),
    ("逾期完成", lambda c: c.late),
)
#: the county hand-overs' figures: heading → the number
FIGURE_COLUMNS: tuple[tuple[str, Callable[[Figures], float | None]], ...] = (
    ("退休人员 计划移交", lambda f: f.retirees_planned),
    ("退休人员 已接收", lambda f: f.retirees_received),
    ("退休人员 接收比例", lambda f: f.retirees_received / f.retirees_planned if f.retirees_planned else None),
    ("档案 计划", lambda f: f.archives_planned),
    ("档案 已接收", lambda f: f.archives_received),
    ("管理费 应拨付（元）", lambda f: f.fee_due),
    ("管理费 已拨付（元）", lambda f: f.fee_disbursed),
)
SHARES = {"完成率", "退休人员 接收比例"}


def workbook(view: Progress, place: str) -> bytes:
    """The view as .xlsx bytes: sheet 进度 (a row per row of the page and the total) and sheet
    说明 (campaign, place, moment and deadlines)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "进度"
    headers = ["代码", LEVEL_HEADERS[view.level]]
    for milestone in view.milestones:
        headers += [f"{milestone.code} {milestone.title} {heading}" for heading, _ in CELL_COLUMNS]
    headers += [heading for heading, _ in FIGURE_COLUMNS]
    sheet.append(headers)
    for row in [*view.rows, view.total]:
        sheet.append([neutral(cell) for cell in _line(view, row)])
    _format(sheet, headers, len(view.rows) + 2)
    _notes(book.create_sheet("说明"), view, place)
    target = BytesIO()
    book.save(target)
    return target.getvalue()


def _line(view: Progress, row: Row) -> list:
    line: list = [row.key or "", row.name]
    for milestone in view.milestones:
        line += [number(row.cells[milestone.code]) for _, number in CELL_COLUMNS]
    line += [number(row.figures) for _, number in FIGURE_COLUMNS]
    return line


def _format(sheet, headers: list[str], last_row: int) -> None:
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["B"].width = 24
    for index, heading in enumerate(headers, start=1):
        if heading.rsplit(" ", 1)[-1] in SHARES or heading in SHARES:
            for (cell,) in sheet.iter_rows(min_row=2, max_row=last_row, min_col=index, max_col=index):
                cell.number_format = PERCENT
        if index > 2:
            sheet.column_dimensions[get_column_letter(index)].width = 14


def _notes(sheet, view: Progress, place: str) -> None:
    sheet.append(["移交工作", view.selection.campaign])
    sheet.append(["范围", place or "全省"])
    sheet.append(["截至", view.now.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")])
    for milestone in view.milestones:
        deadline = milestone.deadline.astimezone(CHINA_TZ).date()
        sheet.append([f"{milestone.code} {milestone.title}", deadline.isoformat()])
    sheet.column_dimensions["A"].width = 34
