"""Errors the engine raises; the web layer maps each type to one HTTP status."""

from __future__ import annotations

from dataclasses import dataclass


class EngineError(Exception):
    """Base of every error the engine raises on purpose."""

    code = "engine_error"


class NotFound(EngineError):
    """A definition, instance or work item that does not exist; ``what`` (``task``, ``case``, …)
    and ``key`` say which, for a page that names it to the reader."""

    code = "not_found"

    def __init__(self, message: str = "", *, what: str | None = None, key: object = None):
        super().__init__(message)
        self.what, self.key = what, key


class TaskConflict(EngineError):
    """The task or case changed under the caller: already claimed, completed or moved on."""

    code = "conflict"


class NotYourTask(EngineError):
    """The caller's organisation does not own the task, or their role does not allow it."""

    code = "forbidden"


class Forbidden(EngineError):
    """The caller's organisation or role may not read or do this (a page, a report, a list)."""

    code = "forbidden"


class TaskNotClaimed(TaskConflict):
    """Completing or releasing a task the caller has not claimed."""

    code = "not_claimed"


class InvalidTaskData(EngineError):
    """Submitted form data failed validation; ``errors`` maps field path to messages."""

    code = "invalid_data"

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        fields = ", ".join(sorted(errors)) or "data"
        super().__init__(f"invalid task data: {fields}")


class InvalidParties(EngineError):
    """The parties of a new case name an unknown role or are not organisation ids."""

    code = "invalid_parties"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition file, located as precisely as we can."""

    file: str
    message: str
    element_id: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
        if self.element_id:
            where += f" [{self.element_id}]"
        return f"{where}: {self.message}"


class InvalidDefinition(EngineError):
    """A BPMN/DMN file was refused at deploy; nothing was deployed."""

    code = "invalid_definition"

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class WorkflowError(EngineError):
    """The process itself failed while running (a script or expression raised)."""

    code = "workflow_error"
