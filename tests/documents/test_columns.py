"""The lists' columns are declared once in ``registers``: the printed headings, widths and cells
follow the declaration, and a column added to it is printed without touching a template."""

from __future__ import annotations

import re

import pytest

from webapp.documents import kinds, registers, render
from webapp.documents.registers import Column, Entry

from . import handover
from .conftest import built, pdf_text, roster

#: landscape A4 (297 mm) less list.css's 15 mm margins
PAGE_WIDTH_MM = 267
LISTS = {
    "handover_register": registers.HANDOVER_REGISTER,
    "archive_transfer_list": registers.ARCHIVE_TRANSFER_LIST,
}


@pytest.fixture
def case(driver) -> int:
    """A programme whose 金水区 people are received and their archives listed."""
    case = handover.programme_of(driver, roster())
    handover.verified(driver, case)
    handover.archives_sorted(driver, case)
    return case


def build(app, case: int, name: str, columns: tuple[Column, ...]) -> dict:
    return built(app, case, getattr(registers, name), columns)


def headings(html: str) -> list[str]:
    thead = re.search(r"<thead>(.*?)</thead>", html, re.DOTALL).group(1)
    return re.findall(r"<th>(.*?)</th>", thead)


def widths(html: str) -> list[str]:
    return re.findall(r'<col style="width: ([^"]+)">', html)


def born(entry: Entry) -> str:
    return entry.person.birth_date.isoformat()


@pytest.mark.parametrize("name", LISTS)
def test_the_list_is_headed_by_the_declared_headers_and_widths_in_declared_order(app, case, name):
    columns = LISTS[name]
    html = render.html(kinds.KINDS[name], build(app, case, name, columns))
    assert headings(html) == [column.header.replace("\n", "<br>") for column in columns]
    assert widths(html) == [column.width for column in columns]


def test_the_printed_register_reads_its_headings(app, case):
    """One-line headings side by side in declared order; a two-line heading above and below them."""
    columns = registers.HANDOVER_REGISTER
    text = pdf_text(
        render.pdf(kinds.KINDS["handover_register"], build(app, case, "handover_register", columns)), 1, 1
    )
    assert "".join(column.header for column in columns if "\n" not in column.header) in text
    assert all(line in text for column in columns for line in column.header.split("\n"))


@pytest.mark.parametrize("name", LISTS)
def test_declared_widths_fill_the_landscape_page(name):
    assert sum(float(column.width.removesuffix("mm")) for column in LISTS[name]) == PAGE_WIDTH_MM


@pytest.mark.parametrize("name", LISTS)
def test_rows_hold_one_cell_per_declared_column(app, case, name):
    columns = LISTS[name]
    keys = [column.key for column in columns]
    assert len(set(keys)) == len(keys)
    rows = build(app, case, name, columns)["rows"]
    assert len(rows) == 4 and all(list(row) == keys for row in rows)


def test_a_column_added_to_the_declaration_is_printed(app, case, driver):
    """出生日期 in the room of 常住地址 (33 mm), at the end, so the table fits the page."""
    kept = tuple(column for column in registers.HANDOVER_REGISTER if column.key != "address")
    columns = (*kept, Column("birth_date", "出生日期", "33mm", born))
    context = build(app, case, "handover_register", columns)
    kind = kinds.KINDS["handover_register"]
    html = render.html(kind, context)
    assert headings(html)[-1] == "出生日期"
    assert widths(html) == [column.width for column in columns]
    text = pdf_text(render.pdf(kind, context))
    assert "党员特殊情况出生日期" in text
    assert all(person.birth_date.isoformat() in text for person in driver.people(case, "410105"))


def test_party_members_are_counted_by_column_key_wherever_the_column_stands(app, case, driver):
    members = sum(person.party_member for person in driver.people(case, "410105"))
    reordered = tuple(reversed(registers.HANDOVER_REGISTER))
    context = build(app, case, "handover_register", reordered)
    assert context["party_members"] == members == 1
    text = pdf_text(render.pdf(kinds.KINDS["handover_register"], context))
    assert f"合计：共{context['total']}人，其中中共党员{members}人。" in text
