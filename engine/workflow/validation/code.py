"""What the definition checks share: a loaded BPMN/DMN file, what a set of them declares
(``ParsedSources``), and the check of one piece of code in a file (a script, condition,
expression) located at its element and line."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

from engine.errors import Problem
from engine.workflow.scripting import ScriptSyntaxError, UnsafeScript, check_script

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
NS = {"bpmn": BPMN_NS, "spiffworkflow": SPIFF_NS}
#: Elements too small to name in a message; the nearest enclosing element with an id is named.
_UNNAMED_SUFFIXES = ("EventDefinition", "LoopCharacteristics", "Entry", "Expression")


@dataclass
class SourceFile:
    """One loaded BPMN or DMN file."""

    file: str
    root: etree._Element
    namespace: str

    @property
    def is_bpmn(self) -> bool:
        return self.namespace == BPMN_NS

    def xpath(self, path: str, node: etree._Element | None = None, **variables: str) -> list:
        nsmap = NS if self.is_bpmn else {"dmn": self.namespace}
        return (self.root if node is None else node).xpath(path, namespaces=nsmap, **variables)


def check_code(
    doc: SourceFile, element, code: str, kind: str, mode: str, multiline: bool = True
) -> Iterator[Problem]:
    """A problem if ``code`` is refused; located at its line within the file."""
    try:
        check_script(code, mode)
    except UnsafeScript as err:
        adjective = "invalid" if isinstance(err, ScriptSyntaxError) else "unsafe"
        line = element.sourceline + (err.line or 1) - 1 if multiline else element.sourceline
        yield code_problem(doc, element, f"{adjective} {kind}", err.message, line)


def code_problem(doc: SourceFile, element, what: str, reason: str, line: int) -> Problem:
    owner = owner_of(element)
    return Problem(
        doc.file,
        f"{what} in {etree.QName(owner).localname} '{owner.get('id')}': {reason}",
        owner.get("id"),
        line,
    )


def owner_of(element):
    """The nearest enclosing element (or itself) that a modeller would recognise by its id."""
    node = element
    while node is not None:
        if node.get("id") and not etree.QName(node).localname.endswith(_UNNAMED_SUFFIXES):
            return node
        node = node.getparent()
    return element


@dataclass
class ParsedSources:
    """A checked set of BPMN/DMN files and what deploying them needs to know."""

    parser: SpiffBpmnParser
    process_files: dict[str, str] = field(default_factory=dict)
    process_names: dict[str, str] = field(default_factory=dict)
    executable: set[str] = field(default_factory=set)
    lanes: dict[str, list[str]] = field(default_factory=dict)
    calls: dict[str, set[str]] = field(default_factory=dict)
    decisions: dict[str, set[str]] = field(default_factory=dict)
    decision_files: dict[str, str] = field(default_factory=dict)
    #: process id → the ids of every element inside it
    element_ids: dict[str, set[str]] = field(default_factory=dict)
    #: process id → form key → (the first task using it, its line)
    forms: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)
    #: process id → {lane name → role}, for lanes not named by a role
    lane_roles: dict[str, dict[str, str]] = field(default_factory=dict)
