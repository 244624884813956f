"""The listeners every engine running the hand-over needs: the registry's statuses and the
supervisors' milestone units follow the steps (in the step's transaction). The web app, the
worker and the tests register them: ``Engine(listeners=domain_listeners())``."""

from __future__ import annotations

from engine import fees, notifications, procedures
from engine.progress import units
from engine.registry import status
from engine.workflow.events import Listener


def domain_listeners() -> list[Listener]:
    return [status.LISTENER, units.LISTENER, fees.LISTENER, notifications.LISTENER]


def shown_task_data(process_id: str, task_id: str, data_key: str, data: dict) -> dict:
    """``Engine(shown_data=...)``: what the procedures declare each task shows its holder."""
    return procedures.shown_data(process_id, task_id, data_key, data)
