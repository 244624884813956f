"""How sequence flows are drawn between placed nodes: orthogonal lines that avoid other nodes.

The grid leaves gutters no node can be in: the column boundaries, and a strip along the top and
bottom of every row. A route that would cross a node goes round through them instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from .geometry import COLUMN_WIDTH, ROW_HEIGHT, Box, Placement, Point
from .model import GATEWAYS, Flow

#: How far inside a row's edge a gutter runs; loops of one plane are staggered by LOOP_STAGGER
#: so that they do not draw over each other.
GUTTER = 10
LOOP_STAGGER = 4


#: A gateway corner a flow leaves or enters by: (node id, "top" | "bottom").
Port = tuple[str, str]
#: A route and the corners it takes.
Candidate = tuple[list[Point], set[Port]]


class Router:
    """Waypoints for the flows of one placed container: left to right, loops round underneath.

    A gateway's top and bottom corners carry one flow each: loops claim the bottoms first, then
    flows take them in document order.
    """

    def __init__(self, placement: Placement) -> None:
        self.placement = placement
        self.gateways = {node.id for node in placement.container.nodes if node.kind in GATEWAYS}
        loops = [flow for flow in placement.container.flows if not self.is_forward(flow)]
        self.used_ports: set[Port] = {(flow.source, "bottom") for flow in loops}
        self.used_ports |= {(flow.target, "bottom") for flow in loops}
        self.loops = 0

    def is_forward(self, flow: Flow) -> bool:
        return self.placement.ranking.is_forward(flow)

    def route(self, flow: Flow) -> list[Point]:
        """The first of the preferred routes that crosses no other node and finds its corners free."""
        source, target = self.placement.nodes[flow.source], self.placement.nodes[flow.target]
        if self.is_forward(flow):
            candidates, fallback = self._forward_routes(flow, source, target), _detour(source, target)
        else:
            floor = self._loop_floor(flow)
            candidates = iter([(_loop(source, target, floor), set())])
            fallback = _guttered_loop(source, target, floor)
        for points, ports in candidates:
            if not ports & self.used_ports and self._clear(points, flow):
                self.used_ports |= ports
                return _simplify(points)
        return _simplify(fallback)

    def _forward_routes(self, flow: Flow, source: Box, target: Box) -> Iterator[Candidate]:
        start, end = (source.right, source.center_y), (target.x, target.center_y)
        if start[1] == end[1]:
            yield [start, end], set()
            return
        down = end[1] > start[1]
        if flow.source in self.gateways:  # as a modeller draws a branch: out of a corner
            corner = "bottom" if down else "top"
            corner_y = source.bottom if down else source.y
            yield [(source.center_x, corner_y), (source.center_x, end[1]), end], {(flow.source, corner)}
        if flow.target in self.gateways:  # ... and a merge: into one
            corner = "top" if down else "bottom"
            corner_y = target.y if down else target.bottom
            yield [start, (target.center_x, start[1]), (target.center_x, corner_y)], {(flow.target, corner)}
        gap_x = _column_left(target)
        yield [start, (gap_x, start[1]), (gap_x, end[1]), end], set()

    def _loop_floor(self, flow: Flow) -> int:
        """Just above the bottom of the lower of the two lanes."""
        bands = self.placement.band_of
        floor = max(bands[flow.source].box.bottom, bands[flow.target].box.bottom)
        floor -= GUTTER + LOOP_STAGGER * (self.loops % 3)
        self.loops += 1
        return floor

    def _clear(self, points: list[Point], flow: Flow) -> bool:
        ends = (flow.source, flow.target)
        others = [box for node_id, box in self.placement.nodes.items() if node_id not in ends]
        return not any(_segment_box(a, b).overlaps(box) for a, b in pairwise(points) for box in others)


def _detour(source: Box, target: Box) -> list[Point]:
    """Up into the gutter along the top of the source's row, across, and down a column boundary."""
    gutter_y = source.center_y - ROW_HEIGHT // 2 + GUTTER
    gap_x = _column_left(target)
    return [
        (source.center_x, source.y),
        (source.center_x, gutter_y),
        (gap_x, gutter_y),
        (gap_x, target.center_y),
        (target.x, target.center_y),
    ]


def _loop(source: Box, target: Box, floor: int) -> list[Point]:
    out_x, in_x = source.center_x, target.center_x
    if source == target:
        out_x, in_x = out_x + source.width // 4, in_x - target.width // 4
    return [(out_x, source.bottom), (out_x, floor), (in_x, floor), (in_x, target.bottom)]


def _guttered_loop(source: Box, target: Box, floor: int) -> list[Point]:
    """A loop that reaches the floor down column boundaries, along the gutters of the two rows."""
    source_gutter = source.center_y + ROW_HEIGHT // 2 - GUTTER
    target_gutter = target.center_y + ROW_HEIGHT // 2 - GUTTER
    down_x, up_x = _column_left(source), _column_left(target) + COLUMN_WIDTH
    return [
        (source.center_x, source.bottom),
        (source.center_x, source_gutter),
        (down_x, source_gutter),
        (down_x, floor),
        (up_x, floor),
        (up_x, target_gutter),
        (target.center_x, target_gutter),
        (target.center_x, target.bottom),
    ]


def _column_left(box: Box) -> int:
    """The boundary left of the column the (centred) box is in."""
    return box.center_x - COLUMN_WIDTH // 2


def _segment_box(a: Point, b: Point) -> Box:
    return Box(min(a[0], b[0]), min(a[1], b[1]), abs(a[0] - b[0]) or 1, abs(a[1] - b[1]) or 1)


def _simplify(points: list[Point]) -> list[Point]:
    """Without repeated points, nor the middle points of straight runs."""
    kept: list[Point] = []
    for point in points:
        if kept and point == kept[-1]:
            continue
        if len(kept) >= 2 and _in_line(kept[-2], kept[-1], point):
            kept[-1] = point
        else:
            kept.append(point)
    return kept


def _in_line(a: Point, b: Point, c: Point) -> bool:
    return a[0] == b[0] == c[0] or a[1] == b[1] == c[1]
