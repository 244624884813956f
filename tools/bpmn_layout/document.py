"""``layout``: a BPMN file in, the same file with a fresh diagram (BPMN DI) out."""

from __future__ import annotations

from lxml import etree

from .collaboration import ensure_collaboration
from .model import BPMN, BPMNDI, NS, Container, LayoutError, read_container
from .planes import Plane, collaboration_plane, process_plane, subprocess_planes
from .writer import add_diagrams, declare_namespaces, declared_prefixes, remove_diagrams, serialize


def layout(xml: bytes) -> bytes:
    """Replace the file's diagrams with a left-to-right layout: pools and lanes, collapsed subprocesses.

    Deterministic and idempotent; raises ``LayoutError`` for what it cannot lay out.
    """
    definitions = parse(xml)
    keep = declared_prefixes(definitions)
    remove_diagrams(definitions)
    processes = [read_container(process) for process in definitions.iterfind("bpmn:process", NS)]
    add_diagrams(definitions, _planes(definitions, processes))
    declare_namespaces(definitions, keep)
    return serialize(definitions)


def has_diagram(xml: bytes) -> bool:
    return parse(xml).find(f"{{{BPMNDI}}}BPMNDiagram") is not None


def parse(xml: bytes) -> etree._Element:
    """The ``bpmn:definitions`` element; comments kept, no entities or network."""
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
    try:
        definitions = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as err:
        raise LayoutError(f"not well-formed XML: {err}") from err
    if definitions.tag != f"{{{BPMN}}}definitions":
        raise LayoutError(f"not a BPMN 2.0 file: the root element is {definitions.tag}")
    return definitions


def _planes(definitions: etree._Element, processes: list[Container]) -> list[Plane]:
    """The collaboration's plane first (bpmn-js opens the first diagram), then lone processes, then
    one plane per embedded subprocess."""
    planes = []
    pooled: set[str] = set()
    collaboration = ensure_collaboration(definitions, processes)
    if collaboration:
        collaboration_id, pools = collaboration
        planes.append(collaboration_plane(collaboration_id, pools))
        pooled = {pool.process.id for pool in pools if pool.process}
    planes += [process_plane(process) for process in processes if process.id not in pooled]
    for process in processes:
        planes += subprocess_planes(process)
    return planes
