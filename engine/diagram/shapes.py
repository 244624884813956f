"""BPMN shapes as SVG: rounded boxes for activities, circles for events, diamonds for gateways,
with the markers BPMN readers expect (×, +, ‖‖‖, ⏲, ✉). lxml builds the elements, so every name
is escaped on the way out."""

from __future__ import annotations

import math

from lxml import etree

from engine.diagram.document import Bounds, Edge, Node
from engine.diagram.text import fit, line_height

SVG = "http://www.w3.org/2000/svg"

EVENTS = {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent"}
GATEWAYS = {"exclusiveGateway", "inclusiveGateway", "parallelGateway", "eventBasedGateway", "complexGateway"}
CONTAINERS = {"subProcess", "transaction", "adHocSubProcess"}
ACTIVITIES = {
    "task",
    "userTask",
    "manualTask",
    "scriptTask",
    "serviceTask",
    "businessRuleTask",
    "sendTask",
    "receiveTask",
    "callActivity",
} | CONTAINERS
FLOW_NODES = EVENTS | GATEWAYS | ACTIVITIES

LABEL_SIZE = 11
MARKER = 14  # the side of a marker under an activity's name
INK = "#1f2328"
#: how each class of drawing looks where no style sheet applies (the SVG's own ``<style>`` colours
#: the states over these)
PRESENTATION = {
    "shape": {"fill": "#fff", "stroke": INK, "stroke-width": 1.5},
    "icon": {"fill": "none", "stroke": INK, "stroke-width": 1.5},
    "flow": {"fill": "none", "stroke": INK, "stroke-width": 1.5},
    "arrow": {"fill": INK, "stroke": "none"},
    "band": {"fill": "none", "stroke": "#8c959f", "stroke-width": 1},
    "caption-box": {"fill": "#fff", "stroke": "none"},
}


def element(parent: etree._Element, tag: str, attributes: dict | None = None, text: str | None = None):
    """A child SVG element, with its class's presentation; numbers without needless decimals."""
    attributes = attributes or {}
    style = PRESENTATION.get((attributes.get("class") or "").split(" ")[0], {})
    merged = {**style, **attributes}
    child = etree.SubElement(parent, f"{{{SVG}}}{tag}", {k: number(v) for k, v in merged.items()})
    if text is not None:
        child.text = text
    return child


def number(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def _path(group: etree._Element, template: str, *numbers: float, width: float = 1.5) -> None:
    """An icon's path: ``template`` with ``{}`` for each of the numbers."""
    d = template.format(*(number(float(n)) for n in numbers))
    element(group, "path", {"class": "icon", "d": d, "stroke-width": width})


def text_lines(
    parent: etree._Element, lines: list[str], size: float, x: float, top: float, anchor: str = "middle"
) -> etree._Element:
    """Lines stacked from ``top``, each a ``tspan`` at ``x``."""
    text = element(parent, "text", {"font-size": size, "text-anchor": anchor})
    height = line_height(size)
    for index, line in enumerate(lines):
        element(text, "tspan", {"x": x, "y": top + index * height + height / 2 + size * 0.35}, line)
    return text


def draw_node(group: etree._Element, node: Node) -> None:
    """The node's shape and name into its group (``<g id="el-…">``)."""
    if node.name:
        element(group, "title", text=node.name)
    if node.kind in EVENTS:
        _event(group, node)
    elif node.kind in GATEWAYS:
        _gateway(group, node)
    else:
        _activity(group, node)


def draw_edge(group: etree._Element, edge: Edge) -> None:
    """A polyline along the waypoints, an arrowhead at the target, a slash if it is a default flow.

    Arrowheads are drawn as shapes rather than SVG markers: every renderer agrees on a polygon.
    """
    element(group, "polyline", {"class": "flow", "points": _points(edge.points)})
    if len(edge.points) >= 2:
        _arrowhead(group, edge.points[-2], edge.points[-1])
        if edge.default:
            _default_slash(group, edge.points[0], edge.points[1])
    if edge.name:
        element(group, "title", text=edge.name)
        draw_label(group, edge.name, edge.label or _beside(edge.points))


def _direction(start: tuple[float, float], end: tuple[float, float]) -> tuple[float, float]:
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy) or 1.0
    return dx / length, dy / length


def _arrowhead(group: etree._Element, start: tuple[float, float], tip: tuple[float, float]) -> None:
    ux, uy = _direction(start, tip)
    bx, by = tip[0] - 10 * ux, tip[1] - 10 * uy
    corners = [tip, (bx - 4 * uy, by + 4 * ux), (bx + 4 * uy, by - 4 * ux)]
    element(group, "polygon", {"class": "arrow", "points": _points(corners)})


def _points(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{number(x)},{number(y)}" for x, y in points)


def _default_slash(group: etree._Element, start: tuple[float, float], towards: tuple[float, float]) -> None:
    ux, uy = _direction(start, towards)
    cx, cy = start[0] + 10 * ux, start[1] + 10 * uy
    _path(
        group,
        "M{},{} L{},{}",
        cx - 3 * ux + 5 * uy,
        cy - 3 * uy - 5 * ux,
        cx + 3 * ux - 5 * uy,
        cy + 3 * uy + 5 * ux,
    )


def draw_label(group: etree._Element, name: str, box: Bounds) -> None:
    """An external label (of an event, gateway or flow) in its BPMNLabel bounds, centred."""
    lines, size = fit(name, max(box.width, LABEL_SIZE), math.inf, (LABEL_SIZE,))
    text_lines(group, lines, size, box.x + box.width / 2, box.y).set("class", "label")


def _beside(points: list[tuple[float, float]]) -> Bounds:
    (x1, y1), (x2, y2) = points[0], points[1]
    return Bounds((x1 + x2) / 2 + 4, (y1 + y2) / 2 - 16, 40, 14)


# -- activities -----------------------------------------------------------------------------------


def _activity(group: etree._Element, node: Node) -> None:
    b = node.bounds
    box = {"x": b.x, "y": b.y, "width": b.width, "height": b.height, "rx": 10}
    element(group, "rect", {**_shape_class(node.kind == "callActivity"), **box})
    if node.expanded:  # an expanded subprocess: its contents are on this plane, its name at the top
        lines, size = fit(node.name, b.width - 12, 2 * line_height(12))
        text_lines(group, lines, size, b.x + 6, b.y + 4, anchor="start")
        return
    markers = _bottom_markers(node)
    room = b.height - 8 - (MARKER + 2 if markers else 0)
    lines, size = fit(node.name, b.width - 10, room)
    top = b.y + 4 + (room - len(lines) * line_height(size)) / 2
    text_lines(group, lines, size, b.x + b.width / 2, top)
    left = b.x + (b.width - len(markers) * (MARKER + 3) + 3) / 2
    for index, marker in enumerate(markers):
        _MARKERS[marker](group, left + index * (MARKER + 3), b.bottom - MARKER - 4)


def _shape_class(thick: bool) -> dict:
    """Call activities and end events have a thick border (and keep it when marked)."""
    return {"class": "shape thick", "stroke-width": 4} if thick else {"class": "shape"}


def _bottom_markers(node: Node) -> list[str]:
    loops = [m for m in ("parallel", "sequential", "loop") if m in node.markers]
    collapsed = ["collapsed"] if node.kind == "callActivity" or node.kind in CONTAINERS else []
    return loops + collapsed


def _collapsed_marker(group: etree._Element, x: float, y: float) -> None:
    element(group, "rect", {"class": "icon", "x": x, "y": y, "width": MARKER, "height": MARKER})
    _path(group, "M{},{} h8 M{},{} v8", x + 3, y + 7, x + 7, y + 3)


def _parallel_marker(group: etree._Element, x: float, y: float) -> None:
    _path(group, "M{},{} v12 M{},{} v12 M{},{} v12", x + 3, y + 1, x + 7, y + 1, x + 11, y + 1, width=2)


def _sequential_marker(group: etree._Element, x: float, y: float) -> None:
    _path(group, "M{},{} h12 M{},{} h12 M{},{} h12", x + 1, y + 3, x + 1, y + 7, x + 1, y + 11, width=2)


def _loop_marker(group: etree._Element, x: float, y: float) -> None:
    ex, ey = x + 10, y + 12
    _path(group, "M{},{} A5.5,5.5 0 1 1 {},{} l3,-2 M{},{} l-1,-3", x + 4, ey, ex, ey, ex, ey)


_MARKERS = {
    "collapsed": _collapsed_marker,
    "parallel": _parallel_marker,
    "sequential": _sequential_marker,
    "loop": _loop_marker,
}


# -- events and gateways --------------------------------------------------------------------------


def _event(group: etree._Element, node: Node) -> None:
    cx, cy = node.bounds.center
    r = node.bounds.width / 2
    element(group, "circle", {**_shape_class(node.kind == "endEvent"), "cx": cx, "cy": cy, "r": r})
    if node.kind.startswith("intermediate") or node.kind == "boundaryEvent":
        element(group, "circle", {"class": "icon", "cx": cx, "cy": cy, "r": r - 3})
    if "timer" in node.markers:
        element(group, "circle", {"class": "icon", "cx": cx, "cy": cy, "r": r * 0.6})
        _path(group, "M{},{} L{},{} L{},{}", cx, cy - r * 0.45, cx, cy, cx + r * 0.32, cy + r * 0.18)
    if "message" in node.markers:
        w, h = r * 1.0, r * 0.7
        element(group, "rect", {"class": "icon", "x": cx - w / 2, "y": cy - h / 2, "width": w, "height": h})
        _path(group, "M{},{} L{},{} L{},{}", cx - w / 2, cy - h / 2, cx, cy + h * 0.1, cx + w / 2, cy - h / 2)
    _external_label(group, node)


def _gateway(group: etree._Element, node: Node) -> None:
    b = node.bounds
    cx, cy = b.center
    corners = [(cx, b.y), (b.x + b.width, cy), (cx, b.bottom), (b.x, cy)]
    element(group, "polygon", {"class": "shape", "points": _points(corners)})
    arm = b.width * 0.2
    if node.kind == "exclusiveGateway":
        left, right, top, bottom = cx - arm, cx + arm, cy - arm, cy + arm
        _path(
            group, "M{},{} L{},{} M{},{} L{},{}", left, top, right, bottom, right, top, left, bottom, width=3
        )
    elif node.kind == "parallelGateway":
        arm *= 1.3
        _path(group, "M{},{} H{} M{},{} V{}", cx - arm, cy, cx + arm, cx, cy - arm, cy + arm, width=3)
    elif node.kind in ("inclusiveGateway", "eventBasedGateway"):
        element(group, "circle", {"class": "icon", "cx": cx, "cy": cy, "r": arm * 1.2, "stroke-width": 2.5})
    _external_label(group, node)


def _external_label(group: etree._Element, node: Node) -> None:
    if not node.name:
        return
    b = node.bounds
    box = node.label or Bounds(b.x - 25, b.bottom + 5, b.width + 50, 14)
    draw_label(group, node.name, box)


def label_bottom(node: Node) -> float:
    """Where a caption under the node may start: below its shape and its external label."""
    bottom = node.bounds.bottom
    if node.label is not None and node.kind not in ACTIVITIES:
        bottom = max(bottom, node.label.bottom)
    elif node.name and node.kind not in ACTIVITIES:
        bottom += 19
    return bottom
