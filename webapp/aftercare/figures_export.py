"""The figures of the services after the hand-over as .xlsx: the page's table (a row per county
and the total, shares as percentages) and a sheet 说明 with the place, year and moment."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from openpyxl import Workbook

from engine.aftercare.figures import HEADERS, SHARES, ServiceFigures
from engine.cells import neutral
from engine.workflow.deadlines import CHINA_TZ

PERCENT = "0.0%"


def workbook(figures: ServiceFigures, place: str, now: datetime) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "服务情况"
    sheet.append(["区划代码", "县（市、区）", *HEADERS])
    for row in [*figures.rows, figures.total]:
        sheet.append([neutral(row.code or ""), neutral(row.name), *row.cells()])
    for index in SHARES:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index + 3, max_col=index + 3):
            cell.number_format = PERCENT
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["B"].width = 24
    notes = book.create_sheet("说明")
    notes.append(["范围", place])
    notes.append(["年度", figures.year])
    notes.append(["截至", now.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")])
    target = BytesIO()
    book.save(target)
    return target.getvalue()
