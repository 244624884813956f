"""Planes as ``bpmndi`` XML, and the document back to pretty-printed UTF-8 bytes."""

from __future__ import annotations

from lxml import etree

from .geometry import Box
from .model import BPMNDI, DC, DI, is_bpmn
from .planes import Plane

DI_PREFIXES = {"bpmndi": BPMNDI, "dc": DC, "di": DI}
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>'


def remove_diagrams(definitions: etree._Element) -> None:
    for diagram in definitions.findall(f"{{{BPMNDI}}}BPMNDiagram"):
        definitions.remove(diagram)


def add_diagrams(definitions: etree._Element, planes: list[Plane]) -> None:
    """Diagrams go after the root elements and before any ``relationship`` (the XSD's order)."""
    relationship = next((child for child in definitions if is_bpmn(child, "relationship")), None)
    index = definitions.index(relationship) if relationship is not None else len(definitions)
    for offset, plane in enumerate(planes):
        definitions.insert(index + offset, diagram_element(plane))


def diagram_element(plane: Plane) -> etree._Element:
    diagram = etree.Element(_di("BPMNDiagram"), id=f"diagram_{plane.element_id}", nsmap=DI_PREFIXES)
    drawing = etree.SubElement(
        diagram, _di("BPMNPlane"), id=f"plane_{plane.element_id}", bpmnElement=plane.element_id
    )
    for shape in plane.shapes:
        attributes = {"id": f"{shape.element_id}_di", "bpmnElement": shape.element_id, **shape.attributes}
        element = etree.SubElement(drawing, _di("BPMNShape"), attributes)
        _add_bounds(element, shape.box)
        if shape.label:
            _add_bounds(etree.SubElement(element, _di("BPMNLabel")), shape.label)
    for edge in plane.edges:
        attributes = {"id": f"{edge.element_id}_di", "bpmnElement": edge.element_id}
        element = etree.SubElement(drawing, _di("BPMNEdge"), attributes)
        for x, y in edge.points:
            etree.SubElement(element, f"{{{DI}}}waypoint", x=str(x), y=str(y))
        if edge.label:
            _add_bounds(etree.SubElement(element, _di("BPMNLabel")), edge.label)
    return diagram


def _di(name: str) -> str:
    return f"{{{BPMNDI}}}{name}"


def _add_bounds(parent: etree._Element, box: Box) -> None:
    etree.SubElement(
        parent, f"{{{DC}}}Bounds", x=str(box.x), y=str(box.y), width=str(box.width), height=str(box.height)
    )


def declared_prefixes(definitions: etree._Element) -> set[str]:
    """Every namespace prefix the author declared, anywhere in the document."""
    return {prefix for el in definitions.iter() if isinstance(el.tag, str) for prefix in el.nsmap if prefix}


def declare_namespaces(definitions: etree._Element, keep: set[str]) -> None:
    """Declare bpmndi/dc/di once, on the root, and drop redundant declarations, except of ``keep``.

    The author's prefixes are kept even where no element uses them: attribute values such as
    ``xsi:type`` or a ``calledElement`` may name them.
    """
    in_scope = definitions.nsmap
    missing = {
        prefix: uri
        for prefix, uri in DI_PREFIXES.items()
        if prefix not in in_scope and uri not in in_scope.values()
    }
    etree.cleanup_namespaces(definitions, top_nsmap=missing, keep_ns_prefixes=sorted(keep))


def serialize(definitions: etree._Element) -> bytes:
    """Indented UTF-8 with the declaration; comments and PIs around the root keep their own lines."""
    etree.indent(definitions, space="  ")
    before = reversed(list(definitions.itersiblings(preceding=True)))
    after = definitions.itersiblings()
    parts = [XML_DECLARATION, *(etree.tostring(node, encoding="UTF-8") for node in before)]
    parts.append(etree.tostring(definitions, encoding="UTF-8"))
    parts += [etree.tostring(node, encoding="UTF-8") for node in after]
    return b"\n".join(parts) + b"\n"
