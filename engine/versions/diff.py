"""版本比较 — what changed between two versions of a process, for a person to read: the BPMN
elements added, removed and changed (and which of their attributes), in the process and in every
process its bundle holds, and the rules of its DMN decision tables.

Pure functions over the files' XML. Files are told apart by what they hold (BPMN or DMN, and the
process and decision ids they define), never by their names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lxml import etree

from engine.versions.decisions import Decision, Rule, decisions_of
from engine.versions.elements import BPMN, NS, Element, elements_of

#: file name → its bytes (or text), as a version stores them
Sources = Mapping[str, str | bytes]
#: process id → {lane name → role}: how a version's lanes drawn elsewhere map to our roles
LaneRoles = Mapping[str, Mapping[str, str]]


@dataclass(frozen=True)
class Change:
    """One attribute of an element that differs: ``attribute`` is a key of ``elements.ATTRIBUTES`` (or a
    spiffworkflow property's name), ``None`` where a side has no value."""

    attribute: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class ElementDiff:
    """An element added, removed or changed; ``process`` is the id of the process holding it."""

    process: str
    id: str
    kind: str
    name: str
    status: str
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class RuleDiff:
    """A rule of a decision table added, removed or changed (its entries or its description)."""

    id: str
    status: str
    old: Rule | None
    new: Rule | None


@dataclass(frozen=True)
class DecisionDiff:
    """A decision added, removed or changed: its table's shape (``changes``) and its rules."""

    id: str
    name: str
    status: str
    changes: tuple[Change, ...] = ()
    rules: tuple[RuleDiff, ...] = ()


@dataclass(frozen=True)
class VersionDiff:
    """Everything that differs between two versions of process ``key``."""

    key: str
    elements: tuple[ElementDiff, ...]
    decisions: tuple[DecisionDiff, ...]

    @property
    def empty(self) -> bool:
        return not self.elements and not self.decisions

    def processes(self) -> list[str]:
        """The processes with a difference, ``key`` first."""
        return list(dict.fromkeys(element.process for element in self.elements))

    def of(self, process: str) -> list[ElementDiff]:
        return [element for element in self.elements if element.process == process]

    def marks(self, side: str, process: str | None = None) -> dict[str, str]:
        """Element id → added/removed/changed, for the diagram of ``process`` (``key`` by default)
        in the ``old`` or ``new`` version: the old one shows what was removed, the new one what
        was added, both what changed."""
        shown = {"old": ("removed", "changed"), "new": ("added", "changed")}[side]
        return {e.id: e.status for e in self.of(process or self.key) if e.status in shown}


def diff_versions(
    old: Sources,
    new: Sources,
    key: str,
    old_lane_roles: LaneRoles | None = None,
    new_lane_roles: LaneRoles | None = None,
) -> VersionDiff:
    """What changed from the files ``old`` to the files ``new`` of process ``key``; the lane
    roles (process id → lane name → role) each version was deployed with count too."""
    old_docs, new_docs = _documents(old), _documents(new)
    old_processes, new_processes = _processes(old_docs), _processes(new_docs)
    both = old_processes.keys() | new_processes.keys()
    order = ([key] if key in both else []) + sorted(both - {key})
    roles = (old_lane_roles or {}, new_lane_roles or {})
    elements: list[ElementDiff] = []
    for pid in order:
        pair = (old_processes.get(pid), new_processes.get(pid))
        elements += _process_diff(pid, pair, (roles[0].get(pid), roles[1].get(pid)))
    decisions = _decisions_diff(decisions_of(old_docs), decisions_of(new_docs))
    return VersionDiff(key, tuple(elements), tuple(decisions))


def _documents(sources: Sources) -> list[etree._Element]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    roots = []
    for _name, content in sorted(sources.items()):
        data = content.encode("utf-8") if isinstance(content, str) else content
        roots.append(etree.fromstring(data, parser))
    return roots


def _processes(documents: Iterable[etree._Element]) -> dict[str, etree._Element]:
    return {
        process.get("id"): process
        for root in documents
        if root.tag == f"{{{BPMN}}}definitions"
        for process in root.iterfind("bpmn:process", NS)
    }


_Pair = tuple[etree._Element | None, etree._Element | None]
_Roles = tuple[Mapping[str, str] | None, Mapping[str, str] | None]


def _process_diff(pid: str, pair: _Pair, roles: _Roles) -> list[ElementDiff]:
    """The process ``pid`` in the old and the new version (None where it is not), and the lane
    roles each was deployed with."""
    old, new = pair
    if old is None or new is None:
        process = new if old is None else old
        status = "added" if old is None else "removed"
        return [ElementDiff(pid, pid, "process", process.get("name") or "", status)]
    before, after = elements_of(old, roles[0]), elements_of(new, roles[1])
    found = []
    if (old.get("name") or "") != (new.get("name") or ""):
        renamed = Change("name", old.get("name"), new.get("name"))
        found.append(ElementDiff(pid, pid, "process", new.get("name") or "", "changed", (renamed,)))
    for element_id in [*after, *(i for i in before if i not in after)]:
        if element_id not in before:
            found.append(_entry(pid, element_id, after[element_id], "added"))
        elif element_id not in after:
            found.append(_entry(pid, element_id, before[element_id], "removed"))
        elif changes := _changes(before[element_id], after[element_id]):
            found.append(_entry(pid, element_id, after[element_id], "changed", changes))
    return found


def _entry(pid: str, element_id: str, element: Element, status: str, changes=()) -> ElementDiff:
    return ElementDiff(pid, element_id, element.kind, element.name, status, tuple(changes))


def _changes(old: Element, new: Element) -> list[Change]:
    found = [Change("kind", old.kind, new.kind)] if old.kind != new.kind else []
    if old.name != new.name:
        found.append(Change("name", old.name or None, new.name or None))
    return found + _attribute_changes(old.attributes, new.attributes)


def _attribute_changes(old: dict[str, str], new: dict[str, str]) -> list[Change]:
    return [
        Change(attribute, old.get(attribute), new.get(attribute))
        for attribute in dict.fromkeys([*old, *new])
        if old.get(attribute) != new.get(attribute)
    ]


def _decisions_diff(old: dict[str, Decision], new: dict[str, Decision]) -> list[DecisionDiff]:
    found = []
    for did in [*new, *(d for d in old if d not in new)]:
        if did not in old or did not in new:
            decision, status = (new[did], "added") if did not in old else (old[did], "removed")
            found.append(DecisionDiff(did, decision.name, status))
            continue
        before, after = old[did], new[did]
        changes = [Change("name", before.name, after.name)] if before.name != after.name else []
        changes += _attribute_changes(before.attributes, after.attributes)
        rules = _rules_diff(before.rules, after.rules)
        if changes or rules:
            found.append(DecisionDiff(did, after.name, "changed", tuple(changes), tuple(rules)))
    return found


def _rules_diff(old: dict[str, Rule], new: dict[str, Rule]) -> list[RuleDiff]:
    found = []
    for rid in [*new, *(r for r in old if r not in new)]:
        before, after = old.get(rid), new.get(rid)
        if before is None or after is None:
            found.append(RuleDiff(rid, "added" if before is None else "removed", before, after))
        elif before != after:
            found.append(RuleDiff(rid, "changed", before, after))
    return found
