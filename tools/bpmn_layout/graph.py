"""Columns of a process graph: longest path from the start, loops cut where they close."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from .model import Container, Flow


@dataclass
class Ranking:
    """Where each node goes left to right, and which flows run backwards (close a loop)."""

    column: dict[str, int]
    #: Discovery order of the depth-first search: follows outgoing flows in document order.
    order: dict[str, int]
    back_edges: set[str]

    def is_forward(self, flow: Flow) -> bool:
        return flow.id not in self.back_edges


def rank(container: Container) -> Ranking:
    """Back edges by depth-first search from the start events; columns by longest forward path."""
    outgoing: dict[str, list[Flow]] = {node.id: [] for node in container.nodes}
    for flow in container.flows:
        outgoing[flow.source].append(flow)
    order, back_edges = _search(_roots(container), outgoing)
    forward = {source: [f for f in flows if f.id not in back_edges] for source, flows in outgoing.items()}
    return Ranking(_longest_paths(container, forward), order, back_edges)


def _roots(container: Container) -> list[str]:
    """Start events first, then nodes nothing flows into, then the rest (to reach every cycle)."""
    targets = {flow.target for flow in container.flows}
    starts = [node.id for node in container.nodes if node.kind == "startEvent"]
    sources = [node.id for node in container.nodes if node.id not in targets]
    return starts + sources + [node.id for node in container.nodes]


def _search(roots: list[str], outgoing: dict[str, list[Flow]]) -> tuple[dict[str, int], set[str]]:
    """Depth-first search: discovery order, and the flows that lead back onto the current path."""
    on_path: set[str] = set()
    order: dict[str, int] = {}
    back_edges: set[str] = set()
    for root in roots:
        if root in order:
            continue
        order[root] = len(order)
        on_path.add(root)
        stack = [(root, iter(outgoing[root]))]
        while stack:
            node, flows = stack[-1]
            flow = next(flows, None)
            if flow is None:
                on_path.discard(node)
                stack.pop()
            elif flow.target in on_path:
                back_edges.add(flow.id)
            elif flow.target not in order:
                order[flow.target] = len(order)
                on_path.add(flow.target)
                stack.append((flow.target, iter(outgoing[flow.target])))
    return order, back_edges


def _longest_paths(container: Container, forward: dict[str, list[Flow]]) -> dict[str, int]:
    """Column = length of the longest forward path reaching the node (Kahn's topological order)."""
    waiting = {node.id: 0 for node in container.nodes}
    for flows in forward.values():
        for flow in flows:
            waiting[flow.target] += 1
    column = {node_id: 0 for node_id in waiting}
    ready = deque(node_id for node_id, count in waiting.items() if count == 0)
    while ready:
        node_id = ready.popleft()
        for flow in forward[node_id]:
            column[flow.target] = max(column[flow.target], column[node_id] + 1)
            waiting[flow.target] -= 1
            if waiting[flow.target] == 0:
                ready.append(flow.target)
    return column
