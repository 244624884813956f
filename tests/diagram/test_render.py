"""``render`` on the layout tool's fixture: every node, lane and flow drawn where the diagram
interchange puts it, with the ids and classes pages and tests look for."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest
from lxml import etree

from engine import NotFound
from engine.diagram import render

from .conftest import SVG, caption_of, group, parse_svg, state_of, states, text_of

FLOW_NODES = {
    "start": "startEvent",
    "prepare_roster": "userTask",
    "review_roster": "userTask",
    "roster_approved": "exclusiveGateway",
    "split": "parallelGateway",
    "sign_agreement": "userTask",
    "transfer_archive": "subProcess",
    "join": "parallelGateway",
    "confirm_receipt": "callActivity",
    "end": "endEvent",
}
FLOWS = {
    "to_prepare", "to_review", "to_decision", "approved", "rejected", "to_sign",
    "to_transfer", "signed", "transferred", "to_confirm", "to_end",
}  # fmt: skip


def draw(xml: bytes, **kwargs) -> etree._Element:
    return parse_svg(render(xml, process_id="roster_review", marks=kwargs.pop("marks", {}), **kwargs))


def shapes(element: etree._Element) -> list[etree._Element]:
    return [e for e in element.iter() if "shape" in (e.get("class") or "").split()]


def test_it_is_an_svg_document_sized_to_the_drawing(roster_review):
    root = draw(roster_review)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "bpmn-diagram" in root.get("class")
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    assert (float(root.get("width")), float(root.get("height"))) == (width, height)
    assert "Noto Sans CJK SC" in root.get("font-family")


def test_one_shape_per_flow_node_with_its_id_and_kind(roster_review):
    root = draw(roster_review)
    nodes = {
        g.get("id").removeprefix("el-"): g.get("data-kind")
        for g in root.iterfind("svg:g[@data-kind]", SVG)
        if g.get("data-kind") in set(FLOW_NODES.values())
    }
    assert nodes == FLOW_NODES
    assert all(len(shapes(group(root, node))) == 1 for node in FLOW_NODES)


@pytest.mark.parametrize(
    "node, tag", [("prepare_roster", "rect"), ("start", "circle"), ("roster_approved", "polygon")]
)
def test_tasks_are_boxes_events_circles_gateways_diamonds(roster_review, node, tag):
    (shape,) = shapes(group(draw(roster_review), node))
    assert etree.QName(shape).localname == tag


def test_end_events_and_call_activities_have_a_thick_border(roster_review):
    root = draw(roster_review)
    assert "thick" in shapes(group(root, "end"))[0].get("class")
    assert "thick" in shapes(group(root, "confirm_receipt"))[0].get("class")
    assert "thick" not in shapes(group(root, "start"))[0].get("class")
    assert "thick" not in shapes(group(root, "transfer_archive"))[0].get("class")


def test_collapsed_subprocesses_and_call_activities_carry_a_plus_marker(roster_review):
    root = draw(roster_review)
    for node in ("transfer_archive", "confirm_receipt"):
        assert group(root, node).find("svg:rect[@class='icon']", SVG) is not None
    assert group(root, "sign_agreement").find("svg:rect[@class='icon']", SVG) is None


def test_gateways_carry_their_marker(roster_review):
    root = draw(roster_review)
    for gateway in ("roster_approved", "split", "join"):
        assert group(root, gateway).find("svg:path[@class='icon']", SVG) is not None


def test_lanes_are_bands_named_by_their_role_without_documentation(roster_review):
    root = draw(roster_review)
    for lane in ("lane_enterprise", "lane_receiving_government"):
        band = group(root, lane)
        assert band.get("data-kind") == "lane"
        assert band.find("svg:rect[@class='band']", SVG) is not None
        assert text_of(band) == lane.removeprefix("lane_")
    assert group(root, "participant_roster_review").get("data-kind") == "participant"


def test_each_sequence_flow_is_a_polyline_with_an_arrowhead(roster_review):
    root = draw(roster_review)
    flows = root.findall("svg:g[@data-kind='sequenceFlow']", SVG)
    assert {g.get("id").removeprefix("el-") for g in flows} == FLOWS
    for flow in flows:
        assert len(flow.findall("svg:polyline", SVG)) == 1
        assert len(flow.findall("svg:polygon[@class='arrow']", SVG)) == 1


def test_the_loop_back_follows_its_waypoints_and_the_default_flow_has_a_slash(roster_review):
    root = draw(roster_review)
    points = group(root, "rejected").find("svg:polyline", SVG).get("points").split()
    assert len(points) >= 3  # a loop goes round, not straight through
    assert group(root, "rejected").find("svg:path[@class='icon']", SVG) is not None
    assert group(root, "approved").find("svg:path[@class='icon']", SVG) is None


def test_chinese_names_are_drawn_and_flow_names_at_their_labels(roster_review):
    root = draw(roster_review)
    assert text_of(group(root, "prepare_roster")) == "编制移交人员花名册"
    assert group(root, "prepare_roster").findtext("svg:title", namespaces=SVG) == "编制移交人员花名册"
    assert text_of(group(root, "roster_approved")) == "审核通过？"
    assert text_of(group(root, "approved")) == "是"
    assert text_of(group(root, "rejected")) == "否"


def test_a_long_name_wraps_inside_its_box(roster_review):
    root = draw(roster_review)
    lines = group(root, "prepare_roster").findall("svg:text/svg:tspan", SVG)
    assert len(lines) == 2
    box = shapes(group(root, "prepare_roster"))[0]
    top, bottom = float(box.get("y")), float(box.get("y")) + float(box.get("height"))
    assert all(top < float(line.get("y")) < bottom for line in lines)


def test_names_are_escaped(roster_review):
    hostile = 'A<b onload="x()"> & 审核'
    xml = roster_review.replace("审核花名册".encode(), escape(hostile, {'"': "&quot;"}).encode())
    svg = render(xml, process_id="roster_review", marks={}, labels={"review_roster": "<i>甲&乙</i>"})
    assert "<b " not in svg and "<i>" not in svg
    assert "&lt;b onload" in svg and "&amp;" in svg
    root = parse_svg(svg)
    assert text_of(group(root, "review_roster")) == hostile
    assert caption_of(root, "review_roster") == "<i>甲&乙</i>"


def test_marks_become_the_class_of_the_element(roster_review):
    marks = {
        "start": "completed",
        "prepare_roster": "completed",
        "review_roster": "active",
        "sign_agreement": "overdue",
        "transfer_archive": "waiting",
        "confirm_receipt": "cancelled",
        "end": "nonsense",
    }
    root = draw(roster_review, marks=marks)
    assert states(root) == {k: v for k, v in marks.items() if v != "nonsense"}
    assert state_of(root, "end") is None


def test_labels_add_a_caption_under_the_element(roster_review):
    root = draw(
        roster_review, marks={"review_roster": "active"}, labels={"review_roster": "郑州市金水区人民政府"}
    )
    assert caption_of(root, "review_roster") == "郑州市金水区人民政府"
    box = shapes(group(root, "review_roster"))[0]
    caption = group(root, "review_roster").find("svg:text[@class='caption']/svg:tspan", SVG)
    assert float(caption.get("y")) > float(box.get("y")) + float(box.get("height"))
    assert caption_of(root, "prepare_roster") is None


def test_a_marked_diagram_has_a_legend_and_an_unmarked_one_none(roster_review):
    legend = ".//svg:g[@class='legend']"
    assert draw(roster_review, marks={"start": "completed"}).find(legend, SVG) is not None
    assert draw(roster_review).find(legend, SVG) is None


def test_plane_draws_the_subprocess_inside(roster_review):
    root = draw(roster_review, plane="transfer_archive", marks={"pack_archive": "completed"})
    kinds = {g.get("id").removeprefix("el-"): g.get("data-kind") for g in root.iterfind("svg:g[@id]", SVG)}
    assert kinds == {
        "archive_start": "startEvent",
        "pack_archive": "userTask",
        "check_archive": "userTask",
        "archive_end": "endEvent",
        "to_pack": "sequenceFlow",
        "to_check": "sequenceFlow",
        "to_archive_end": "sequenceFlow",
    }
    assert state_of(root, "pack_archive") == "completed"
    assert text_of(group(root, "pack_archive")) == "整理档案"


def test_an_unknown_plane_or_process_is_not_found(roster_review):
    with pytest.raises(NotFound):
        render(roster_review, process_id="roster_review", marks={}, plane="no_such_subprocess")
    with pytest.raises(NotFound):
        render(roster_review, process_id="no_such_process", marks={})
