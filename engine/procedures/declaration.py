"""How a procedure's BPMN tasks reach Python: each procedure declares, in one module of this
package, what completing each of its tasks does (the registry move, the milestone-unit change,
the documents made), where its documents take their data, and how its start form becomes a
case. Everything else reads these declarations instead of keying on task-id strings of its own;
tests/processes/test_procedures.py holds every key against the diagrams in processes/.

The effects are *names*: the registry and the progress figures each keep a table from these
names to what they do (``engine.registry.status.MOVES``, ``engine.progress.units.CHANGES``),
so this package imports neither and both read it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Returned:
    """A review that sends a task back: the answer under ``by`` whose boolean ``decision`` is
    false. That answer (its reasons, the people it names) is why the task came back."""

    by: str
    decision: str

    def applies(self, data: Mapping[str, Any]) -> bool:
        answer = data.get(self.by)
        return isinstance(answer, dict) and answer.get(self.decision) is False


@dataclass(frozen=True)
class Mismatch:
    """A check of the diagram that sends a task back when two figures of the case differ
    (``figures``: (label, case-data key) each)."""

    check: str
    figures: tuple[tuple[str, str], tuple[str, str]]

    def applies(self, data: Mapping[str, Any]) -> bool:
        (_, first), (_, second) = self.figures
        return first in data and second in data and data[first] != data[second]

    def message(self, data: Mapping[str, Any]) -> str:
        """"各期金额合计与年度管理费用不符：各期金额合计 900，年度管理费用 1000"."""
        return f"{self.check}：" + "，".join(f"{label} {data.get(key)}" for label, key in self.figures)


@dataclass(frozen=True)
class Step:
    """What follows in Python when one task completes, besides the workflow moving on."""

    #: how the registry's people move (a name in ``engine.registry.status.MOVES``)
    registry: str | None = None
    #: how the supervisors' milestone units change (a name in ``engine.progress.units.CHANGES``)
    progress: str | None = None
    #: what the services after the hand-over record (a name in ``engine.aftercare.records.RECORDS``):
    #: a death, a certification, a visit, an information change, a transfer
    record: str | None = None
    #: document kinds made again from the case once it completes
    documents: tuple[str, ...] = ()
    #: the form may be filled from the enterprise's registry in one go (登记造册)
    registered_roster: bool = False
    #: the registry list the task shows its holder (``engine.registry.task_people.KINDS``)
    people: str | None = None
    #: case-data keys this task shows its holder besides its procedure's ``shows``
    shows: tuple[str, ...] = ()
    #: completing it opens the county's yearly management fee (``engine.fees``)
    opens_fee_cycle: bool = False
    #: what sends the task back (a review's return, a failed check); its page says why
    returned_by: tuple[Returned | Mismatch, ...] = ()
    #: what the task reviews besides earlier answers (a name the task page knows how to show:
    #: ``overdue_cases``, ``staff_pay``)
    reviews: str | None = None
    #: form field → path into the case data that fills it on the first round (counts, names)
    prefill: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def effects(self) -> list[str]:
        """What completing the task does besides moving the case on, in words."""
        said = [
            (self.registry, f"the registry's people move ({self.registry})"),
            (self.progress, f"the milestone figures change ({self.progress})"),
            (self.record, f"the services after the hand-over record it ({self.record})"),
            (self.documents, f"documents are made ({', '.join(self.documents)})"),
            (self.registered_roster, "the form is filled from the registered roster (使用登记名单)"),
            (self.people, f"the task shows the registry's people ({self.people})"),
            (self.opens_fee_cycle, "the county's yearly management fee opens"),
            (self.returned_by, "the task says why it came back"),
            (self.prefill, "the form is prefilled from the case"),
        ]
        return [words for declared, words in said if declared]

    def return_keys(self) -> tuple[str, ...]:
        """The case-data keys that say why the task came back."""
        keys: list[str] = []
        for why in self.returned_by:
            keys += [why.by] if isinstance(why, Returned) else [key for _, key in why.figures]
        return tuple(keys)


@dataclass(frozen=True)
class Agreement:
    """A document of the procedure signed in two steps: drafted (and signed) by one side, then
    reviewed and signed by the other. Its data is the draft's form."""

    drafted_at: str
    signed_at: str


@dataclass(frozen=True)
class CaseStart:
    """A new case as its start form describes it."""

    parties: dict[str, str]
    data: dict[str, Any]
    title: str


@dataclass(frozen=True)
class StartRequest:
    """Who starts a case, when, with which answers of the start form (already validated)."""

    session: Session
    answers: dict[str, Any]
    organisation_id: str
    organisation_name: str
    today: date


@dataclass(frozen=True)
class Procedure:
    """One BPMN process of processes/ as Python sees it."""

    key: str
    steps: Mapping[str, Step] = field(default_factory=dict)
    #: two-step agreements by document kind
    agreements: Mapping[str, Agreement] = field(default_factory=dict)
    #: document kind → the task whose submitted form it is made from (offered once submitted)
    document_sources: Mapping[str, str] = field(default_factory=dict)
    #: other elements Python finds by id (named as constants in the procedure's module)
    elements: tuple[str, ...] = ()
    #: the milestone-unit change when a case of it starts (``engine.progress.units.CHANGES``)
    started: str | None = None
    #: start form answers → the case; None: not started from a form (called by another)
    start: Callable[[StartRequest], CaseStart] | None = None
    #: the start form's initial values for the organisation starting it
    start_defaults: Callable[[str], dict[str, Any]] | None = None
    #: the start form's initial values taken from the campaign settings (over ``start_defaults``)
    start_settings: Callable[[Session], dict[str, Any]] | None = None
    #: case-data keys every task of the procedure shows its holder (with ``parties`` and the
    #: task's own earlier submission); None: the whole case data (a procedure without people)
    shows: tuple[str, ...] | None = None

    def step(self, task_id: str) -> Step:
        return self.steps.get(task_id, NO_EFFECT)

    def dependencies(self) -> dict[str, tuple[str, ...]]:
        """Element id → what Python does with it, in words: a new version of the diagram must
        keep every one of these ids (a deploy that drops one is refused, naming the effect)."""
        found: dict[str, list[str]] = {}
        for task_id, step in self.steps.items():
            found.setdefault(task_id, []).extend(step.effects())
        for kind, agreement in self.agreements.items():
            found.setdefault(agreement.drafted_at, []).append(f"the {kind} is drafted (signature block)")
            found.setdefault(agreement.signed_at, []).append(f"the {kind} is countersigned (signature block)")
        for kind, task_id in self.document_sources.items():
            found.setdefault(task_id, []).append(f"the document {kind} is made from its form")
        for element in self.elements:
            found.setdefault(element, []).append("Python finds the element by its id")
        return {task_id: tuple(dict.fromkeys(effects)) for task_id, effects in found.items() if effects}

    def shown(self, task_id: str, data_key: str, data: Mapping[str, Any]) -> dict[str, Any]:
        """What of the case data a task of this procedure shows its holder (data minimisation)."""
        if self.shows is None:
            return dict(data)
        step = self.step(task_id)
        keys = {"parties", data_key, *self.shows, *step.shows, *step.return_keys()}
        return {key: value for key, value in data.items() if key in keys}


NO_EFFECT = Step()
