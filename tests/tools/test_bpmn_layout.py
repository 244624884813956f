"""The BPMN layout tool: every node and flow drawn, inside its lane, left to right, still the same process."""

from __future__ import annotations

import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
from SpiffWorkflow.spiff.parser.process import SPIFF_XSD, SpiffBpmnParser

from engine.workflow.validation import parse_sources
from tools.bpmn_layout import LayoutError, layout, reordered_choices
from tools.bpmn_layout.__main__ import main

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
ROSTER_REVIEW = FIXTURES / "layout" / "roster_review.bpmn"
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}
LOOP = "rejected"  # the fixture's one back edge: roster_approved → prepare_roster


@pytest.fixture(scope="module")
def source() -> bytes:
    return ROSTER_REVIEW.read_bytes()


@pytest.fixture(scope="module")
def laid_out(source) -> bytes:
    return layout(source)


@pytest.fixture(scope="module")
def doc(laid_out) -> etree._Element:
    return etree.fromstring(laid_out)


def bounds(element: etree._Element) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a shape or label."""
    box = element.find("dc:Bounds", NS)
    x, y = float(box.get("x")), float(box.get("y"))
    return x, y, x + float(box.get("width")), y + float(box.get("height"))


def shape_of(doc: etree._Element, element_id: str) -> etree._Element:
    (shape,) = doc.xpath(".//bpmndi:BPMNShape[@bpmnElement=$id]", namespaces=NS, id=element_id)
    return shape


def waypoints(doc: etree._Element, flow_id: str) -> list[tuple[float, float]]:
    (edge,) = doc.xpath(".//bpmndi:BPMNEdge[@bpmnElement=$id]", namespaces=NS, id=flow_id)
    return [(float(p.get("x")), float(p.get("y"))) for p in edge.iterfind("di:waypoint", NS)]


def flow_node_ids(doc: etree._Element) -> list[str]:
    return doc.xpath(".//bpmn:*[bpmn:incoming or bpmn:outgoing]/@id", namespaces=NS)


def inside(inner: tuple, outer: tuple) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def on_border(point: tuple[float, float], box: tuple) -> bool:
    x, y = point
    within = box[0] <= x <= box[2] and box[1] <= y <= box[3]
    return within and (x in (box[0], box[2]) or y in (box[1], box[3]))


def test_every_flow_node_has_exactly_one_shape(doc):
    node_ids = flow_node_ids(doc)
    assert len(node_ids) == 14  # ten in the process, four in its subprocess
    for node_id in node_ids:
        assert len(doc.xpath(".//bpmndi:BPMNShape[@bpmnElement=$id]", namespaces=NS, id=node_id)) == 1


def test_every_sequence_flow_has_one_edge_from_its_source_to_its_target(doc):
    for flow in doc.iterfind(".//bpmn:sequenceFlow", NS):
        points = waypoints(doc, flow.get("id"))
        assert len(points) >= 2
        assert on_border(points[0], bounds(shape_of(doc, flow.get("sourceRef"))))
        assert on_border(points[-1], bounds(shape_of(doc, flow.get("targetRef"))))


def test_edges_turn_at_right_angles(doc):
    for flow_id in doc.xpath(".//bpmn:sequenceFlow/@id", namespaces=NS):
        points = waypoints(doc, flow_id)
        assert all(a[0] == b[0] or a[1] == b[1] for a, b in pairwise(points))


def test_lanes_are_drawn_inside_the_pool_of_a_new_participant(doc):
    collaboration = doc.find("*")
    assert collaboration.tag == f"{{{NS['bpmn']}}}collaboration"
    (participant,) = collaboration.iterfind("bpmn:participant", NS)
    assert participant.get("processRef") == "roster_review"
    assert participant.get("name") == "花名册审核与移交"
    plane = doc.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
    assert plane.get("bpmnElement") == collaboration.get("id")
    pool = bounds(shape_of(doc, participant.get("id")))
    for lane_id in ("lane_enterprise", "lane_receiving_government"):
        assert shape_of(doc, lane_id).get("isHorizontal") == "true"
        lane = bounds(shape_of(doc, lane_id))
        assert inside(lane, pool)
        assert lane[0] == pool[0] + 30  # the pool's label band


def test_lanes_stack_top_to_bottom_in_document_order(doc):
    enterprise = bounds(shape_of(doc, "lane_enterprise"))
    receiving_government = bounds(shape_of(doc, "lane_receiving_government"))
    assert enterprise[3] == receiving_government[1]


def test_each_node_lies_inside_its_lane(doc):
    refs = doc.iterfind(".//bpmn:lane/bpmn:flowNodeRef", NS)
    assert refs
    for ref in refs:
        lane = bounds(shape_of(doc, ref.getparent().get("id")))
        assert inside(bounds(shape_of(doc, ref.text)), lane), ref.text


def test_no_two_node_shapes_overlap(doc):
    node_ids = set(flow_node_ids(doc))
    for plane in doc.iterfind(".//bpmndi:BPMNPlane", NS):
        boxes = [bounds(shape) for shape in plane if shape.get("bpmnElement") in node_ids]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_forward_edges_run_left_to_right(doc):
    for flow_id in doc.xpath(".//bpmn:sequenceFlow/@id", namespaces=NS):
        if flow_id != LOOP:
            points = waypoints(doc, flow_id)
            assert points[0][0] < points[-1][0], flow_id


def test_a_loop_runs_back_underneath_both_nodes_inside_the_pool(doc):
    points = waypoints(doc, LOOP)
    source, target = bounds(shape_of(doc, "roster_approved")), bounds(shape_of(doc, "prepare_roster"))
    assert points[-1][0] < points[0][0]
    pool = bounds(shape_of(doc, "participant_roster_review"))
    for _, y in points[1:-1]:
        assert y > source[3] and y > target[3]
        assert pool[1] < y < pool[3]


def test_names_of_events_gateways_and_flows_get_labels(doc):
    gateway = shape_of(doc, "roster_approved")
    assert bounds(gateway.find("bpmndi:BPMNLabel", NS))[1] >= bounds(gateway)[3]
    assert shape_of(doc, "end").find("bpmndi:BPMNLabel", NS) is not None
    assert shape_of(doc, "prepare_roster").find("bpmndi:BPMNLabel", NS) is None
    for flow_id in ("approved", "rejected"):
        label = f".//bpmndi:BPMNEdge[@bpmnElement='{flow_id}']/bpmndi:BPMNLabel/dc:Bounds"
        assert doc.find(label, NS) is not None


def test_subprocess_is_collapsed_with_a_diagram_of_its_own(doc):
    assert shape_of(doc, "transfer_archive").get("isExpanded") == "false"
    (plane,) = doc.xpath(".//bpmndi:BPMNPlane[@bpmnElement='transfer_archive']", namespaces=NS)
    drawn = set(plane.xpath("*/@bpmnElement"))
    nodes = {"archive_start", "pack_archive", "check_archive", "archive_end"}
    assert drawn == nodes | {"to_pack", "to_check", "to_archive_end"}
    main_plane = doc.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
    assert not drawn & set(main_plane.xpath("*/@bpmnElement"))


def test_layout_is_idempotent(laid_out):
    assert layout(laid_out) == laid_out


def test_output_is_pretty_utf8_with_chinese_characters_and_comments(laid_out):
    assert laid_out.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- A hand-written process')
    assert "审核通过？".encode() in laid_out and b"&#" not in laid_out
    assert b"<!-- The enterprise prepares the roster" in laid_out
    assert b"\n    <bpmn:laneSet" in laid_out


@pytest.mark.parametrize("imports", [None, {"spiffworkflow": SPIFF_XSD}], ids=["bpmn", "bpmn+spiff"])
def test_output_passes_the_bpmn_schema(laid_out, imports):
    BpmnValidator(imports=imports).validate(etree.fromstring(laid_out))


def spiff_specs(xml: bytes) -> dict[str, dict[str, tuple[str | None, set[str]]]]:
    """Per process, each task spec's lane and the tasks it leads to."""
    parser = SpiffBpmnParser()
    parser.add_bpmn_xml(etree.fromstring(xml), "roster_review.bpmn")
    specs = {pid: parser.get_spec(pid) for pid in list(parser.process_parsers)}
    return {
        pid: {name: (ts.lane, {o.name for o in ts.outputs}) for name, ts in spec.task_specs.items()}
        for pid, spec in specs.items()
    }


def test_spiffworkflow_reads_the_same_processes_lanes_and_flows(source, laid_out):
    before, after = spiff_specs(source), spiff_specs(laid_out)
    assert after == before
    assert after["roster_review"]["review_roster"][0] == "receiving_government"


def test_laid_out_files_still_deploy():
    good = FIXTURES / "good"
    files = {name: layout((good / name).read_bytes()) for name in ("handover.bpmn", "archive.bpmn")}
    parsed = parse_sources({**files, "fee.dmn": (good / "fee.dmn").read_bytes()})
    assert parsed.lanes["sample_county_handover"] == ["enterprise", "receiving_government"]


@pytest.mark.parametrize("path", sorted((FIXTURES / "engine").glob("*.bpmn")), ids=lambda p: p.name)
def test_other_hand_written_files_lay_out_validly(path):
    laid_out = layout(path.read_bytes())
    BpmnValidator(imports={"spiffworkflow": SPIFF_XSD}).validate(etree.fromstring(laid_out))
    assert layout(laid_out) == laid_out


def test_an_existing_collaboration_is_kept(source):
    pool = b'<bpmn:collaboration id="review"><bpmn:participant id="pool" processRef="roster_review"/>'
    with_pool = source.replace(b"  <bpmn:process ", pool + b"</bpmn:collaboration><bpmn:process ", 1)
    doc = etree.fromstring(layout(with_pool))
    assert doc.xpath("bpmn:collaboration/@id", namespaces=NS) == ["review"]
    assert doc.xpath("bpmn:collaboration/bpmn:participant/@id", namespaces=NS) == ["pool"]
    assert doc.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS).get("bpmnElement") == "review"


def plain_process(process_id: str, *nodes: str) -> str:
    """A process without lanes: a start event, then the given tasks in a row."""
    ids = [f"{process_id}_start", *nodes]
    flows = "".join(
        f'<bpmn:sequenceFlow id="{a}_to_{b}" sourceRef="{a}" targetRef="{b}"/>' for a, b in pairwise(ids)
    )
    tasks = "".join(f'<bpmn:task id="{node}"/>' for node in nodes)
    return f'<bpmn:process id="{process_id}"><bpmn:startEvent id="{ids[0]}"/>{tasks}{flows}</bpmn:process>'


def with_extra(process: str, elements: str) -> str:
    return process.replace("</bpmn:process>", f"{elements}</bpmn:process>")


def definitions(*processes: str) -> bytes:
    return (
        f'<bpmn:definitions xmlns:bpmn="{NS["bpmn"]}" id="d" targetNamespace="http://yijiao.example/bpmn">'
        + "".join(processes)
        + "</bpmn:definitions>"
    ).encode()


def laned_process(process_id: str, lane_name: str, *nodes: str) -> str:
    """A process in a single lane: a start event, then the given tasks in a row."""
    refs = "".join(f"<bpmn:flowNodeRef>{node}</bpmn:flowNodeRef>" for node in (f"{process_id}_start", *nodes))
    lane = f'<bpmn:lane id="{process_id}_lane" name="{lane_name}">{refs}</bpmn:lane>'
    opening = f'<bpmn:process id="{process_id}">'
    return plain_process(process_id, *nodes).replace(opening, f"{opening}<bpmn:laneSet>{lane}</bpmn:laneSet>")


def test_laned_processes_are_pools_of_one_width_stacked_top_to_bottom():
    short = laned_process("short", "enterprise", "a")
    long = laned_process("long", "supervisor", "b", "c", "d")
    doc = etree.fromstring(layout(definitions(short, long)))
    participants = doc.xpath("bpmn:collaboration/bpmn:participant/@id", namespaces=NS)
    assert participants == ["participant_short", "participant_long"]
    upper, lower = (bounds(shape_of(doc, participant)) for participant in participants)
    assert lower[1] == upper[3] + 40
    assert (upper[0], upper[2]) == (lower[0], lower[2])
    assert inside(bounds(shape_of(doc, "d")), bounds(shape_of(doc, "long_lane")))


def test_a_process_without_lanes_is_drawn_plainly():
    doc = etree.fromstring(layout(definitions(plain_process("lone", "only_task"))))
    assert doc.find("bpmn:collaboration", NS) is None
    (plane,) = doc.iterfind(".//bpmndi:BPMNPlane", NS)
    assert plane.get("bpmnElement") == "lone"
    assert set(plane.xpath("*/@bpmnElement")) == {"lone_start", "only_task", "lone_start_to_only_task"}


def test_beside_a_laned_process_a_plain_process_gets_its_own_diagram_not_a_pool(source):
    helper = plain_process("helper", "help").encode()
    with_second = source.replace(b"</bpmn:definitions>", helper + b"</bpmn:definitions>")
    doc = etree.fromstring(layout(with_second))
    assert doc.xpath("bpmn:collaboration/bpmn:participant/@processRef", namespaces=NS) == ["roster_review"]
    assert doc.xpath("bpmndi:BPMNDiagram/bpmndi:BPMNPlane/@bpmnElement", namespaces=NS) == [
        "collaboration_roster_review",
        "helper",
        "transfer_archive",
    ]


def test_a_node_nothing_flows_into_goes_in_the_first_column():
    process = with_extra(plain_process("p", "a", "b"), '<bpmn:task id="stray"/>')
    doc = etree.fromstring(layout(definitions(process)))
    stray, start = bounds(shape_of(doc, "stray")), bounds(shape_of(doc, "p_start"))
    assert stray[0] + stray[2] == start[0] + start[2]  # same centre
    assert stray[1] > start[3]


def test_a_flow_that_skips_ahead_goes_round_the_nodes_in_between():
    skip = '<bpmn:sequenceFlow id="skip" sourceRef="a" targetRef="c"/>'
    doc = etree.fromstring(layout(definitions(with_extra(plain_process("p", "a", "b", "c"), skip))))
    points = waypoints(doc, "skip")
    b = bounds(shape_of(doc, "b"))
    for (x1, y1), (x2, y2) in pairwise(points):
        box = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
        assert box[2] < b[0] or b[2] < box[0] or box[3] < b[1] or b[3] < box[1], (points, b)
    assert points[0][0] < points[-1][0]


def test_boundary_events_are_refused():
    process = with_extra(plain_process("p", "a"), '<bpmn:boundaryEvent id="late" attachedToRef="a"/>')
    with pytest.raises(LayoutError, match="boundary event 'late'"):
        layout(definitions(process))


def test_a_change_to_the_order_conditions_are_tried_in_is_reported():
    lanes = (
        '<bpmn:laneSet><bpmn:lane id="top" name="enterprise"><bpmn:flowNodeRef>choose</bpmn:flowNodeRef>'
        "<bpmn:flowNodeRef>second</bpmn:flowNodeRef></bpmn:lane>"
        '<bpmn:lane id="bottom" name="supervisor"><bpmn:flowNodeRef>first</bpmn:flowNodeRef></bpmn:lane>'
        "</bpmn:laneSet>"
    )
    flows = "".join(
        f'<bpmn:sequenceFlow id="to_{target}" sourceRef="choose" targetRef="{target}">'
        "<bpmn:conditionExpression>x</bpmn:conditionExpression></bpmn:sequenceFlow>"
        for target in ("first", "second")
    )
    tasks = '<bpmn:exclusiveGateway id="choose"/><bpmn:task id="first"/><bpmn:task id="second"/>'
    process = f'<bpmn:process id="p">{lanes}{tasks}{flows}</bpmn:process>'
    source = definitions(process)
    (warning,) = reordered_choices(source, layout(source))
    assert "'choose'" in warning and "to_second, to_first (was to_first, to_second)" in warning


def test_check_reports_a_file_without_a_diagram_and_writes_nothing(tmp_path, capsys, source):
    path = tmp_path / "roster_review.bpmn"
    path.write_bytes(source)
    assert main(["--check", str(path)]) == 1
    assert f"{path}: no diagram" in capsys.readouterr().out
    assert path.read_bytes() == source


def test_check_reports_a_stale_diagram(tmp_path, capsys, laid_out):
    path = tmp_path / "roster_review.bpmn"
    path.write_bytes(laid_out.replace(b"</bpmn:process>", b'<bpmn:task id="added_later"/></bpmn:process>'))
    assert main(["--check", str(path)]) == 1
    assert f"{path}: diagram out of date" in capsys.readouterr().out


def test_check_accepts_a_laid_out_file(tmp_path, capsys, laid_out):
    path = tmp_path / "roster_review.bpmn"
    path.write_bytes(laid_out)
    assert main(["--check", str(path)]) == 0
    assert capsys.readouterr().out == ""


def test_files_are_rewritten_in_place(tmp_path, source, laid_out):
    paths = [tmp_path / "a.bpmn", tmp_path / "b.bpmn"]
    for path in paths:
        path.write_bytes(source)
    assert main([str(path) for path in paths]) == 0
    assert [path.read_bytes() for path in paths] == [laid_out, laid_out]


def test_a_file_that_cannot_be_laid_out_fails(tmp_path, capsys):
    path = tmp_path / "broken.bpmn"
    path.write_bytes(b"<bpmn:definitions")
    assert main([str(path)]) == 2
    assert "not well-formed XML" in capsys.readouterr().err


def test_runs_as_a_module(tmp_path, source):
    path = tmp_path / "roster_review.bpmn"
    path.write_bytes(source)
    run = [sys.executable, "-m", "tools.bpmn_layout", "--check", str(path)]
    result = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "no diagram" in result.stdout
