"""Service tasks: BPMN ``serviceTask``s call engine services that may read the database.

A diagram names the service in ``spiffworkflow:serviceTaskOperator id="…"``; the parameters
are expressions (checked at deploy like every script). The engine makes the current step's
session and time available while the workflow runs, so a service sees exactly the
transaction of the step that called it.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from sqlalchemy.orm import Session

from engine.workflow.scripting import RestrictedScriptEngine


@dataclass(frozen=True)
class ServiceContext:
    """What a service may use: the step's session, the clock's now, the calling case."""

    session: Session
    now: datetime
    instance_id: int | None


#: service name → function(context, **parameters) returning JSON-serialisable data
Service = Callable[..., Any]

_context: ContextVar[ServiceContext | None] = ContextVar("yijiao_service_context", default=None)


@contextlib.contextmanager
def serving(context: ServiceContext) -> Iterator[None]:
    """Within this block service tasks run against ``context``."""
    token = _context.set(context)
    try:
        yield
    finally:
        _context.reset(token)


class CaseScriptEngine(RestrictedScriptEngine):
    """The restricted script engine, plus service tasks dispatched to registered services."""

    def __init__(self, services: dict[str, Service]):
        super().__init__()
        self.services = dict(services)

    def call_service(self, task, operation_name: str, operation_params: dict, **_kwargs) -> str:
        """Run a registered service; SpiffWorkflow expects its result as a JSON string."""
        service = self.services.get(operation_name)
        context = _context.get()
        if service is None or context is None:
            reason = "is not a known service" if service is None else "needs a database step"
            raise WorkflowTaskException(f"service '{operation_name}' {reason}", task=task)
        arguments = {name: param["value"] for name, param in operation_params.items()}
        return json.dumps(service(context, **arguments), ensure_ascii=False, default=str)
