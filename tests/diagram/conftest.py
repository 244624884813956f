"""Fixtures for the case diagrams: the layout tool's fixture laid out, SVG readers, and the web
app's people and programme (tests/web)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.web.conftest import app, client, driver, login, people, programme  # noqa: F401  (fixtures)
from tools.bpmn_layout import layout

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SVG = {"svg": "http://www.w3.org/2000/svg"}


@pytest.fixture(scope="session")
def roster_review() -> bytes:
    """花名册审核与移交: lanes, a loop back, a collapsed subprocess and a call activity, laid out."""
    return layout((FIXTURES / "layout" / "roster_review.bpmn").read_bytes())


def parse_svg(svg: str | bytes) -> etree._Element:
    return etree.fromstring(svg.encode("utf-8") if isinstance(svg, str) else svg)


def group(root: etree._Element, element_id: str) -> etree._Element:
    found = root.find(f".//svg:g[@id='el-{element_id}']", SVG)
    assert found is not None, f"no <g id='el-{element_id}'>"
    return found


def state_of(root: etree._Element, element_id: str) -> str | None:
    return group(root, element_id).get("class")


def states(root: etree._Element) -> dict[str, str]:
    """Element id → class, of every marked element."""
    return {
        g.get("id").removeprefix("el-"): g.get("class")
        for g in root.iterfind(".//svg:g[@id]", SVG)
        if g.get("class")
    }


def text_of(element: etree._Element) -> str:
    """The name drawn in an element, its lines joined (captions and tooltips left out)."""
    texts = element.iterfind(".//svg:text", SVG)
    return "".join("".join(t.itertext()) for t in texts if t.get("class") != "caption")


def caption_of(root: etree._Element, element_id: str) -> str | None:
    caption = group(root, element_id).find("svg:text[@class='caption']", SVG)
    return "".join(caption.itertext()) if caption is not None else None
