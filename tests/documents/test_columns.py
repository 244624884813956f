"""The lists' columns are declared once in ``registers``: the printed headings, rules and cells
follow the declaration, and a column added to it is printed without touching a template."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from webapp.documents import kinds, registers, render
from webapp.documents.listing import Column
from webapp.documents.registers import Entry

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


def build(app, case: int, name: str, columns: tuple[Column, ...], then=None):
    return built(app, case, getattr(registers, name), columns, then=then)


def printed(app, case: int, name: str, columns: tuple[Column, ...]) -> tuple[dict, bytes]:
    """The list's context and its PDF, printed while its rows can be read from the registry."""
    kind = kinds.KINDS[name]
    return build(app, case, name, columns, then=lambda context: (context, render.pdf(kind, context)))


def born(entry: Entry) -> str:
    return entry.person.birth_date.isoformat()


@pytest.mark.parametrize("name", LISTS)
def test_the_list_is_headed_by_the_declared_headers_in_declared_order(app, case, name):
    columns = LISTS[name]
    _, content = printed(app, case, name, columns)
    text = pdf_text(content, 1, 1)
    one_line = [re.escape(column.header) for column in columns if "\n" not in column.header]
    assert re.search(".*".join(one_line), text), "one-line headings in declared order"
    assert all(line in text for column in columns for line in column.header.split("\n"))


@pytest.mark.parametrize("name", LISTS)
def test_the_columns_are_ruled_at_the_declared_widths(app, case, name):
    columns = LISTS[name]
    layout = render.list_layout(kinds.KINDS[name], build(app, case, name, columns))
    edges = [0.0]
    for column in columns:
        edges.append(round(edges[-1] + column.millimetres, 2))
    ruling = unquote(layout.ruling([1]))  # the SVG drawn under a page's table, here of one row
    assert sorted({float(x) for x in re.findall(r"M([\d.]+) 0V", ruling)}) == edges


@pytest.mark.parametrize("name", LISTS)
def test_declared_widths_fill_the_landscape_page(name):
    assert sum(column.millimetres for column in LISTS[name]) == PAGE_WIDTH_MM


@pytest.mark.parametrize("name", LISTS)
def test_rows_hold_one_cell_per_declared_column(app, case, name):
    columns = LISTS[name]
    keys = [column.key for column in columns]
    assert len(set(keys)) == len(keys)
    rows = build(app, case, name, columns, then=lambda context: list(context["listing"].rows()))
    assert len(rows) == 4 and all(list(row) == keys for row in rows)


def test_a_column_added_to_the_declaration_is_printed(app, case, driver):
    """出生日期 in the room of 常住地址 (33 mm), at the end, so the table fits the page."""
    kept = tuple(column for column in registers.HANDOVER_REGISTER if column.key != "address")
    columns = (*kept, Column("birth_date", "出生日期", "33mm", born))
    _, content = printed(app, case, "handover_register", columns)
    text = pdf_text(content)
    assert "党员特殊情况出生日期" in text
    assert all(person.birth_date.isoformat() in text for person in driver.people(case, "410105"))


def test_party_members_are_counted_in_the_registry_wherever_the_column_stands(app, case, driver):
    members = sum(person.party_member for person in driver.people(case, "410105"))
    reordered = tuple(reversed(registers.HANDOVER_REGISTER))
    context, content = printed(app, case, "handover_register", reordered)
    assert context["party_members"] == members == 1
    assert f"合计：共{context['total']}人，其中中共党员{members}人。" in pdf_text(content)
