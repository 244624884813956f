"""A case's diagrams: the diagram of the definition version the case runs on (not the newest), or
of a process it called, coloured by where the case stands."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.diagram.bundle import Bundle, Opening
from engine.diagram.marks import CaseStates, combine, run_captions
from engine.diagram.runs import Run, runs_of
from engine.diagram.svg import render
from engine.directory.organisations import organisation_names
from engine.errors import NotFound
from engine.workflow.models import ProcessDefinition, ProcessInstance

if TYPE_CHECKING:
    from engine.workflow.runtime import Engine

Marks = tuple[dict[str, str], dict[str, str]]


@dataclass(frozen=True)
class DrillDown:
    """A diagram the case page links to, with the runs it can be narrowed to (key, name)."""

    opening: Opening
    runs: list[tuple[str, str]]


@dataclass
class CaseDiagrams:
    """A case's diagrams, from one reading of its definition's files, workflow and work items."""

    case: ProcessInstance
    bundle: Bundle
    states: CaseStates
    workflow: BpmnWorkflow
    #: organisation id → name, of everyone holding an open task
    names: dict[str, str]

    @classmethod
    def load(cls, session: Session, engine: Engine, instance_id: int) -> CaseDiagrams:
        """Everything the case's diagrams need, read once (the caller checked the actor may see it)."""
        case = session.get(ProcessInstance, instance_id)
        if case is None:
            raise NotFound(f"case {instance_id} does not exist")
        sources = session.scalar(
            select(ProcessDefinition.sources).where(ProcessDefinition.id == case.definition_id)
        )
        workflow = engine.workflow(session, instance_id)
        items = engine.work_items(session, instance_id)
        states = CaseStates.of(workflow, items, engine.clock.now())
        return cls(case, Bundle(sources), states, workflow, _names(session, items))

    def marks(self, process: str | None = None, plane: str | None = None, run: str | None = None) -> Marks:
        """(marks, captions) for the diagram of ``process`` (the case's own by default) or of its
        subprocess ``plane``; over all its runs, or the one for item ``run`` (410105)."""
        runs = self._runs(process or self.case.process_key, plane, run)
        if not runs:
            return {}, {}
        marks, captions = combine([self.states.run_marks(r) for r in runs])
        return marks, {**captions, **run_captions(self.states, runs, self.names)}

    def svg(self, process: str | None = None, plane: str | None = None, run: str | None = None) -> str:
        process = process or self.case.process_key
        xml = self.bundle.xml(process)
        marks, captions = self.marks(process, plane, run)
        return render(xml, process_id=process, marks=marks, labels=captions, plane=plane)

    def overview(self) -> str | None:
        """The case's own diagram for its page; None when its file was never laid out."""
        if not self.bundle.drawn(self.case.process_key):
            return None
        return self.svg()

    def drill_downs(self) -> list[DrillDown]:
        """The called processes and subprocesses to open from the case's diagram, with their runs."""
        found = []
        for opening in self.bundle.openings(self.case.process_key):
            runs = runs_of(self.workflow, opening.plane or opening.process)
            keyed = {r.key: r.name for r in runs if r.key is not None}
            found.append(DrillDown(opening, sorted(keyed.items())))
        return found

    def _runs(self, process: str, plane: str | None, run: str | None) -> list[Run]:
        self.bundle.xml(process)  # NotFound for a process outside the case's definition
        runs = runs_of(self.workflow, plane or process)
        if run is None:
            return runs
        chosen = [r for r in runs if r.key == run]
        if not chosen:
            raise NotFound(f"'{plane or process}' has no run for '{run}' in case {self.case.id}")
        return chosen


def _names(session: Session, items) -> dict[str, str]:
    return organisation_names(session, (item.owner_org for item in items if item.state == "open"))


def case_marks(
    session: Session,
    engine: Engine,
    instance_id: int,
    *,
    process: str | None = None,
    plane: str | None = None,
    run: str | None = None,
) -> Marks:
    """(marks, captions) of a case's diagram: element id → state, element id → caption."""
    return CaseDiagrams.load(session, engine, instance_id).marks(process, plane, run)


def case_diagram(
    session: Session,
    engine: Engine,
    instance_id: int,
    *,
    process: str | None = None,
    plane: str | None = None,
    run: str | None = None,
) -> str:
    """The SVG of a case's diagram (see ``CaseDiagrams.marks`` for the arguments)."""
    return CaseDiagrams.load(session, engine, instance_id).svg(process, plane, run)
