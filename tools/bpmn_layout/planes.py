"""The drawings to write: one plane for the pools of the collaboration (or a plain process), one per
embedded subprocess — what bpmn-js shows, and drills down into."""

from __future__ import annotations

from dataclasses import dataclass, field

from .geometry import COLUMN_WIDTH, ROW_HEIGHT, Box, Placement, Point, place
from .labels import flow_label, node_label
from .model import CONTAINERS, EVENTS, GATEWAYS, Container
from .routes import Router

ORIGIN_X, ORIGIN_Y = 160, 80
POOL_LABEL_WIDTH = 30
POOL_GAP = 40


@dataclass
class Shape:
    element_id: str
    box: Box
    attributes: dict[str, str] = field(default_factory=dict)
    label: Box | None = None


@dataclass
class Edge:
    element_id: str
    points: list[Point]
    label: Box | None = None


@dataclass
class Plane:
    """What one ``bpmndi:BPMNDiagram`` draws; ``element_id`` is the collaboration, process or subprocess."""

    element_id: str
    shapes: list[Shape] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


@dataclass
class Pool:
    """A participant of the collaboration and the process it stands for (None: a process elsewhere)."""

    participant_id: str
    process: Container | None


def collaboration_plane(collaboration_id: str, pools: list[Pool]) -> Plane:
    """The pools stacked top to bottom, each with its lanes as bands of the same width."""
    plane = Plane(collaboration_id)
    placements: list[tuple[Pool, Placement | None, int]] = []
    top = ORIGIN_Y
    for pool in pools:
        placement = place(pool.process, ORIGIN_X + POOL_LABEL_WIDTH, top) if pool.process else None
        placements.append((pool, placement, top))
        top += (placement.height if placement else ROW_HEIGHT) + POOL_GAP
    width = max((p.width for _, p, _ in placements if p), default=4 * COLUMN_WIDTH)
    for pool, placement, pool_top in placements:
        height = placement.height if placement else ROW_HEIGHT
        pool_box = Box(ORIGIN_X, pool_top, POOL_LABEL_WIDTH + width, height)
        plane.shapes.append(Shape(pool.participant_id, pool_box, {"isHorizontal": "true"}))
        if placement:
            _draw_lanes(plane, placement, width)
            _draw_contents(plane, placement)
    return plane


def process_plane(process: Container) -> Plane:
    """A process without a pool: its nodes drawn plainly."""
    plane = Plane(process.id)
    _draw_contents(plane, place(process, ORIGIN_X, ORIGIN_Y))
    return plane


def subprocess_planes(container: Container) -> list[Plane]:
    """One plane per embedded subprocess, at any depth, in document order."""
    planes = []
    for subprocess in container.subprocesses:
        planes.append(process_plane(subprocess))
        planes += subprocess_planes(subprocess)
    return planes


def _draw_lanes(plane: Plane, placement: Placement, width: int) -> None:
    for band in placement.bands:
        if band.lane is not None:
            box = Box(band.box.x, band.box.y, width, band.box.height)
            plane.shapes.append(Shape(band.lane.id, box, {"isHorizontal": "true"}))


def _draw_contents(plane: Plane, placement: Placement) -> None:
    router = Router(placement)
    edges = []
    for flow in placement.container.flows:
        points = router.route(flow)
        label = flow_label(flow.name, points, router.is_forward(flow)) if flow.name else None
        edges.append(Edge(flow.id, points, label))
    edge_ends = {point for edge in edges for point in (edge.points[0], edge.points[-1])}
    for node in placement.container.nodes:
        box = placement.nodes[node.id]
        label = None
        if node.name and node.kind in EVENTS | GATEWAYS:
            label = node_label(node.name, box, beside_line=(box.center_x, box.bottom) in edge_ends)
        plane.shapes.append(Shape(node.id, box, _shape_attributes(node.kind), label))
    plane.edges += edges


def _shape_attributes(kind: str) -> dict[str, str]:
    if kind in CONTAINERS:
        return {"isExpanded": "false"}
    if kind == "exclusiveGateway":
        return {"isMarkerVisible": "true"}
    return {}
