"""A process's elements as a version diff compares them (``engine.versions.diff``): every flow
node, sequence flow and lane, with the attributes a designer changes — lane, form, instructions,
due date, timer, condition, called process, decision, flows — read as text."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
CAMUNDA = "http://camunda.org/schema/1.0/bpmn"
NS = {"bpmn": BPMN, "spiffworkflow": SPIFF}
ACTIVITIES = {"task", "callActivity", "subProcess", "transaction", "adHocSubProcess"}


@dataclass(frozen=True)
class Element:
    """An element as a diff compares it: its kind, its name and its readable attributes."""

    kind: str
    name: str
    attributes: dict[str, str]


def is_compared(kind: str) -> bool:
    """Flow nodes, sequence flows and lanes; not what they hold (event definitions, scripts)."""
    return kind.endswith(("Task", "Event", "Gateway")) or kind in ACTIVITIES | {"sequenceFlow", "lane"}


def elements_of(process: etree._Element, lane_roles: Mapping[str, str] | None = None) -> dict[str, Element]:
    """Element id → ``Element``, of every flow node, sequence flow and lane of ``process``, those
    inside its subprocesses included, in document order; ``lane_roles`` maps the names of lanes
    drawn elsewhere to our roles (a lane's ``role``)."""
    context = _Context.of(process, lane_roles or {})
    found = {}
    for node in process.iter(f"{{{BPMN}}}*"):
        kind = etree.QName(node).localname
        if node.get("id") and is_compared(kind):
            attributes = {}
            for attribute, read in ATTRIBUTES.items():
                value = read(node, context)
                if value:
                    attributes[attribute] = value
            attributes.update(_properties(node))
            found[node.get("id")] = Element(kind, _clean(node.get("name")), attributes)
    return found


@dataclass(frozen=True)
class _Context:
    """What an element's attributes are read from besides the element: its lane, its flows."""

    lanes: dict[str, str]
    incoming: dict[str, list[str]]
    outgoing: dict[str, list[str]]
    #: lane name → role, for lanes not named by a role
    roles: Mapping[str, str]

    @classmethod
    def of(cls, process: etree._Element, roles: Mapping[str, str]) -> _Context:
        lanes: dict[str, str] = {}
        for lane in process.iter(f"{{{BPMN}}}lane"):  # outer lanes first: the innermost wins
            for ref in lane.iterfind("bpmn:flowNodeRef", NS):
                lanes[(ref.text or "").strip()] = lane.get("name") or lane.get("id")
        incoming: dict[str, list[str]] = {}
        outgoing: dict[str, list[str]] = {}
        for flow in process.iter(f"{{{BPMN}}}sequenceFlow"):
            outgoing.setdefault(flow.get("sourceRef"), []).append(flow.get("id"))
            incoming.setdefault(flow.get("targetRef"), []).append(flow.get("id"))
        return cls(lanes, incoming, outgoing, roles)


def _clean(text: str | None) -> str:
    return "\n".join(line.rstrip() for line in (text or "").strip().splitlines())


def _text(node: etree._Element, path: str) -> str | None:
    found = node.find(path, NS)
    return _clean(found.text) or None if found is not None else None


def _timer(node: etree._Element, _context: _Context) -> str | None:
    for definition in node.iterfind("bpmn:timerEventDefinition", NS):
        for part in definition:
            if isinstance(part.tag, str) and part.text and part.text.strip():
                return f"{etree.QName(part).localname}: {_clean(part.text)}"
    return None


def _condition(node: etree._Element, _context: _Context) -> str | None:
    return _text(node, "bpmn:conditionExpression") or _text(
        node, "bpmn:conditionalEventDefinition/bpmn:condition"
    )


def _form(node: etree._Element, _context: _Context) -> str | None:
    return node.get(f"{{{CAMUNDA}}}formKey")  # spiffworkflow's form is a property (_properties)


def _decision(node: etree._Element, _context: _Context) -> str | None:
    return _text(node, "bpmn:extensionElements/spiffworkflow:calledDecisionId") or node.get(
        f"{{{CAMUNDA}}}decisionRef"
    )


def _message(node: etree._Element, _context: _Context) -> str | None:
    definition = node.find("bpmn:messageEventDefinition", NS)
    return definition.get("messageRef") if definition is not None else None


def _loop(node: etree._Element, _context: _Context) -> str | None:
    """A multi-instance activity: parallel or sequential, over what, collecting what."""
    loop = node.find("bpmn:multiInstanceLoopCharacteristics", NS)
    if loop is None:
        return "loop" if node.find("bpmn:standardLoopCharacteristics", NS) is not None else None
    parts = ["sequential" if loop.get("isSequential") == "true" else "parallel"]
    for child in loop:
        if isinstance(child.tag, str):
            value = _clean(child.text) or child.get("name") or child.get("id")
            parts.append(f"{etree.QName(child).localname}: {value}")
    return "; ".join(parts)


def _role(node: etree._Element, context: _Context) -> str | None:
    """The role a lane drawn elsewhere was mapped to at deploy."""
    return context.roles.get(node.get("name") or "") if etree.QName(node).localname == "lane" else None


def _properties(node: etree._Element) -> dict[str, str]:
    """The spiffworkflow properties (form, due, milestone, owner…), each under its own name."""
    return {
        prop.get("name"): _clean(prop.get("value"))
        for prop in node.iterfind(
            "bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", NS
        )
        if prop.get("name")
    }


def _child_text(path: str) -> Callable[[etree._Element, _Context], str | None]:
    return lambda node, _context: _text(node, path)


def _attribute(name: str) -> Callable[[etree._Element, _Context], str | None]:
    return lambda node, _context: node.get(name)


def _flows(side: str) -> Callable[[etree._Element, _Context], str | None]:
    def read(node: etree._Element, context: _Context) -> str | None:
        if etree.QName(node).localname in ("sequenceFlow", "lane"):
            return None
        return ", ".join(sorted(getattr(context, side).get(node.get("id"), []))) or None

    return read


#: attribute key → how it is read from an element; what a diff reports as changed
ATTRIBUTES: dict[str, Callable[[etree._Element, _Context], str | None]] = {
    "lane": lambda node, context: context.lanes.get(node.get("id")),
    "role": _role,
    "form": _form,
    "instructions": _child_text("bpmn:extensionElements/spiffworkflow:instructionsForEndUser"),
    "timer": _timer,
    "message": _message,
    "condition": _condition,
    "called_process": _attribute("calledElement"),
    "decision": _decision,
    "script": _child_text("bpmn:script"),
    "pre_script": _child_text("bpmn:extensionElements/spiffworkflow:preScript"),
    "post_script": _child_text("bpmn:extensionElements/spiffworkflow:postScript"),
    "loop": _loop,
    "default": _attribute("default"),
    "attached_to": _attribute("attachedToRef"),
    "source": _attribute("sourceRef"),
    "target": _attribute("targetRef"),
    "incoming": _flows("incoming"),
    "outgoing": _flows("outgoing"),
    "documentation": _child_text("bpmn:documentation"),
}
