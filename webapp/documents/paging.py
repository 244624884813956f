"""A list's pages laid out in Python (pre-pagination): which rows go on which page, and each page's
heading, rows and ruling, ready for WeasyPrint to set as a few lines of text.

Every printed line has the same height (``LINE_MM``); a row is as many lines as its tallest cell
needs once wrapped to its column (``metrics``), so each page's rows are known before anything is
rendered — and with them the page count for "第 N 页 共 M 页" and the progress a long list shows.
Page 1 carries the title and the heading above the table; every page the column headings; the
last the totals and signatures, on a page of their own when the last rows leave no room.

A page's table is drawn as one block of text lines over a ruling (an SVG of its row and column
lines, the same image for every full page): WeasyPrint sets ~30 lines a page instead of laying
out ~360 table cells.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from urllib.parse import quote

from .listing import Column
from .metrics import FontMetrics

#: the landscape A4 page inside list.css's margins (297 × 210 less 15 + 15 and 18 + 16 mm)
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 267.0, 176.0
#: 五号 (10.5 pt) text on lines 5.6 mm apart: rows, headings, the heading above the table
FONT_MM = 10.5 * 25.4 / 72
LINE_MM = 5.6
#: a cell's text keeps this far from its rules
PADDING_MM = 0.6
#: the title (小标宋 18 pt) above page 1's heading, and the gaps list.css leaves
TITLE_MM, GAP_MM = 10.0, 2.0
#: signature lines are written on by hand: 1.5 lines apart; 6 mm above them
SIGNATURE_LINE_MM, SIGNATURE_GAP_MM = 1.5 * LINE_MM, 6.0
#: what a page may hold is measured a little short, so rounding in the renderer never spills
SLACK_MM = 1.0
RULE_WIDTH_MM = 0.18


@dataclass(frozen=True)
class Frame:
    """What a list prints around its rows: title, the heading cells above the table (page 1),
    the totals line and the two signature blocks (last page)."""

    title: str
    heading: tuple[str, ...]
    totals: str
    signatures: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Page:
    """One page: its number, its table's heading and rows as lines of text, and its ruling."""

    number: int
    pages: int
    header: str
    body: str
    ruling: str
    #: the table's height (heading and rows), in mm
    height: float
    first: bool
    last: bool

    @property
    def folio(self) -> str:
        return f"第 {self.number} 页 共 {self.pages} 页"


@dataclass(frozen=True)
class Plan:
    """How many rows each page holds (the last page may hold none: the signatures alone)."""

    rows_per_page: tuple[int, ...]

    @property
    def pages(self) -> int:
        return len(self.rows_per_page)


class Layout:
    """The pages of one list: its columns, its frame and the fonts it is printed in."""

    def __init__(self, columns: Sequence[Column], frame: Frame, body: FontMetrics, bold: FontMetrics):
        self.columns = tuple(columns)
        self.frame = frame
        self.body, self.bold = body, bold
        self.lefts = _lefts(self.columns)

    # -- sizes ------------------------------------------------------------------------------
    @cached_property
    def header_lines(self) -> list[tuple[str, ...]]:
        return [self.bold.wrap(c.header, self._room(c)) for c in self.columns]

    @cached_property
    def header_mm(self) -> float:
        return max(len(lines) for lines in self.header_lines) * LINE_MM

    @cached_property
    def heading_lines(self) -> list[tuple[str, ...]]:
        room = PAGE_WIDTH_MM / max(len(self.frame.heading), 1) / FONT_MM
        return [self.body.wrap(text, room) for text in self.frame.heading]

    @cached_property
    def top_mm(self) -> float:
        """What page 1 spends above its table: the title and the heading."""
        heading = max((len(lines) for lines in self.heading_lines), default=0) * LINE_MM
        return TITLE_MM + heading + GAP_MM

    @cached_property
    def totals_lines(self) -> tuple[str, ...]:
        return self.bold.wrap(self.frame.totals, PAGE_WIDTH_MM / FONT_MM)

    @cached_property
    def signature_lines(self) -> list[list[str]]:
        """Each signature block's lines, wrapped to its half of the page."""
        room = PAGE_WIDTH_MM / max(len(self.frame.signatures), 1) / FONT_MM
        return [
            [part for line in block for part in self.body.wrap(line, room)] for block in self.frame.signatures
        ]

    @cached_property
    def footer_mm(self) -> float:
        """What the last page needs below its table: the totals and the signatures."""
        tallest = max((len(lines) for lines in self.signature_lines), default=0)
        return len(self.totals_lines) * LINE_MM + GAP_MM + SIGNATURE_GAP_MM + tallest * SIGNATURE_LINE_MM

    def _room(self, column: Column) -> float:
        return (column.millimetres - 2 * PADDING_MM) / FONT_MM

    def _rows_room(self, first: bool) -> float:
        return PAGE_HEIGHT_MM - SLACK_MM - self.header_mm - (self.top_mm if first else 0.0)

    # -- the plan ---------------------------------------------------------------------------
    def cells(self, row: dict[str, str]) -> list[tuple[str, ...]]:
        """A row's cells, each wrapped to its column; a cell taller than a page (an address of
        hundreds of characters) is cut at the height of page 1 (the shortest) and ends in "…"."""
        most = max(int(self._rows_room(True) / LINE_MM), 1)
        cells = [self.body.wrap(row[c.key], self._room(c)) for c in self.columns]
        return [
            lines if len(lines) <= most else (*lines[: most - 1], lines[most - 1][:-1] + "…")
            for lines in cells
        ]

    def row_lines(self, row: dict[str, str]) -> int:
        return max(len(lines) for lines in self.cells(row))

    def plan(self, rows: Iterable[dict[str, str]]) -> Plan:
        """Rows per page, in order, from the rows' heights (one pass over the rows)."""
        pages: list[int] = []
        count, room = 0, self._rows_room(True)
        for row in rows:
            height = self.row_lines(row) * LINE_MM
            if height > room and count:
                pages.append(count)
                count, room = 0, self._rows_room(False)
            count += 1
            room -= height
        pages.append(count)
        if room < self.footer_mm:
            pages.append(0)  # the signatures on a page of their own
        return Plan(tuple(pages))

    # -- the pages --------------------------------------------------------------------------
    def pages(self, rows: Iterable[dict[str, str]], plan: Plan) -> Iterator[Page]:
        """The plan's pages, one at a time, from the same rows in the same order as the plan."""
        stream = iter(rows)
        for number, count in enumerate(plan.rows_per_page, start=1):
            yield self._page(number, plan.pages, list(islice(stream, count)))

    def _page(self, number: int, pages: int, rows: list[dict[str, str]]) -> Page:
        lines: list[str] = []
        heights: list[int] = []
        for row in rows:
            cells = self.cells(row)
            heights.append(max(len(c) for c in cells))
            lines.extend(self._lines(cells, heights[-1], self.body))
        alone = not rows and number > 1
        header_count = int(round(self.header_mm / LINE_MM))
        header = "" if alone else "\n".join(self._lines(self.header_lines, header_count, self.bold))
        height = 0.0 if alone else self.header_mm + sum(heights) * LINE_MM
        ruling = "" if alone else self.ruling(heights)
        return Page(number, pages, header, "\n".join(lines), ruling, height, number == 1, number == pages)

    def _lines(self, cells: list[tuple[str, ...]], count: int, font: FontMetrics) -> Iterator[str]:
        """The text lines of one row: each cell's lines placed at its column, in the middle of
        the row's height (a one-line name beside a three-line address sits on the second line)."""
        tops = [(count - len(lines)) // 2 for lines in cells]
        for index in range(count):
            texts = [
                lines[index - top] if 0 <= index - top < len(lines) else ""
                for lines, top in zip(cells, tops, strict=True)
            ]
            yield self._line(texts, font)

    def _line(self, texts: list[str], font: FontMetrics) -> str:
        parts: list[str] = []
        at = 0.0
        for column, left, text in zip(self.columns, self.lefts, texts, strict=True):
            if not text:
                continue
            width = font.width(text)
            start = left + PADDING_MM / FONT_MM
            if column.css_class != "left":
                start = left + (column.millimetres / FONT_MM - width) / 2
            spaces, moved = font.spacing(start - at)
            parts += [spaces, text]
            at += moved + width
        return "".join(parts).rstrip()

    def ruling(self, heights: list[int]) -> str:
        """The page's rules as an SVG data URI (one image for all pages of the same rows' heights)."""
        ys = [0.0, self.header_mm]
        for lines in heights:
            ys.append(ys[-1] + lines * LINE_MM)
        xs = [left * FONT_MM for left in self.lefts] + [PAGE_WIDTH_MM]
        bottom = ys[-1]
        rules = [f"M{x:.2f} 0V{bottom:.2f}" for x in xs] + [f"M0 {y:.2f}H{PAGE_WIDTH_MM:.2f}" for y in ys]
        svg = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_WIDTH_MM}mm" height="{bottom:.2f}mm" '
            f'viewBox="0 0 {PAGE_WIDTH_MM} {bottom:.2f}"><path d="{" ".join(rules)}" stroke="#000" '
            f'stroke-width="{RULE_WIDTH_MM}" fill="none"/></svg>'
        )
        return "data:image/svg+xml," + quote(svg)


def _lefts(columns: Sequence[Column]) -> list[float]:
    """Where each column starts, in em from the table's left edge."""
    lefts, at = [], 0.0
    for column in columns:
        lefts.append(at / FONT_MM)
        at += column.millimetres
    return lefts
