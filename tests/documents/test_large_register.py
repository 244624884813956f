"""A register of hundreds of people: the column headings on every page, "第 N 页 共 M 页" that
agrees with the PDF's page count, and as many pages as the rows need."""

from __future__ import annotations

import math
import re

from webapp.documents import kinds, registers, render
from webapp.documents.sources import Inputs

from .conftest import pdf_pages, pdf_text, snapshot
from .generated import county_data

#: measured once on a rendered register (ID numbers counted per page): the title and heading
#: take three rows' room on page 1; the signatures fit under the last rows unless that page is full
FIRST_PAGE_ROWS = 22
ROWS_PER_PAGE = 25
ID_NUMBER = re.compile(r"\d{17}[\dX]")
HEADINGS = "序号姓名性别公民身份号码退休时间户籍地常住地去向（街道/社区）党员特殊情况"


def register(retirees: int) -> bytes:
    kind = kinds.KINDS["handover_register"]
    return render.pdf(kind, registers.handover_register(Inputs(county_data(retirees))))


def expected_pages(retirees: int) -> int:
    return 1 + math.ceil(max(retirees - FIRST_PAGE_ROWS, 0) / ROWS_PER_PAGE)


def rows_on(content: bytes, page: int) -> int:
    return len(ID_NUMBER.findall(pdf_text(content, page, page)))


def test_rows_per_page_are_as_measured():
    content = register(100)
    assert [rows_on(content, page) for page in range(1, 6)] == [22, 25, 25, 25, 3]
    assert pdf_pages(content) == expected_pages(100) == 5


def test_a_register_of_300_people_numbers_its_pages_right_and_repeats_its_headings():
    """A county's register over many pages (5,000 rows are rendered by `make bench`)."""
    content = register(300)
    snapshot("handover_register_300", content)
    pages = pdf_pages(content)
    assert pages == expected_pages(300) == 13
    assert f"第1页共{pages}页" in pdf_text(content, 1, 1)
    for page in (2, 7, pages):
        text = pdf_text(content, page, page)
        assert HEADINGS in text and f"第{page}页共{pages}页" in text
    assert "合计：共300人，其中中共党员100人。" in pdf_text(content, pages, pages)
