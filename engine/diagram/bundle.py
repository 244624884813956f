"""The BPMN files of one definition version (``ProcessDefinition.sources``): which file holds which
process, and which diagrams open from a process's — its called processes and its subprocesses."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from engine.diagram.document import BPMN, NS, find_plane, parse
from engine.errors import NotFound

CONTAINERS = ("subProcess", "transaction", "adHocSubProcess")


@dataclass(frozen=True)
class Opening:
    """A diagram one can open from another: a called process, or a subprocess (``plane``) of one."""

    title: str
    process: str
    plane: str | None = None


class Bundle:
    def __init__(self, sources: dict[str, str]):
        #: process id → (the file's text, the process element)
        self._files: dict[str, tuple[str, etree._Element]] = {}
        for name, text in sorted(sources.items()):
            if name.endswith(".bpmn"):
                for process in parse(text).iterfind("bpmn:process", NS):
                    self._files[process.get("id")] = (text, process)

    def xml(self, process_id: str) -> str:
        """The text of the file that holds ``process_id``."""
        return self._file(process_id)[0]

    def openings(self, process_id: str) -> list[Opening]:
        """Every diagram reachable from ``process_id``'s, depth first, in document order."""
        found: list[Opening] = []
        self._visit(process_id, found, {process_id})
        return found

    def _visit(self, process_id: str, found: list[Opening], seen: set[str]) -> None:
        process = self._process(process_id)
        for element in process.iter(*(f"{{{BPMN}}}{kind}" for kind in ("callActivity", *CONTAINERS))):
            if etree.QName(element).localname != "callActivity":
                if self.drawn(process_id, element.get("id")):
                    title = element.get("name") or element.get("id")
                    found.append(Opening(title, process_id, element.get("id")))
                continue
            called = element.get("calledElement")
            if called in self._files and called not in seen:
                seen.add(called)
                if self.drawn(called):
                    found.append(Opening(self._process(called).get("name") or called, called))
                self._visit(called, found, seen)

    def drawn(self, process_id: str, plane: str | None = None) -> bool:
        """Whether the file has a diagram of the process (or of its subprocess ``plane``)."""
        return find_plane(self._process(process_id).getparent(), process_id, plane) is not None

    def _process(self, process_id: str) -> etree._Element:
        return self._file(process_id)[1]

    def _file(self, process_id: str) -> tuple[str, etree._Element]:
        if process_id not in self._files:
            raise NotFound(f"no process '{process_id}' in this case's definition")
        return self._files[process_id]
