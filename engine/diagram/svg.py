"""``render``: one plane of a BPMN file's diagram as a standalone SVG document, its elements
coloured by the state a case left them in."""

from __future__ import annotations

from lxml import etree

from engine.diagram.document import Band, Bounds, Node, Plane, parse, read_plane
from engine.diagram.shapes import (
    FLOW_NODES,
    SVG,
    draw_edge,
    draw_node,
    element,
    label_bottom,
    number,
    text_lines,
)
from engine.diagram.text import FONT_FAMILY, fit, line_height, text_width

#: the states an element can be marked with, and the legend under a marked diagram
LEGEND = {
    "completed": "已完成",
    "active": "办理中",
    "overdue": "已逾期",
    "waiting": "等待中",
    "cancelled": "已撤销",
}
STATES = tuple(LEGEND)
#: what a comparison of two versions marks (engine/versions/diff.py), with its legend
DIFF_LEGEND = {"added": "新增", "removed": "删除", "changed": "修改"}
LEGEND_HEIGHT = 24
MARGIN = 12
BAND_LABEL_WIDTH = 30
CAPTION_SIZE = 10

#: the states' colours over the shapes' own presentation (shapes.PRESENTATION); scoped to the
#: diagram, because an SVG inlined in a page shares the page's style sheet
STYLE = """
.bpmn-diagram .label { fill: #3d4450; }
.bpmn-diagram .caption-box { opacity: 0.85; }
.bpmn-diagram .caption { fill: #5b6470; }
.bpmn-diagram .completed .shape { fill: #dff3e3; stroke: #2e7d32; }
.bpmn-diagram .active .shape { fill: #ffe8cc; stroke: #e8710a; stroke-width: 3; }
.bpmn-diagram .overdue .shape { fill: #fdecea; stroke: #b3261e; stroke-width: 3; }
.bpmn-diagram .waiting .shape { fill: #e3eefb; stroke: #0b5cad; stroke-width: 2.5; }
.bpmn-diagram .cancelled .shape { fill: #eeeeee; stroke: #9e9e9e; stroke-dasharray: 4 3; }
.bpmn-diagram .cancelled text { fill: #8c959f; }
.bpmn-diagram .overdue .caption { fill: #b3261e; }
.bpmn-diagram .shape.thick { stroke-width: 4; }
.bpmn-diagram .added .shape { fill: #dff3e3; stroke: #2e7d32; stroke-width: 3; }
.bpmn-diagram .removed .shape { fill: #fdecea; stroke: #b3261e; stroke-width: 3; stroke-dasharray: 5 3; }
.bpmn-diagram .changed .shape { fill: #fff4cc; stroke: #b26a00; stroke-width: 3; }
.bpmn-diagram .added .flow { stroke: #2e7d32; stroke-width: 2.5; }
.bpmn-diagram .removed .flow { stroke: #b3261e; stroke-width: 2.5; stroke-dasharray: 5 3; }
.bpmn-diagram .changed .flow { stroke: #b26a00; stroke-width: 2.5; }
"""


def render(
    xml: str | bytes,
    *,
    process_id: str,
    marks: dict[str, str],
    labels: dict[str, str] | None = None,
    plane: str | None = None,
    legend: dict[str, str] = LEGEND,
) -> str:
    """The SVG of ``process_id``'s diagram (or of the embedded subprocess ``plane``).

    ``marks`` maps element ids to a state (completed, active, overdue, waiting, cancelled), which
    becomes the class of the element's group ``<g id="el-<id>">``; ``labels`` adds a caption under
    an element (who holds a task, …). ``legend`` names the marks there may be (``DIFF_LEGEND``:
    added, removed, changed).
    """
    drawing = read_plane(parse(xml), process_id, plane)
    extent = _extent(drawing, legend=bool(marks))
    svg = etree.Element(
        f"{{{SVG}}}svg",
        {
            "class": "bpmn-diagram",
            "role": "img",
            "width": number(extent.width),
            "height": number(extent.height),
            "viewBox": " ".join(number(v) for v in (extent.x, extent.y, extent.width, extent.height)),
            "font-family": FONT_FAMILY,
        },
        nsmap={None: SVG},
    )
    element(svg, "style", text=STYLE)
    for band in drawing.bands:
        _band(_group(svg, band.id, band.kind, marks, legend), band)
    for edge in drawing.edges:
        draw_edge(_group(svg, edge.id, edge.kind, marks, legend), edge)
    for node in drawing.nodes:
        if node.kind in FLOW_NODES:
            group = _group(svg, node.id, node.kind, marks, legend)
            draw_node(group, node)
            if labels and labels.get(node.id):
                _caption(group, node, labels[node.id])
    if marks:
        _legend(svg, extent.x + MARGIN, extent.bottom - LEGEND_HEIGHT, legend)
    return etree.tostring(svg, encoding="unicode")


def _group(
    svg: etree._Element, element_id: str, kind: str, marks: dict[str, str], legend: dict[str, str]
) -> etree._Element:
    attributes = {"id": f"el-{element_id}", "data-kind": kind}
    if marks.get(element_id) in legend:
        attributes["class"] = marks[element_id]
    return element(svg, "g", attributes)


def _band(group: etree._Element, band: Band) -> None:
    """A pool or lane: its box, and its name turned to run up the band at its left."""
    b = band.bounds
    element(group, "rect", {"class": "band", "x": b.x, "y": b.y, "width": b.width, "height": b.height})
    if band.kind == "participant":
        divider = f"M{number(b.x + BAND_LABEL_WIDTH)},{number(b.y)} v{number(b.height)}"
        element(group, "path", {"class": "band", "d": divider})
    cx, cy = b.x + BAND_LABEL_WIDTH / 2, b.y + b.height / 2
    lines, size = fit(band.name, b.height - 10, BAND_LABEL_WIDTH - 4)
    top = cy - len(lines) * line_height(size) / 2
    text_lines(group, lines, size, cx, top).set("transform", f"rotate(-90 {number(cx)} {number(cy)})")


def _caption(group: etree._Element, node: Node, caption: str) -> None:
    """A small note under the element, on a white ground so crossing flows don't hide it."""
    cx = node.bounds.center[0]
    width = max(node.bounds.width + 40, 80)
    lines, size = fit(caption, width, 3 * line_height(CAPTION_SIZE), (CAPTION_SIZE,))
    top = label_bottom(node) + 2
    box_width = max(text_width(line, size) for line in lines) + 6
    height = len(lines) * line_height(size)
    element(
        group,
        "rect",
        {"class": "caption-box", "x": cx - box_width / 2, "y": top, "width": box_width, "height": height},
    )
    text_lines(group, lines, size, cx, top).set("class", "caption")


def _legend(svg: etree._Element, x: float, y: float, states: dict[str, str]) -> None:
    legend = element(svg, "g", {"class": "legend"})
    for state, words in states.items():
        swatch = element(legend, "g", {"class": state})
        element(swatch, "rect", {"class": "shape", "x": x, "y": y + 5, "width": 16, "height": 12, "rx": 3})
        text_lines(legend, [words], 11, x + 20, y + 4, anchor="start")
        x += 20 + text_width(words, 11) + 16


def _extent(drawing: Plane, legend: bool) -> Bounds:
    boxes = [band.bounds for band in drawing.bands] + [node.bounds for node in drawing.nodes]
    boxes += [node.label for node in drawing.nodes if node.label]
    boxes += [edge.label for edge in drawing.edges if edge.label]
    boxes += [Bounds(x, y, 0, 0) for edge in drawing.edges for x, y in edge.points]
    if not boxes:
        return Bounds(0, 0, 100, 100)
    left = min(b.x for b in boxes) - MARGIN
    top = min(b.y for b in boxes) - MARGIN
    right = max(b.x + b.width for b in boxes) + MARGIN
    bottom = max(b.bottom for b in boxes) + MARGIN + 2 * line_height(CAPTION_SIZE)
    bottom += LEGEND_HEIGHT if legend else 0
    return Bounds(left, top, right - left, bottom - top)
