"""The ``bpmn:collaboration`` whose participants let bpmn-js draw laned processes as pools."""

from __future__ import annotations

from lxml import etree

from .model import BPMN, NS, Container, is_bpmn
from .planes import Pool


def ensure_collaboration(
    definitions: etree._Element, processes: list[Container]
) -> tuple[str, list[Pool]] | None:
    """The collaboration's id and pools, adding a participant for each laned process that lacks one.

    An existing collaboration and its participants are kept; None when there is no collaboration
    and no process has lanes.
    """
    collaboration = definitions.find("bpmn:collaboration", NS)
    laned = [process for process in processes if process.lanes]
    if collaboration is None:
        if not laned:
            return None
        index = _index_after(definitions, {"import", "extension"})
        collaboration = _new_element(definitions, "collaboration", index)
    if not collaboration.get("id"):
        collaboration.set("id", f"collaboration_{processes[0].id if processes else 'main'}")
    participants = collaboration.findall("bpmn:participant", NS)
    represented = {participant.get("processRef") for participant in participants}
    for process in laned:
        if process.id not in represented:
            participants.append(_add_participant(collaboration, process))
    local = {process.id: process for process in processes}
    pools = []
    for participant in participants:
        if not participant.get("id"):
            participant.set("id", f"participant_{participant.get('processRef') or len(pools)}")
        pools.append(Pool(participant.get("id"), local.get(participant.get("processRef"))))
    return collaboration.get("id"), pools


def _add_participant(collaboration: etree._Element, process: Container) -> etree._Element:
    index = _index_after(collaboration, {"documentation", "extensionElements", "participant"})
    participant = _new_element(collaboration, "participant", index)
    participant.set("id", f"participant_{process.id}")
    if process.name:
        participant.set("name", process.name)
    participant.set("processRef", process.id)
    return participant


def _new_element(parent: etree._Element, name: str, index: int) -> etree._Element:
    element = etree.Element(f"{{{BPMN}}}{name}")
    parent.insert(index, element)
    return element


def _index_after(parent: etree._Element, names: set[str]) -> int:
    """Just after the last child named in ``names`` (the schema wants those first), else at the start."""
    index = 0
    for position, child in enumerate(parent):
        if is_bpmn(child, *names):
            index = position + 1
    return index
