"""Where the nodes of a process go: a grid of columns, one horizontal band per lane."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .graph import Ranking, rank
from .model import EVENTS, GATEWAYS, Container, Lane

Point = tuple[int, int]

COLUMN_WIDTH = 150
ROW_HEIGHT = 120
#: bpmn-js's default sizes.
EVENT_SIZE = (36, 36)
GATEWAY_SIZE = (50, 50)
ACTIVITY_SIZE = (100, 80)


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    @property
    def center_x(self) -> int:
        return self.x + self.width // 2

    @property
    def center_y(self) -> int:
        return self.y + self.height // 2

    def contains(self, other: Box) -> bool:
        inside_x = self.x <= other.x and other.right <= self.right
        return inside_x and self.y <= other.y and other.bottom <= self.bottom

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom
        )


@dataclass
class Band:
    """A horizontal strip of the grid: a lane's, or the whole plane's when there are no lanes."""

    lane: Lane | None
    box: Box


@dataclass
class Placement:
    """A container's nodes and bands laid out with their top-left corner at a given point."""

    container: Container
    ranking: Ranking
    nodes: dict[str, Box]
    bands: list[Band]
    band_of: dict[str, Band]
    columns: int

    @property
    def width(self) -> int:
        return self.columns * COLUMN_WIDTH

    @property
    def height(self) -> int:
        return sum(band.box.height for band in self.bands)


def size_of(kind: str) -> tuple[int, int]:
    if kind in EVENTS:
        return EVENT_SIZE
    if kind in GATEWAYS:
        return GATEWAY_SIZE
    return ACTIVITY_SIZE


def place(container: Container, x: int, y: int) -> Placement:
    """Lay the container out on the grid: column by longest path, band by lane, stacked when crowded."""
    ranking = rank(container)
    kinds = {node.id: node.kind for node in container.nodes}
    columns = max(ranking.column.values(), default=0) + 1
    placement = Placement(container, ranking, {}, [], {}, columns)
    predecessors = _forward_predecessors(container, ranking)
    top = y
    for lane, node_ids in _band_members(container):
        rows = _rows(node_ids, ranking, predecessors)
        height = (max(rows.values(), default=0) + 1) * ROW_HEIGHT
        band = Band(lane, Box(x, top, columns * COLUMN_WIDTH, height))
        placement.bands.append(band)
        for node_id in node_ids:
            cell_x = x + ranking.column[node_id] * COLUMN_WIDTH
            cell_y = top + rows[node_id] * ROW_HEIGHT
            placement.nodes[node_id] = _centred(size_of(kinds[node_id]), cell_x, cell_y)
            placement.band_of[node_id] = band
        top += height
    return placement


def _centred(size: tuple[int, int], cell_x: int, cell_y: int) -> Box:
    width, height = size
    return Box(cell_x + (COLUMN_WIDTH - width) // 2, cell_y + (ROW_HEIGHT - height) // 2, width, height)


def _band_members(container: Container) -> list[tuple[Lane | None, list[str]]]:
    """The nodes of each lane in document order; nodes in no lane get a band of their own, last."""
    if not container.lanes:
        return [(None, [node.id for node in container.nodes])]
    members: dict[str | None, list[str]] = {lane.id: [] for lane in container.lanes}
    for node in container.nodes:
        lane = container.lane_of(node.id)
        members.setdefault(lane.id if lane else None, []).append(node.id)
    bands: list[tuple[Lane | None, list[str]]] = [(lane, members[lane.id]) for lane in container.lanes]
    if None in members:
        bands.append((None, members[None]))
    return bands


def _forward_predecessors(container: Container, ranking: Ranking) -> dict[str, list[str]]:
    predecessors: dict[str, list[str]] = defaultdict(list)
    for flow in container.flows:
        if ranking.is_forward(flow):
            predecessors[flow.target].append(flow.source)
    return predecessors


def _rows(node_ids: list[str], ranking: Ranking, predecessors: dict[str, list[str]]) -> dict[str, int]:
    """Sub-rows within a band: each node keeps its predecessor's row if it can, else goes below.

    Nodes sharing a cell are stacked in search order, so a gateway's branches come top to bottom in
    the order of its outgoing flows (SpiffWorkflow orders a node's branches by their height).
    """
    by_column: dict[int, list[str]] = defaultdict(list)
    for node_id in node_ids:
        by_column[ranking.column[node_id]].append(node_id)
    rows: dict[str, int] = {}
    for column in sorted(by_column):
        cell = by_column[column]
        wanted = {n: min((rows[p] for p in predecessors[n] if p in rows), default=0) for n in cell}
        free = 0
        for node_id in sorted(cell, key=lambda n: (wanted[n], ranking.order[n])):
            rows[node_id] = max(wanted[node_id], free)
            free = rows[node_id] + 1
    return rows
