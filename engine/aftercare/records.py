"""What the steps of the procedures after the hand-over record: ``LISTENER`` hears every
submitted step in the step's own transaction, before the workflow moves on, and applies the
record its procedure declares (``engine.procedures.Step.record``). A record checks the submission
against the registry first and refuses it (``InvalidTaskData``, nothing applied) when it disagrees."""

from __future__ import annotations

from collections.abc import Callable

from engine import procedures
from engine.aftercare import certification, changes, deaths, transfers, visits
from engine.registry.steps import Step
from engine.workflow.events import CaseStarted, StepCompleted, StepSubmitted

#: every record a procedure's step may declare
RECORDS: dict[str, Callable[[Step], None]] = {
    **deaths.RECORDS,
    **certification.RECORDS,
    **visits.RECORDS,
    **changes.RECORDS,
    **transfers.RECORDS,
}


class AftercareListener:
    """Applies the record each submitted step's procedure declares."""

    def case_started(self, event: CaseStarted) -> None:
        pass

    def step_submitted(self, event: StepSubmitted) -> None:
        record = procedures.step(event.process_id, event.task_id).record
        if record is not None:
            RECORDS[record](Step.of(event))

    def step_completed(self, event: StepCompleted) -> None:
        pass


LISTENER = AftercareListener()
