"""How sequence flows are drawn between placed nodes, and where names go."""

from __future__ import annotations

import math
import unicodedata

from .geometry import COLUMN_WIDTH, Box, Placement
from .model import GATEWAYS, Flow

Point = tuple[int, int]

#: A loop runs this far above the bottom of the lowest band it touches; loops of one plane are
#: staggered by LOOP_STAGGER so that they do not draw over each other.
LOOP_CLEARANCE = 10
LOOP_STAGGER = 4
LABEL_MAX_WIDTH = 90
LABEL_LINE_HEIGHT = 14


class Router:
    """Waypoints for the flows of one placed container: left to right, loops round underneath."""

    def __init__(self, placement: Placement) -> None:
        self.placement = placement
        self.gateways = {node.id for node in placement.container.nodes if node.kind in GATEWAYS}
        self.loop_sources = {flow.source for flow in placement.container.flows if not self.is_forward(flow)}
        self.loops = 0

    def is_forward(self, flow: Flow) -> bool:
        return self.placement.ranking.is_forward(flow)

    def route(self, flow: Flow) -> list[Point]:
        source, target = self.placement.nodes[flow.source], self.placement.nodes[flow.target]
        if not self.is_forward(flow):
            return self._loop(flow, source, target)
        if source.center_y == target.center_y:
            return [(source.right, source.center_y), (target.x, target.center_y)]
        if flow.source in self.gateways and self._clear_drop(flow, source, target):
            # Like a modeller draws a branch: out of the gateway's top or bottom corner.
            corner_y = source.bottom if target.center_y > source.center_y else source.y
            bend = (source.center_x, target.center_y)
            return [(source.center_x, corner_y), bend, (target.x, target.center_y)]
        # Turn in the gap just before the target's column, where no node can be in the way.
        gap_x = target.center_x - COLUMN_WIDTH // 2
        return [
            (source.right, source.center_y),
            (gap_x, source.center_y),
            (gap_x, target.center_y),
            (target.x, target.center_y),
        ]

    def _clear_drop(self, flow: Flow, source: Box, target: Box) -> bool:
        """Whether a vertical line from the gateway to the target's height crosses no other node
        (nor a loop, which also leaves a gateway at the bottom)."""
        if target.center_y > source.center_y and flow.source in self.loop_sources:
            return False
        top, bottom = sorted((source.center_y, target.center_y))
        drop = Box(source.center_x, top, 1, bottom - top)
        return not any(
            box.overlaps(drop)
            for node_id, box in self.placement.nodes.items()
            if node_id not in (flow.source, flow.target)
        )

    def _loop(self, flow: Flow, source: Box, target: Box) -> list[Point]:
        bands = self.placement.band_of
        floor = max(bands[flow.source].box.bottom, bands[flow.target].box.bottom)
        floor -= LOOP_CLEARANCE + LOOP_STAGGER * (self.loops % 3)
        self.loops += 1
        out_x, in_x = source.center_x, target.center_x
        if source == target:
            out_x, in_x = out_x + source.width // 4, in_x - target.width // 4
        return [(out_x, source.bottom), (out_x, floor), (in_x, floor), (in_x, target.bottom)]


def text_size(text: str) -> tuple[int, int]:
    """Roughly the box a label needs: wide (CJK) characters count double, wrapped at 90 px."""
    width = sum(14 if unicodedata.east_asian_width(char) in "WF" else 7 for char in text)
    lines = max(1, math.ceil(width / LABEL_MAX_WIDTH))
    return min(width, LABEL_MAX_WIDTH), lines * LABEL_LINE_HEIGHT


def node_label(name: str, shape: Box, beside_line: bool = False) -> Box:
    """Under the shape, centred; or left of a flow that leaves or enters at the bottom (a flow's own
    name goes on the right of it)."""
    width, height = text_size(name)
    x = shape.center_x - 6 - width if beside_line else shape.center_x - width // 2
    return Box(x, shape.bottom + 5, width, height)


def flow_label(name: str, points: list[Point], forward: bool) -> Box:
    """Beside the start of the last stretch into the target; for a loop, beside the drop out of the source."""
    width, height = text_size(name)
    if forward:
        x, y = points[-2]
        return Box(x + 4, y - height - 3, width, height)
    x, y = points[0]
    return Box(x + 4, y + 2, width, height)
