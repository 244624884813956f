"""What the steps of the procedures after the hand-over record: ``LISTENER`` hears every
submitted step in the step's own transaction, before the workflow moves on, and applies the
record its procedure declares (``engine.procedures.Step.record``). A record checks the submission
against the registry first and refuses it (``InvalidTaskData``, nothing applied) when it disagrees."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine import procedures
from engine.aftercare import certification, changes, deaths, newcomers, transfers, visits
from engine.registry.steps import Step
from engine.workflow.events import CaseStarted, StepCompleted, StepSubmitted

#: every record a procedure's step may declare
RECORDS: dict[str, Callable[[Step], None]] = {
    **deaths.RECORDS,
    **certification.RECORDS,
    **visits.RECORDS,
    **changes.RECORDS,
    **transfers.RECORDS,
    **newcomers.RECORDS,
}

#: what opening a case of a procedure records, by process key
STARTED: dict[str, Callable[[CaseStarted], None]] = {
    **deaths.STARTED,
    **certification.STARTED,
    **transfers.STARTED,
    **visits.STARTED,
}


#: the services the procedures' diagrams call (service tasks reading the registry)
SERVICES: dict[str, Callable[..., Any]] = {**certification.SERVICES, **visits.SERVICES}


class AftercareListener:
    """Applies the record each submitted step's procedure declares."""

    services = SERVICES

    def case_started(self, event: CaseStarted) -> None:
        opened = STARTED.get(event.instance.process_key)
        if opened is not None:
            opened(event)

    def step_submitted(self, event: StepSubmitted) -> None:
        # a task of an embedded subprocess (认证期) is declared by the case's procedure
        declared = event.process_id if procedures.procedure(event.process_id) else event.instance.process_key
        record = procedures.step(declared, event.task_id).record
        if record is not None:
            RECORDS[record](Step.of(event))

    def step_completed(self, event: StepCompleted) -> None:
        pass


LISTENER = AftercareListener()
