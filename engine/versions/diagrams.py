"""The diagrams of a version, drawn from its own files as the case diagrams are (``engine.diagram``)
but without a case's marks; and two versions side by side, marked with what changed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy.orm import Session

from engine.diagram.bundle import Bundle, Opening
from engine.diagram.svg import DIFF_LEGEND, render
from engine.errors import NotFound
from engine.versions.diff import VersionDiff, diff_versions
from engine.versions.history import version
from engine.workflow import definitions
from engine.workflow.models import ProcessDefinition


@dataclass
class VersionDrawing:
    """One version's files read once: its diagram, and the diagrams that open from it."""

    definition: ProcessDefinition
    files: dict[str, bytes]

    @classmethod
    def load(cls, session: Session, definition: ProcessDefinition) -> VersionDrawing:
        return cls(definition, definitions.version_files(session, definition))

    @cached_property
    def bundle(self) -> Bundle:
        return Bundle(self.files)  # type: ignore[arg-type]  (lxml reads the bytes as deployed)

    def svg(
        self, process: str | None = None, plane: str | None = None, marks: dict[str, str] | None = None
    ) -> str:
        """The SVG of the version's diagram (of a process it calls, of a subprocess ``plane``),
        elements marked added/removed/changed where ``marks`` says; NotFound for a process
        outside the version, NoDiagram where its file was never laid out."""
        process = process or self.definition.key
        xml = self.bundle.xml(process)
        return render(xml, process_id=process, marks=marks or {}, plane=plane, legend=DIFF_LEGEND)

    def overview(self) -> str | None:
        """The version's own diagram; None when its file has no diagram interchange."""
        if not self.bundle.drawn(self.definition.key):
            return None
        return self.svg()

    def openings(self) -> list[Opening]:
        """The called processes and subprocesses one can open from the version's diagram."""
        return self.bundle.openings(self.definition.key)


@dataclass
class Comparison:
    """Two versions of a process and what changed from the first to the second."""

    old: VersionDrawing
    new: VersionDrawing
    diff: VersionDiff

    @classmethod
    def load(cls, session: Session, key: str, old: int, new: int) -> Comparison:
        """Versions ``old`` and ``new`` of ``key`` (NotFound for either that does not exist)."""
        before = VersionDrawing.load(session, version(session, key, old))
        after = VersionDrawing.load(session, version(session, key, new))
        diff = diff_versions(
            before.files, after.files, key, before.definition.lane_roles, after.definition.lane_roles
        )
        return cls(before, after, diff)

    def svg(self, side: str, process: str | None = None) -> str | None:
        """The diagram of ``process`` (the compared one by default) in the ``old`` or ``new``
        version, marked with what was removed or added there and what changed; None if that
        version has no such process or no diagram of it."""
        drawing = self.old if side == "old" else self.new
        process = process or self.diff.key
        try:
            if not drawing.bundle.drawn(process):
                return None
        except NotFound:  # a process the version does not hold
            return None
        return drawing.svg(process, marks=self.diff.marks(side, process))
