"""What the runtime tells the rest of the application: a case started, a step submitted (before
the workflow moves on: a listener may refuse it or record what it does to the registry, so the
service tasks after it read the registry as the step left it), a step completed.

Listeners (the registry, the milestone units, …) are registered on the ``Engine`` by whoever
builds it (the web app, the worker, a test) and run in the step's own transaction, so a step and
its effects commit or roll back together. The runtime imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from sqlalchemy.orm import Session

from engine.workflow.models import ProcessInstance, WorkItem


@dataclass(frozen=True)
class CaseStarted:
    session: Session
    instance: ProcessInstance
    data: dict[str, Any]  # the case's initial data, parties included
    now: datetime


@dataclass(frozen=True)
class StepCompleted:
    session: Session
    instance: ProcessInstance
    item: WorkItem
    #: the BPMN process the task belongs to (a called process's own id, not the case's)
    process_id: str
    data: dict[str, Any]  # what the form submitted
    task_data: dict[str, Any]  # the case data at the task, the submission included
    workflow: BpmnWorkflow

    @property
    def task_id(self) -> str:
        return self.item.spec_id

    @property
    def now(self) -> datetime:
        return self.item.completed_at


@dataclass(frozen=True)
class StepSubmitted:
    """A claimed task's form data, valid against its form, before the workflow runs it."""

    session: Session
    instance: ProcessInstance
    item: WorkItem
    process_id: str
    data: dict[str, Any]  # what the form submitted
    task_data: dict[str, Any]  # the case data at the task, the submission included (read only)
    now: datetime

    @property
    def task_id(self) -> str:
        return self.item.spec_id


@dataclass(frozen=True)
class TasksOpened:
    """Human tasks a step (a start, a completion, a timer, a message) opened, flushed with their ids.

    A listener hears it through an optional ``tasks_opened`` method (the notifications have one)."""

    session: Session
    instance: ProcessInstance
    items: list[WorkItem]
    now: datetime


class Listener(Protocol):
    def case_started(self, event: CaseStarted) -> None: ...

    def step_submitted(self, event: StepSubmitted) -> None:
        """Refuse the submission (``InvalidTaskData``) or apply what it does outside the workflow."""

    def step_completed(self, event: StepCompleted) -> None: ...
