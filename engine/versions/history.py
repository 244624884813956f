"""版本记录 — a process's deployed versions as the processes area shows them: who deployed each and
when, how many cases run and have finished on each, and the exact files of each."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.errors import NotFound
from engine.workflow import definitions, routing
from engine.workflow.models import ProcessDefinition, ProcessInstance

#: what a downloaded file is served as, by its suffix (anything else: by ``mimetypes``)
MEDIA_TYPES = {".bpmn": "application/xml", ".dmn": "application/xml", ".xml": "application/xml"}


@dataclass(frozen=True)
class Procedure:
    """A deployed process as the list shows it: its newest version and how many it has."""

    newest: ProcessDefinition
    versions: int


@dataclass(frozen=True)
class Version:
    """One version of a process and the cases started on it, by status."""

    definition: ProcessDefinition
    running: int
    completed: int


def procedures(session: Session) -> list[Procedure]:
    """Every deployed process, by name: its newest version and its number of versions."""
    counts = dict(
        session.execute(select(ProcessDefinition.key, func.count()).group_by(ProcessDefinition.key)).all()
    )
    newest = definitions.latest_definitions(session)
    return [Procedure(d, counts[d.key]) for d in sorted(newest, key=lambda d: (d.name, d.key))]


def versions(session: Session, key: str) -> list[Version]:
    """Every version of process ``key``, newest first, with its running and completed cases."""
    found = definitions.versions(session, key)
    if not found:
        raise NotFound(f"no process '{key}' is deployed", what="process", key=key)
    counts = case_counts(session, [d.id for d in found])
    return [Version(d, counts.get((d.id, "running"), 0), counts.get((d.id, "completed"), 0)) for d in found]


def case_counts(session: Session, definition_ids: list[int]) -> dict[tuple[int, str], int]:
    """(definition id, case status) → number of cases, in one grouped query."""
    rows = session.execute(
        select(ProcessInstance.definition_id, ProcessInstance.status, func.count())
        .where(ProcessInstance.definition_id.in_(definition_ids))
        .group_by(ProcessInstance.definition_id, ProcessInstance.status)
    )
    return {(definition_id, status): count for definition_id, status, count in rows}


def version(session: Session, key: str, number: int) -> ProcessDefinition:
    """Version ``number`` of process ``key``."""
    definition = session.scalar(
        select(ProcessDefinition).where(ProcessDefinition.key == key, ProcessDefinition.version == number)
    )
    if definition is None:
        raise NotFound(f"process '{key}' has no version {number}", what="process", key=key)
    return definition


def version_file(session: Session, definition: ProcessDefinition, name: str) -> bytes:
    """The exact bytes deployed of the file ``name`` of a version."""
    files = definitions.version_files(session, definition)
    if name not in files:
        raise NotFound(
            f"version {definition.version} of '{definition.key}' has no file '{name}'", what="file", key=name
        )
    return files[name]


def media_type(name: str) -> str:
    """The content type a file of a version is served with."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return MEDIA_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def version_number(text: str | None) -> int | None:
    """A version number as a request gives it (``?from=2``); None unless a whole number ≥ 1."""
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9 or int(text) < 1:
        return None
    return int(text)


@dataclass(frozen=True)
class UserTask:
    """A task an official does, as a version's forms page lists it."""

    process: str
    id: str
    name: str
    role: str | None
    form_key: str | None


def user_tasks(session: Session, definition: ProcessDefinition) -> list[UserTask]:
    """The user tasks of a version: of its process, then of the processes it calls."""
    spec, called = definitions.load_specs(session, definition)
    return [
        UserTask(
            process=process.description or process.name,
            id=task.bpmn_id,
            name=task.bpmn_name or task.bpmn_id,
            role=task.lane,
            form_key=routing.spec_properties(task).get("form"),
        )
        for process in (spec, *called.values())
        for task in process.task_specs.values()
        if getattr(task, "manual", False)
    ]
