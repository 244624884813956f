"""The lists' columns are declared once in ``registers``: the printed headings, widths and cells
follow the declaration, and a column added to it is printed without touching a template."""

from __future__ import annotations

import re

import pytest

from tests.processes import submissions
from webapp.documents import kinds, registers, render
from webapp.documents.registers import Column, Entry
from webapp.documents.sources import Inputs

from .conftest import pdf_text
from .generated import county_data

#: landscape A4 (297 mm) less list.css's 15 mm margins
PAGE_WIDTH_MM = 267
LISTS = {
    "handover_register": registers.HANDOVER_REGISTER,
    "archive_transfer_list": registers.ARCHIVE_TRANSFER_LIST,
}


def inputs(retirees: int = 6) -> Inputs:
    data = county_data(retirees)
    data["sort_archives"] = submissions.archive_list(data["county"]["retirees"])
    return Inputs(data)


def build(name: str, columns: tuple[Column, ...]) -> dict:
    return getattr(registers, name)(inputs(), columns)


def headings(html: str) -> list[str]:
    thead = re.search(r"<thead>(.*?)</thead>", html, re.DOTALL).group(1)
    return re.findall(r"<th>(.*?)</th>", thead)


def widths(html: str) -> list[str]:
    return re.findall(r'<col style="width: ([^"]+)">', html)


def born(entry: Entry) -> str:
    return entry.person["birth_date"]


@pytest.mark.parametrize("name", LISTS)
def test_the_list_is_headed_by_the_declared_headers_and_widths_in_declared_order(name):
    columns = LISTS[name]
    html = render.html(kinds.KINDS[name], build(name, columns))
    assert headings(html) == [column.header.replace("\n", "<br>") for column in columns]
    assert widths(html) == [column.width for column in columns]


def test_the_printed_register_reads_its_headings_in_declared_order():
    columns = registers.HANDOVER_REGISTER
    content = render.pdf(kinds.KINDS["handover_register"], build("handover_register", columns))
    assert "".join(column.header for column in columns) in pdf_text(content, 1, 1)


@pytest.mark.parametrize("name", LISTS)
def test_declared_widths_fill_the_landscape_page(name):
    assert sum(float(column.width.removesuffix("mm")) for column in LISTS[name]) == PAGE_WIDTH_MM


@pytest.mark.parametrize("name", LISTS)
def test_rows_hold_one_cell_per_declared_column(name):
    columns = LISTS[name]
    keys = [column.key for column in columns]
    assert len(set(keys)) == len(keys)
    assert all(list(row) == keys for row in build(name, columns)["rows"])


def test_a_column_added_to_the_declaration_is_printed():
    """出生日期 in the room of 特殊情况 (38 mm, empty for these people), so the table fits the page."""
    kept = tuple(column for column in registers.HANDOVER_REGISTER if column.key != "special_status")
    columns = (*kept, Column("birth_date", "出生日期", "38mm", born))
    context = build("handover_register", columns)
    kind = kinds.KINDS["handover_register"]
    html = render.html(kind, context)
    assert headings(html)[-1] == "出生日期"
    assert widths(html) == [column.width for column in columns]
    text = pdf_text(render.pdf(kind, context))
    assert "党员出生日期" in text
    assert all(person["birth_date"] in text for person in inputs().data["county"]["retirees"])


def test_party_members_are_counted_by_column_key_wherever_the_column_stands():
    people = inputs().data["county"]["retirees"]
    members = sum(person["party_member"] for person in people)
    reordered = tuple(reversed(registers.HANDOVER_REGISTER))
    assert build("handover_register", reordered)["party_members"] == members == 2
    text = pdf_text(render.pdf(kinds.KINDS["handover_register"], build("handover_register", reordered)))
    assert f"合计：共{len(people)}人，其中中共党员{members}人。" in text
