"""Checks of a BPMN file's structure that its schema cannot see: every outgoing flow of a choosing
gateway has a condition or is the default; lanes name a role or are mapped to one; every human
task sits in a lane (else nobody could claim it); data associations reach data objects or stores."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from lxml import etree

from engine.directory.roles import LANE_ROLES
from engine.errors import Problem
from engine.workflow.validation.code import BPMN_NS, SourceFile, owner_of

#: process id → {lane name → role}: lanes of files drawn elsewhere, mapped by the designer
LaneRoles = Mapping[str, Mapping[str, str]]


def gateway_problems(doc: SourceFile) -> Iterator[Problem]:
    for gateway in doc.xpath(".//bpmn:exclusiveGateway | .//bpmn:inclusiveGateway"):
        gid = gateway.get("id")
        flows = doc.xpath("bpmn:sequenceFlow[@sourceRef=$gid]", gateway.getparent(), gid=gid)
        if len(flows) < 2:
            continue
        for flow in flows:
            conditions = doc.xpath("bpmn:conditionExpression/text()", flow)
            if flow.get("id") != gateway.get("default") and not "".join(conditions).strip():
                yield Problem(
                    doc.file,
                    f"gateway '{gid}': outgoing flow '{flow.get('id')}' has "
                    "no condition and is not the default",
                    flow.get("id"),
                    flow.sourceline,
                )


def lane_problems(doc: SourceFile, lane_roles: LaneRoles) -> Iterator[Problem]:
    roles = ", ".join(sorted(LANE_ROLES))
    for lane in doc.xpath(".//bpmn:process//bpmn:lane"):
        name = lane.get("name")
        mapped = lane_roles.get(_process_of(lane).get("id"), {}).get(name)
        if mapped is not None and mapped not in LANE_ROLES:
            message = f"lane '{name}' is mapped to '{mapped}', which is not a role ({roles})"
        elif mapped is not None or name in LANE_ROLES:
            continue
        elif name:
            message = (
                f"lane name '{name}' is not a known role: map the lane to one of the roles when"
                f" deploying (lane_roles), or name it by its role ({roles})"
            )
        else:
            message = f"lane has no name; lanes are named by role, or mapped to one when deploying ({roles})"
        yield Problem(doc.file, message, lane.get("id"), lane.sourceline)


def _process_of(element):
    return next(element.iterancestors(f"{{{BPMN_NS}}}process"))


_HUMAN_TASKS = ".//bpmn:userTask | .//bpmn:manualTask"


def laneless_task_problems(doc: SourceFile) -> Iterator[Problem]:
    """A human task in no lane belongs to no organisation: nobody could ever claim it."""
    for process in doc.xpath(".//bpmn:process"):
        in_lanes = {ref.strip() for ref in doc.xpath(".//bpmn:lane/bpmn:flowNodeRef/text()", process)}
        for task in doc.xpath(_HUMAN_TASKS, process):
            outermost = _outermost_node(task, process)
            if outermost.get("id") not in in_lanes:
                yield Problem(
                    doc.file,
                    f"{etree.QName(task).localname} '{task.get('id')}' is in no lane, so no organisation"
                    " could claim it: put it in the lane of the role that does it",
                    task.get("id"),
                    task.sourceline,
                )


def _outermost_node(task, process):
    """The task, or the subprocess of ``process`` it sits in (lanes hold the outermost node)."""
    node = task
    while node.getparent() is not process:
        node = node.getparent()
    return node


def data_association_problems(doc: SourceFile) -> Iterator[Problem]:
    """Data associations reach data objects and data stores only (SpiffWorkflow's rule)."""
    kinds = "bpmn:dataObjectReference | bpmn:dataStoreReference | bpmn:dataObject"
    known = {element.get("id") for element in doc.xpath(f".//{kinds.replace(' | ', ' | .//')}")}
    refs = ".//bpmn:dataInputAssociation/bpmn:sourceRef | .//bpmn:dataOutputAssociation/bpmn:targetRef"
    for ref in doc.xpath(refs):
        if (ref.text or "").strip() not in known:
            owner = owner_of(ref.getparent().getparent())  # the task holding the association
            direction = "reads" if etree.QName(ref).localname == "sourceRef" else "writes"
            yield Problem(
                doc.file,
                f"{etree.QName(owner).localname} '{owner.get('id')}' {direction} '{(ref.text or '').strip()}'"
                " through a data association, which is not a data object or data store of this file",
                owner.get("id"),
                ref.sourceline,
            )
