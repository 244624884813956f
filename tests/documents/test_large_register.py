"""A county's register laid out in Python page by page (``paging``): everyone once and in registry
order, the column headings on every page, "第 N 页 共 M 页" agreeing with the PDF's page count, and
each page holding the rows its layout planned — tall rows (a long address) included."""

from __future__ import annotations

import re

from webapp.documents import kinds, registers, render

from . import handover
from .conftest import browser, built, pdf_pages, pdf_text
from .generated import roster

ID_NUMBER = re.compile(r"\d{17}[\dX]")
#: the headings side by side; 去向（街道/社区） is printed on two lines, its second below
HEADINGS = "".join(c.header.split("\n")[0] for c in registers.HANDOVER_REGISTER)
LONG_ADDRESS = "文化路街道农科路社区农科路38号院12号楼3单元501室"


def register(app, driver, people: list[dict]) -> tuple[int, bytes]:
    """金水区's register of ``people``, allocated to one community, as the county downloads it
    (printed in the request here: how the worker makes long ones is test_document_jobs')."""
    app.config["DOCUMENT_INLINE_ROWS"] = len(people)
    case = handover.programme_of(driver, people)
    handover.verified(driver, case)
    driver.allocate_all(case, handover.JINSHUI)
    response = browser(app, "county").get(f"/cases/{case}/documents/handover_register.pdf?county=410105")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/pdf"
    return case, response.data


def planned_rows(app, case: int) -> tuple[int, ...]:
    """Rows per page as the register's layout plans them from the registry now."""
    kind = kinds.KINDS["handover_register"]

    def plan(context):
        return render.list_layout(kind, context).plan(context["listing"].rows()).rows_per_page

    return built(app, case, registers.handover_register, then=plan)


def rows_on(content: bytes, page: int) -> int:
    return len(ID_NUMBER.findall(pdf_text(content, page, page)))


def test_a_register_of_2000_people_prints_everyone_once_in_order_on_numbered_headed_pages(app, driver):
    case, content = register(app, driver, roster(2000))
    printed = ID_NUMBER.findall(pdf_text(content))
    assert printed == [person.id_number for person in driver.people(case, "410105")]
    assert len(set(printed)) == 2000
    pages = pdf_pages(content)
    assert pages == len(planned_rows(app, case)) < 2000 // 25  # 26 rows on page 1, 29 on the others
    for page in range(1, pages + 1):
        text = pdf_text(content, page, page)
        assert f"第{page}页共{pages}页" in text
        assert HEADINGS in text and "（街道/社区）" in text and "花园路社区" in text
    assert "合计：共2000人，其中中共党员667人。" in pdf_text(content, pages, pages)


def test_each_page_holds_the_rows_its_layout_planned_tall_rows_included(app, driver):
    people = roster(120)
    for person in people[::9]:
        person["address"] = LONG_ADDRESS  # four lines in its column
    case, content = register(app, driver, people)
    planned = planned_rows(app, case)
    assert [rows_on(content, page) for page in range(1, pdf_pages(content) + 1)] == list(planned)
    assert sum(planned) == 120 and min(planned[1:-1]) < 29  # a page of tall rows holds fewer
    text = pdf_text(content)
    assert text.count("文化路街道农科路") == len(people[::9])  # the address's first line


def test_a_register_with_no_rows_yet_still_prints_its_headings_and_signatures(app, driver):
    """A county whose people were all moved elsewhere: one page, headed, totalled, signed."""
    case, content = register(app, driver, roster(3))
    assert pdf_pages(content) == 1
    text = pdf_text(content)
    assert HEADINGS in text and "合计：共3人" in text and "接收单位（盖章）" in text
