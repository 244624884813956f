"""A list printed in runs of pages (``render.RUN_PAGES``) joined into one PDF: the same rows give
the same bytes, the pages are those the layout planned and numbered "第 N 页 共 M 页" throughout,
progress is told run by run, and the signatures go on a page of their own when the rows fill the last."""

from __future__ import annotations

import re

import pytest

from webapp.documents import kinds, paging, registers, render
from webapp.documents.listing import Column, Listing

from .conftest import pdf_pages, pdf_text
from .generated import retiree

ID_NUMBER = re.compile(r"\d{17}[\dX]")
KIND = kinds.KINDS["handover_register"]
#: the register's columns, written from plain rows (no registry needed to lay out pages)
COLUMNS = tuple(
    Column(c.key, c.header, c.width, (lambda key: lambda row: row[key])(c.key), c.css_class)
    for c in registers.HANDOVER_REGISTER
)


def row(number: int) -> dict[str, str]:
    person = retiree(number)
    cells = {column.key: "" for column in COLUMNS}
    cells.update(number=str(number), name=person["name"], sex=person["sex"], id_number=person["id_number"])
    cells.update(address=person["address"], phone=person["phone"], destination="花园路社区")
    return cells


def register(rows: int) -> dict:
    listing = Listing(COLUMNS, lambda: (row(n) for n in range(1, rows + 1)), rows)
    return {
        "title": "移交清册",
        "enterprise": "中国平煤神马能源化工集团",
        "government": "郑州市金水区人民政府",
        "county": "金水区",
        "listing": listing,
        "total": rows,
        "party_members": 0,
        "date": "2017-04-20",
    }


@pytest.fixture
def short_runs(monkeypatch):
    monkeypatch.setattr(render, "RUN_PAGES", 2)


def plan_of(context: dict):
    return render.list_layout(KIND, context).plan(context["listing"].rows())


def test_runs_of_pages_join_into_one_pdf_numbered_throughout_and_made_alike_twice(short_runs):
    context = register(140)
    told = []
    content = render.make(KIND, context, progress=lambda done, pages: told.append((done, pages)))
    pages = plan_of(context).pages
    assert pages == pdf_pages(content) == 6  # 26 + 29 × 3 + 27 rows, the signatures on page 6
    assert told == [(0, 6), (2, 6), (4, 6), (6, 6)]
    assert [f"第{n}页共{pages}页" in pdf_text(content, n, n) for n in range(1, pages + 1)] == [True] * pages
    assert ID_NUMBER.findall(pdf_text(content)) == [retiree(n)["id_number"] for n in range(1, 141)]
    assert render.make(KIND, register(140)) == content


def test_the_signatures_go_on_a_page_of_their_own_when_the_rows_fill_the_last():
    first_page = plan_of(register(1000)).rows_per_page[0]
    context = register(first_page)  # page 1 full: no room left for the totals and signatures
    assert plan_of(context).rows_per_page == (first_page, 0)
    content = render.make(KIND, context)
    assert pdf_pages(content) == 2
    last = pdf_text(content, 2, 2)
    assert "合计：共" in last and "接收单位（盖章）" in last and not ID_NUMBER.search(last)
    assert "第2页共2页" in last


def test_a_title_and_heading_leave_page_one_fewer_rows_than_the_others():
    rows_per_page = plan_of(register(200)).rows_per_page
    assert rows_per_page[0] < rows_per_page[1] == rows_per_page[2]
    assert rows_per_page[1] >= 29


def test_a_cell_taller_than_a_page_is_cut_at_the_page_and_says_so():
    tall = {**row(1), "address": "农科路" * 100}  # 300 characters: ~38 lines in its column
    context = register(3)
    context["listing"] = Listing(COLUMNS, lambda: iter([tall, row(2), row(3)]), 3)
    content = render.make(KIND, context)
    assert pdf_pages(content) == plan_of(context).pages == 2  # the tall row alone on page 1
    layout = render.list_layout(KIND, context)
    address = layout.cells(tall)[[c.key for c in COLUMNS].index("address")]
    assert address[-1].endswith("…") and len(address) == layout.row_lines(tall)
    assert layout.row_lines(tall) * paging.LINE_MM <= paging.PAGE_HEIGHT_MM - layout.header_mm - layout.top_mm
