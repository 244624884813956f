"""What the layout needs to know of a BPMN process: its flow nodes, sequence flows and lanes."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
NS = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI}

EVENTS = {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent"}
GATEWAYS = {"exclusiveGateway", "inclusiveGateway", "parallelGateway", "eventBasedGateway", "complexGateway"}
ACTIVITIES = {
    "task", "userTask", "manualTask", "scriptTask", "serviceTask", "businessRuleTask",
    "sendTask", "receiveTask", "callActivity",
}
#: Activities with their own flow nodes inside: drawn collapsed, with a diagram of their own.
CONTAINERS = {"subProcess", "transaction", "adHocSubProcess"}
FLOW_NODES = EVENTS | GATEWAYS | ACTIVITIES | CONTAINERS


class LayoutError(ValueError):
    """The file uses something the layout does not draw (or is not BPMN at all)."""


@dataclass
class Node:
    id: str
    kind: str
    name: str | None


@dataclass
class Flow:
    id: str
    source: str
    target: str
    name: str | None


@dataclass
class Lane:
    id: str
    name: str | None
    node_ids: list[str]


@dataclass
class Container:
    """A process or an embedded subprocess: the nodes and flows drawn on one plane."""

    id: str
    name: str | None
    nodes: list[Node] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    lanes: list[Lane] = field(default_factory=list)
    subprocesses: list[Container] = field(default_factory=list)

    def lane_of(self, node_id: str) -> Lane | None:
        return next((lane for lane in self.lanes if node_id in lane.node_ids), None)


def local_name(element: etree._Element) -> str:
    return etree.QName(element).localname


def is_bpmn(element: etree._Element, *names: str) -> bool:
    """True for a BPMN-namespace element (comments and PIs are never)."""
    if not isinstance(element.tag, str):
        return False
    qname = etree.QName(element)
    return qname.namespace == BPMN and (not names or qname.localname in names)


def read_container(element: etree._Element) -> Container:
    """The nodes, flows, lanes and embedded subprocesses of a process or subprocess element."""
    container = Container(element.get("id"), element.get("name"))
    for child in element:
        if not is_bpmn(child):
            continue
        kind = local_name(child)
        if kind == "boundaryEvent":
            raise LayoutError(f"boundary event '{child.get('id')}': boundary events are not laid out")
        if kind in FLOW_NODES:
            container.nodes.append(Node(child.get("id"), kind, child.get("name")))
        if kind in CONTAINERS:
            container.subprocesses.append(read_container(child))
        elif kind == "sequenceFlow":
            container.flows.append(
                Flow(child.get("id"), child.get("sourceRef"), child.get("targetRef"), child.get("name"))
            )
        elif kind == "laneSet":
            container.lanes += _read_lanes(child)
    _check_flows(container)
    return container


def _read_lanes(lane_set: etree._Element) -> list[Lane]:
    lanes = []
    for lane in lane_set.iterchildren(f"{{{BPMN}}}lane"):
        if lane.find("bpmn:childLaneSet", NS) is not None:
            raise LayoutError(f"lane '{lane.get('id')}': nested lanes are not laid out")
        refs = [(ref.text or "").strip() for ref in lane.iterchildren(f"{{{BPMN}}}flowNodeRef")]
        lanes.append(Lane(lane.get("id"), lane.get("name"), refs))
    return lanes


def _check_flows(container: Container) -> None:
    known = {node.id for node in container.nodes}
    for flow in container.flows:
        for end in (flow.source, flow.target):
            if end not in known:
                raise LayoutError(
                    f"sequence flow '{flow.id}' refers to '{end}', not a node of '{container.id}'"
                )
