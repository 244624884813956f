"""Where names go: under events and gateways, beside flows."""

from __future__ import annotations

import math
import unicodedata

from .geometry import Box, Point

LABEL_MAX_WIDTH = 90
LABEL_LINE_HEIGHT = 14


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
    """Above the last stretch into the target; for a loop, beside the drop out of the source."""
    width, height = text_size(name)
    if forward:
        x, y = points[-2]
        return Box(x + 4, y - height - 3, width, height)
    x, y = points[0]
    return Box(x + 4, y + 2, width, height)
