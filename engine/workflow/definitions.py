"""Deployed process definitions: their versions, files, forms and specs (``deploying.py`` makes
them)."""

from __future__ import annotations

import json

from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent as StartEventMixin
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask as SubWorkflowTaskMixin
from sqlalchemy import func, select
from sqlalchemy.orm import Session, undefer

from engine.errors import NotFound
from engine.workflow import bundles
from engine.workflow.models import ProcessDefinition
from engine.workflow.validation import parse_sources

#: process key → {lane name → role}: how the lanes of a file drawn elsewhere map to our roles
LaneRoles = dict[str, dict[str, str]]


def newest_versions():
    """A select of the newest version of every process."""
    newest = (
        select(ProcessDefinition.key, func.max(ProcessDefinition.version).label("version"))
        .group_by(ProcessDefinition.key)
        .subquery()
    )
    return select(ProcessDefinition).join(
        newest, (ProcessDefinition.key == newest.c.key) & (ProcessDefinition.version == newest.c.version)
    )


def deployed_sources(session: Session) -> dict[str, str]:
    """File name → text of the newest deployed version of every process."""
    merged: dict[str, str] = {}
    for definition in session.scalars(newest_versions().options(undefer(ProcessDefinition.sources))):
        merged.update(definition.sources)
    return merged


def versions(session: Session, key: str) -> list[ProcessDefinition]:
    """Every deployed version of process ``key``, newest first."""
    return list(
        session.scalars(
            select(ProcessDefinition)
            .where(ProcessDefinition.key == key)
            .order_by(ProcessDefinition.version.desc())
        )
    )


def _sources(session: Session, definition: ProcessDefinition) -> dict[str, str]:
    """File name → text of a version's files (a deferred column: read only where needed)."""
    return session.scalar(select(ProcessDefinition.sources).where(ProcessDefinition.id == definition.id))


def version_file_names(session: Session, definition: ProcessDefinition) -> list[str]:
    """The names of the files of one version, sorted (their bytes are not read)."""
    if definition.files:
        return sorted(definition.files)
    return sorted(_sources(session, definition))


def version_files(session: Session, definition: ProcessDefinition) -> dict[str, bytes]:
    """File name → the exact bytes deployed, of every file of one version."""
    if definition.files:
        stored = bundles.contents(session, set(definition.files.values()))
        return {name: stored[digest] for name, digest in sorted(definition.files.items())}
    return {name: text.encode("utf-8") for name, text in sorted(_sources(session, definition).items())}


def latest_definition(session: Session, key: str, *, required: bool = True) -> ProcessDefinition | None:
    """The newest version of process ``key``."""
    definition = session.scalars(
        select(ProcessDefinition)
        .where(ProcessDefinition.key == key)
        .order_by(ProcessDefinition.version.desc())
        .limit(1)
    ).first()
    if definition is None and required:
        raise NotFound(f"no process '{key}' is deployed")
    return definition


def latest_definitions(session: Session) -> list[ProcessDefinition]:
    """The newest version of every deployed process, by key."""
    rows = session.scalars(
        select(ProcessDefinition).order_by(ProcessDefinition.key, ProcessDefinition.version.desc())
    )
    latest: dict[str, ProcessDefinition] = {}
    for definition in rows:
        latest.setdefault(definition.key, definition)
    return list(latest.values())


def version_form(session: Session, definition: ProcessDefinition, key: str) -> str | None:
    """The JSON text of form ``key`` as this version keeps it (None: the version keeps none of
    that key, and reads the application's form)."""
    digest = (definition.forms or {}).get(key)
    if digest is None:
        return None
    if digest not in _form_cache:
        _form_cache[digest] = bundles.contents(session, {digest})[digest].decode("utf-8")
    return _form_cache[digest]


_form_cache: dict[str, str] = {}  # by content hash: a stored form never changes


def version_forms(session: Session, definition: ProcessDefinition) -> dict[str, dict]:
    """Form key → schema of every form this version keeps (empty for a version deployed before
    forms were versioned: it reads the application's forms)."""
    return {
        key: json.loads(version_form(session, definition, key) or "{}")
        for key in sorted(definition.forms or {})
    }


def version_texts(session: Session, definition: ProcessDefinition) -> dict[str, str]:
    """File name → the text of every file of one version, as the engine reads it (the XML
    declaration says UTF-8 whatever encoding the file was uploaded in)."""
    return dict(sorted(_sources(session, definition).items()))


_spec_cache: dict[tuple[str, str], tuple] = {}


def load_specs(session: Session, definition: ProcessDefinition):
    """(spec, subprocess specs) of a deployed version, parsed once per content hash; lanes
    mapped to roles at deploy carry their role."""
    cache_key = (definition.key, definition.content_hash)
    if cache_key not in _spec_cache:
        sources = _sources(session, definition)
        lane_roles = definition.lane_roles or {}
        parsed = parse_sources({name: text.encode("utf-8") for name, text in sources.items()}, lane_roles)
        spec = parsed.parser.get_spec(definition.key)
        subprocess_specs = parsed.parser.get_subprocess_specs(definition.key)
        _lanes_to_roles([spec, *subprocess_specs.values()], lane_roles)
        _spec_cache[cache_key] = (spec, subprocess_specs)
    return _spec_cache[cache_key]


def _lanes_to_roles(specs: list, lane_roles: LaneRoles) -> None:
    """Routing reads a task's lane as a role: a mapped lane's tasks carry the role instead."""
    if not lane_roles:
        return
    everywhere = {lane: role for roles in lane_roles.values() for lane, role in roles.items()}
    for spec in specs:
        roles = {**everywhere, **lane_roles.get(spec.name, {})}
        for task_spec in spec.task_specs.values():
            if task_spec.lane in roles:
                task_spec.lane = roles[task_spec.lane]


def starter_role(session: Session, definition: ProcessDefinition) -> str | None:
    """The role that starts a case: the lane of the process's start event."""
    spec, _ = load_specs(session, definition)
    for task_spec in spec.task_specs.values():
        if isinstance(task_spec, StartEventMixin) and task_spec.lane:
            return task_spec.lane
    return None


def startable(session: Session, role: str) -> list[ProcessDefinition]:
    """Newest executable processes whose start event sits in ``role``'s lane and that no other
    process calls (a county hand-over is started by its programme, not by hand)."""
    latest = latest_definitions(session)
    called = {
        task_spec.spec
        for definition in latest
        for task_spec in load_specs(session, definition)[0].task_specs.values()
        if isinstance(task_spec, SubWorkflowTaskMixin)
    }
    return [d for d in latest if d.executable and d.key not in called and starter_role(session, d) == role]
