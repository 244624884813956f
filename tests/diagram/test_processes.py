"""Every procedure of processes/ draws: each flow node and flow of its diagram interchange gets
its group. The drawings land in tests/output/diagrams/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from engine.diagram import render

from .conftest import SVG, parse_svg

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = sorted((ROOT / "processes").glob("*.bpmn"))
OUTPUT = ROOT / "tests" / "output" / "diagrams"
DI = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
}


def drawn_ids(plane: etree._Element) -> set[str]:
    return {shape.get("bpmnElement") for shape in plane.iterfind("bpmndi:*", DI)}


def test_there_are_sixteen_procedures():
    # ten of the hand-over, six of the services after it (issue 17)
    assert len(PROCESSES) == 16


@pytest.mark.parametrize("path", PROCESSES, ids=lambda p: p.stem)
def test_each_procedure_draws_everything_its_diagram_holds(path):
    xml = path.read_bytes()
    definitions = etree.fromstring(xml)
    for drawing in definitions.iterfind("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", DI):
        process = definitions.find("bpmn:process", DI).get("id")
        element = drawing.get("bpmnElement")
        plane = None if element.startswith("collaboration_") or element == process else element
        svg = render(xml, process_id=process, marks={}, plane=plane)
        groups = {g.get("id").removeprefix("el-") for g in parse_svg(svg).iterfind("svg:g[@id]", SVG)}
        assert groups == drawn_ids(drawing)
        OUTPUT.mkdir(parents=True, exist_ok=True)
        (OUTPUT / f"{path.stem}{'.' + plane if plane else ''}.svg").write_text(svg, encoding="utf-8")


def test_lanes_are_named_in_chinese_from_their_documentation():
    svg = render(
        (ROOT / "processes" / "county_handover.bpmn").read_bytes(), process_id="county_handover", marks={}
    )
    lane = parse_svg(svg).find("svg:g[@id='el-lane_enterprise']", SVG)
    assert "".join(lane.itertext()) == "移交企业"
