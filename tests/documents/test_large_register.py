"""A register of hundreds of people from the registry: the column headings on every page,
"第 N 页 共 M 页" that agrees with the PDF's page count, and as many pages as the rows need."""

from __future__ import annotations

import math
import re

from webapp.documents import registers

from . import handover
from .conftest import browser, pdf_pages, pdf_text, snapshot
from .generated import roster

#: measured once on a rendered register (ID numbers counted per page): 24 rows a page under the
#: two-line heading, 22 on page 1 under the title; the signatures fit under the last rows unless
#: that page is full
FIRST_PAGE_ROWS = 22
ROWS_PER_PAGE = 24
ID_NUMBER = re.compile(r"\d{17}[\dX]")
#: the one-line headings, side by side; 去向（街道/社区） is printed on two lines
HEADINGS = "".join(c.header for c in registers.HANDOVER_REGISTER if "\n" not in c.header)


def register(app, driver, retirees: int) -> bytes:
    """金水区's register of ``retirees`` generated people, allocated to one community."""
    case = handover.programme_of(driver, roster(retirees))
    handover.verified(driver, case)
    driver.allocate_all(case, handover.JINSHUI)
    response = browser(app, "county").get(f"/cases/{case}/documents/handover_register.pdf?county=410105")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.data


def expected_pages(retirees: int) -> int:
    return 1 + math.ceil(max(retirees - FIRST_PAGE_ROWS, 0) / ROWS_PER_PAGE)


def rows_on(content: bytes, page: int) -> int:
    return len(ID_NUMBER.findall(pdf_text(content, page, page)))


def test_rows_per_page_are_as_measured(app, driver):
    content = register(app, driver, 100)
    assert [rows_on(content, page) for page in range(1, 6)] == [22, 24, 24, 24, 6]
    assert pdf_pages(content) == expected_pages(100) == 5


def test_a_register_of_300_people_numbers_its_pages_right_and_repeats_its_headings(app, driver):
    """A county's register over many pages (5,000 rows are rendered by `make bench`)."""
    content = register(app, driver, 300)
    snapshot("handover_register_300", content)
    pages = pdf_pages(content)
    assert pages == expected_pages(300) == 13
    assert f"第1页共{pages}页" in pdf_text(content, 1, 1)
    for page in (2, 7, pages):
        text = pdf_text(content, page, page)
        assert HEADINGS in text and "（街道/社区）" in text and f"第{page}页共{pages}页" in text
        assert "花园路社区" in text  # 去向: the community everyone was allocated to
    assert "合计：共300人，其中中共党员100人。" in pdf_text(content, pages, pages)
