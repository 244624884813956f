"""Reading the progress pages in tests: log in, fetch a page as an element tree, find elements by
tag, class and attributes (lxml's XPath; no CSS selector library needed)."""

from __future__ import annotations

from datetime import datetime

import lxml.html

from engine.progress.selection import NONE
from engine.workflow.deadlines import CHINA_TZ
from tests.web.conftest import login


def at(day: str, hour: int = 9) -> datetime:
    """A moment of a 2017 day, Beijing time."""
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00").replace(tzinfo=CHINA_TZ)


def visit(app, username: str):
    """A fresh test client logged in as ``username`` (password ``demo``)."""
    visitor = app.test_client()
    login(visitor, username)
    return visitor


def page(visitor, path: str):
    response = visitor.get(path)
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.get_data(as_text=True))


def find(node, tag: str = "*", cls: str | None = None, **attrs: str) -> list:
    """Descendants of ``node``: ``find(doc, "td", "cell", data_row="410100")``."""
    tests = [f"contains(concat(' ', @class, ' '), ' {cls} ')"] if cls else []
    tests += [f"@{name.replace('_', '-')}='{value}'" for name, value in attrs.items()]
    return node.xpath(f".//{tag}" + "".join(f"[{test}]" for test in tests))


def text(node) -> str:
    """The node's text with runs of whitespace made one space."""
    return " ".join(node.text_content().split())


def row_keys(document) -> list[str]:
    return [row.get("data-row") for row in find(document, "tbody")[0].findall("tr")]


def shown_cells(document) -> dict[tuple[str, str], dict[str, int]]:
    """(row key, milestone) → the numbers a cell shows, by status."""
    return {
        (td.get("data-row"), td.get("data-milestone")): {
            a.get("data-status"): int(a.text_content()) for a in find(td, "a")
        }
        for td in find(document, "td", "cell")
    }


def expected_cells(view) -> dict[tuple[str, str], dict[str, int]]:
    """What ``progress()`` says each cell shows (a cell with nothing due shows no numbers)."""
    cells = {}
    for key, row in [*((r.key or NONE, r) for r in view.rows), ("total", view.total)]:
        for code, cell in row.cells.items():
            numbers = {"due": cell.due, "done": cell.done, "overdue": cell.overdue}
            if cell.late:
                numbers["late"] = cell.late
            cells[(key, code)] = numbers if cell.due else {}
    return cells


def coloured(document, colour: str) -> set[tuple[str, str]]:
    """The (row, milestone) cells of one colour class."""
    return {(td.get("data-row"), td.get("data-milestone")) for td in find(document, "td", f"cell-{colour}")}
