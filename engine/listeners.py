"""The listeners every engine running the hand-over needs: the registry's statuses and the
supervisors' milestone units follow the steps (in the step's transaction). The web app, the
worker and the tests register them: ``Engine(listeners=domain_listeners())``."""

from __future__ import annotations

from engine import fees, notifications, procedures
from engine.aftercare import records
from engine.progress import units
from engine.registry import status
from engine.workflow.events import Listener


def domain_listeners() -> list[Listener]:
    return [status.LISTENER, records.LISTENER, units.LISTENER, fees.LISTENER, notifications.LISTENER]


def shown_task_data(process_id: str, task_id: str, data_key: str, data: dict) -> dict:
    """``Engine(shown_data=...)``: what the procedures declare each task shows its holder."""
    return procedures.shown_data(process_id, task_id, data_key, data)


def declared_dependencies(process_id: str) -> dict[str, tuple[str, ...]]:
    """``Engine(dependencies=...)``: the element ids the procedures' Python reacts to, with what
    it does (a deploy may not drop one)."""
    found = procedures.procedure(process_id)
    return found.dependencies() if found is not None else {}
