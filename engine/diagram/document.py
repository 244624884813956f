"""What a diagram draws, read from a BPMN file's diagram interchange (BPMN DI) and the elements it
names: bands (pools and lanes), flow nodes and sequence flows, with their bounds and waypoints."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from engine.errors import NotFound

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
NS = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI}

BANDS = {"participant", "lane"}
#: event definitions drawn as an icon inside the event
EVENT_ICONS = {"timerEventDefinition": "timer", "messageEventDefinition": "message"}


class NoDiagram(NotFound):
    """The file carries no diagram interchange for that process or subprocess (a hand-written file
    not laid out with ``tools.bpmn_layout``)."""


@dataclass(frozen=True)
class Bounds:
    x: float
    y: float
    width: float
    height: float

    @property
    def center(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass
class Node:
    """A flow node as drawn: ``kind`` is the BPMN element's local name (``userTask``, …)."""

    id: str
    kind: str
    name: str
    bounds: Bounds
    label: Bounds | None = None
    #: ``timer``/``message`` (events); ``parallel``/``sequential``/``loop`` (repeated activities)
    markers: frozenset[str] = frozenset()
    expanded: bool = False


@dataclass
class Edge:
    id: str
    kind: str
    name: str
    points: list[tuple[float, float]]
    label: Bounds | None = None
    #: the default flow of its gateway or activity (drawn with a slash at its start)
    default: bool = False


@dataclass
class Band:
    """A pool (participant) or one of its lanes; ``name`` as people read it."""

    id: str
    kind: str
    name: str
    bounds: Bounds


@dataclass
class Plane:
    """One ``bpmndi:BPMNDiagram``: what the SVG shows."""

    element_id: str
    bands: list[Band] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def parse(xml: str | bytes) -> etree._Element:
    """The ``bpmn:definitions`` element; no entities, no network."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
    return etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml, parser)


def read_plane(definitions: etree._Element, process_id: str, plane: str | None = None) -> Plane:
    """The drawing of ``process_id`` (its pool's collaboration, or the process itself), or with
    ``plane`` the drill-down drawing of that embedded subprocess."""
    drawing = find_plane(definitions, process_id, plane)
    if drawing is None:
        raise NoDiagram(f"no diagram of '{plane or process_id}'")
    return _read(drawing, _elements_by_id(definitions))


def find_plane(
    definitions: etree._Element, process_id: str, plane: str | None = None
) -> etree._Element | None:
    """The ``bpmndi:BPMNPlane`` that draws the process (or the subprocess ``plane``), if any."""
    element_ids = {plane} if plane else _main_element_ids(definitions, process_id)
    for drawing in definitions.iterfind("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS):
        if drawing.get("bpmnElement") in element_ids:
            return drawing
    return None


def _main_element_ids(definitions: etree._Element, process_id: str) -> set[str]:
    ids = {process_id}
    for collaboration in definitions.iterfind("bpmn:collaboration", NS):
        refs = {p.get("processRef") for p in collaboration.iterfind("bpmn:participant", NS)}
        if process_id in refs:
            ids.add(collaboration.get("id"))
    return ids


def _elements_by_id(definitions: etree._Element) -> dict[str, etree._Element]:
    return {
        element.get("id"): element
        for element in definitions.iter(f"{{{BPMN}}}*")
        if element.get("id") is not None
    }


def _read(drawing: etree._Element, elements: dict[str, etree._Element]) -> Plane:
    plane = Plane(drawing.get("bpmnElement"))
    for shape in drawing.iterfind("bpmndi:BPMNShape", NS):
        element = elements.get(shape.get("bpmnElement"))
        if element is None:
            continue
        kind = etree.QName(element).localname
        if kind in BANDS:
            plane.bands.append(Band(element.get("id"), kind, _band_name(element), _bounds(shape)))
        else:
            plane.nodes.append(_node(element, kind, shape))
    for di_edge in drawing.iterfind("bpmndi:BPMNEdge", NS):
        element = elements.get(di_edge.get("bpmnElement"))
        if element is not None:
            plane.edges.append(_edge(element, di_edge, elements))
    plane.bands.sort(key=lambda band: band.kind != "participant")  # pools under their lanes
    return plane


def _node(element: etree._Element, kind: str, shape: etree._Element) -> Node:
    return Node(
        id=element.get("id"),
        kind=kind,
        name=element.get("name") or "",
        bounds=_bounds(shape),
        label=_label(shape),
        markers=_markers(element),
        expanded=shape.get("isExpanded") == "true",
    )


def _edge(element: etree._Element, di_edge: etree._Element, elements: dict[str, etree._Element]) -> Edge:
    source = elements.get(element.get("sourceRef"))
    points = [(float(p.get("x")), float(p.get("y"))) for p in di_edge.iterfind("di:waypoint", NS)]
    return Edge(
        id=element.get("id"),
        kind=etree.QName(element).localname,
        name=element.get("name") or "",
        points=points,
        label=_label(di_edge),
        default=source is not None and source.get("default") == element.get("id"),
    )


def _band_name(element: etree._Element) -> str:
    """A lane's Chinese name is its documentation (移交企业); its name is the role code."""
    documentation = element.findtext("bpmn:documentation", namespaces=NS)
    return (documentation or "").strip() or element.get("name") or element.get("id")


def _markers(element: etree._Element) -> frozenset[str]:
    markers = set()
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name in EVENT_ICONS:
            markers.add(EVENT_ICONS[name])
        elif name == "multiInstanceLoopCharacteristics":
            markers.add("sequential" if child.get("isSequential") == "true" else "parallel")
        elif name == "standardLoopCharacteristics":
            markers.add("loop")
    return frozenset(markers)


def _bounds(shape: etree._Element) -> Bounds:
    found = shape.find("dc:Bounds", NS)
    return Bounds(*(float(found.get(a)) for a in ("x", "y", "width", "height")))


def _label(di_element: etree._Element) -> Bounds | None:
    found = di_element.find("bpmndi:BPMNLabel/dc:Bounds", NS)
    return _bounds(found.getparent()) if found is not None else None
