"""A county's lists of people as spreadsheets (.xlsx): 移交清册, 档案移交清单 and 移交管理服务人员名单,
the same rows as their PDF, for officials to sort and filter.

Written from the list's declaration (``listing.Listing``: its columns and its rows streamed from
the registry) with openpyxl's write-only mode, which keeps only the row being written in memory;
the workbook goes to a temporary file. The rows stream from the session the context was built
in, so the workbook is written inside that transaction (``document_xlsx``), like the PDF.
"""

from __future__ import annotations

import re
import tempfile
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from engine import Actor, Engine, NotFound
from engine.cells import neutral
from engine.database import snapshot

from . import case_documents, kinds
from .listing import Column, Listing

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: a workbook up to this size stays in memory before it goes to disk
IN_MEMORY = 4 * 1024 * 1024
#: Excel's column width unit is the width of a digit of its default font (7 px, about 1.85 mm at
#: 96 dpi): an 18-digit ID number fits its 39 mm column, two CJK characters take about four units
MM_PER_WIDTH_UNIT = 1.85
#: the list's title, the heading (移交单位…), then the column headers: the rows below are filtered
HEADER_ROW = 3
#: keys of the columns whose cells are figures (序号, counts, amounts): written as numbers so
#: they sort as numbers; every other cell stays text (an ID number keeps its digits, a phone its 0)
FIGURES = frozenset({"number", "volumes", "materials", "previous", "local", "difference"})
FIGURE = re.compile(r"\d{1,3}(?:,?\d{3})*(?:\.\d+)?")


def document_xlsx(
    session: Session, engine: Engine, actor: Actor, instance_id: int, kind: str, args
) -> tuple[IO[bytes], str]:
    """(workbook file at its start, title) of a list of people of a case, for whoever may read
    its PDF; ``NotFound`` for a kind that is no list. ``session`` must have no transaction open."""
    if not kinds.get(kind).spreadsheet:
        raise NotFound(f"{kind} has no spreadsheet")
    target = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)
    try:
        with session.begin():
            snapshot(session)  # a long read: no write lock, and the rows agree with the totals
            wanted = case_documents.wanted(session, engine, actor, instance_id, kind, args)
            write(wanted.kind, wanted.context, target, wanted.title)
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return target, wanted.title


def write(kind: kinds.Kind, context: dict[str, Any], target: IO[bytes], title: str | None = None) -> int:
    """Write the list of ``context`` as a workbook to ``target``: title (``title``, else the
    PDF's), the PDF's heading, the column headers, a row per person (as ``listing.rows()`` streams
    them) and the PDF's totals line; return how many rows."""
    listing: Listing = context["listing"]
    frame = kind.frame(context)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(kind.title)
    _lay_out(sheet, listing.columns)
    sheet.append([_title_cell(sheet, title or frame.title)])
    sheet.append(_heading(sheet, len(listing.columns), frame.heading))
    sheet.append([_header_cell(sheet, column) for column in listing.columns])
    written = 0
    for row in listing.rows():
        sheet.append([_cell(column.key, row[column.key]) for column in listing.columns])
        written += 1
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(listing.columns))}{HEADER_ROW + written}"
    sheet.append([neutral(frame.totals)])
    workbook.save(target)
    return written


def _lay_out(sheet: WriteOnlyWorksheet, columns: tuple[Column, ...]) -> None:
    """Widths from the PDF's columns, the rows down to the headers frozen, the page set up (all
    before the first row: write-only sheets write them ahead of the rows)."""
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = round(
            column.millimetres / MM_PER_WIDTH_UNIT, 1
        )
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.merged_cells.add(f"A1:{get_column_letter(len(columns))}1")
    # printed from Excel as the PDF is: landscape A4, the columns on one page's width, the
    # column headers on every page
    sheet.page_setup.orientation, sheet.page_setup.paperSize = "landscape", Worksheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _title_cell(sheet: WriteOnlyWorksheet, title: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, neutral(title))
    cell.font = Font(bold=True, size=16)
    cell.alignment = Alignment(horizontal="center")
    return cell


def _heading(sheet: WriteOnlyWorksheet, width: int, parts: tuple[str, ...]) -> list[Any]:
    """The heading's parts side by side, each over its share of the columns (merged)."""
    starts = [round(index * width / len(parts)) for index in range(len(parts) + 1)]
    row: list[Any] = [None] * width
    for part, start, end in zip(parts, starts, starts[1:], strict=False):
        row[start] = neutral(part)
        if end - start > 1:
            sheet.merged_cells.add(f"{get_column_letter(start + 1)}2:{get_column_letter(end)}2")
    return row


def _header_cell(sheet: WriteOnlyWorksheet, column: Column) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, neutral(_one_line(column.header)))
    cell.font = Font(bold=True)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return cell


def _cell(key: str, text: str) -> Any:
    """A row's display string as its cell: a figure as a number, anything else as safe text."""
    if key in FIGURES and FIGURE.fullmatch(text):
        figure = text.replace(",", "")
        return float(figure) if "." in figure else int(figure)
    return neutral(ILLEGAL_CHARACTERS_RE.sub("", _one_line(text)))


def _one_line(text: str) -> str:
    """A line broken for the PDF's narrow column, whole again: nothing between CJK text
    (``去向\\n（街道/社区）`` → ``去向（街道/社区）``), a space between Latin words."""
    if "\n" not in text:
        return text
    first, *rest = (line.strip() for line in text.split("\n"))
    joined = first
    for line in rest:
        latin = joined and line and joined[-1].isascii() and line[0].isascii()
        joined += f" {line}" if latin else line
    return joined
