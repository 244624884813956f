"""Warn where a new diagram changes the order in which an exclusive gateway tries its conditions.

SpiffWorkflow 3.2.0 connects a node's outgoing flows sorted by the height (``y``) of their targets'
shapes, so a diagram is not pure decoration: an exclusive gateway takes the first conditioned flow,
in that order, whose condition holds. Laying a file out can move targets (a branch into a lane
above, say), which only matters where two conditions can hold at once.
"""

from __future__ import annotations

from collections import defaultdict

from lxml import etree

from .document import parse
from .model import NS


def reordered_choices(before: bytes, after: bytes) -> list[str]:
    """One message per exclusive gateway whose conditioned flows are tried in a different order."""
    old, new = choice_orders(parse(before)), choice_orders(parse(after))
    return [
        f"exclusive gateway '{gateway}' now tries its conditions in the order {', '.join(new[gateway])}"
        f" (was {', '.join(flows)}): make the conditions exclusive, or move a branch"
        for gateway, flows in old.items()
        if new.get(gateway, flows) != flows
    ]


def choice_orders(definitions: etree._Element) -> dict[str, list[str]]:
    """For each exclusive gateway with two or more conditioned flows, their ids in SpiffWorkflow's order."""
    tops = {
        shape.get("bpmnElement"): float(bounds.get("y", 0))
        for shape in definitions.iterfind(".//bpmndi:BPMNShape[@bpmnElement]", NS)
        if (bounds := shape.find("dc:Bounds", NS)) is not None
    }
    outgoing = defaultdict(list)
    for flow in definitions.iterfind(".//bpmn:sequenceFlow", NS):
        outgoing[flow.get("sourceRef")].append(flow)
    orders = {}
    for gateway in definitions.iterfind(".//bpmn:exclusiveGateway", NS):
        flows = sorted(outgoing[gateway.get("id")], key=lambda flow: tops.get(flow.get("targetRef"), 0.0))
        conditioned = [
            flow.get("id")
            for flow in flows
            if flow.get("id") != gateway.get("default")
            and flow.find("bpmn:conditionExpression", NS) is not None
        ]
        if len(conditioned) > 1:
            orders[gateway.get("id")] = conditioned
    return orders
