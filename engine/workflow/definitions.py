"""Deployed process definitions: validate, version by content hash, and load specs back."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent as StartEventMixin
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask as SubWorkflowTaskMixin
from sqlalchemy import func, select
from sqlalchemy.orm import Session, undefer

from engine.directory import audit
from engine.directory.roles import Actor
from engine.errors import InvalidDefinition, NotFound, Problem
from engine.workflow.models import ProcessDefinition
from engine.workflow.validation import ParsedSources, bundle_files, parse_sources

DEFINITION_SUFFIXES = (".bpmn", ".dmn")


@dataclass(frozen=True)
class Deployment:
    """What deploying did to one process: a new version, or nothing (content unchanged)."""

    key: str
    version: int
    changed: bool


def read_directory(path: Path) -> dict[str, bytes]:
    """Every .bpmn/.dmn file under ``path``, keyed by its path relative to it."""
    return {
        str(file.relative_to(path)): file.read_bytes()
        for file in sorted(path.rglob("*"))
        if file.suffix in DEFINITION_SUFFIXES and file.is_file()
    }


#: process key → {lane name → role}: how the lanes of a file drawn elsewhere map to our roles
LaneRoles = dict[str, dict[str, str]]


def check(session: Session, files: dict[str, bytes], lane_roles: LaneRoles | None = None) -> list[Problem]:
    """Every problem deploying ``files`` would meet (none: it would deploy); nothing is stored."""
    try:
        _parse_with_deployed(session, files)
    except InvalidDefinition as err:
        return list(err.problems)
    return []


def deploy(
    session: Session,
    files: dict[str, bytes],
    actor: Actor | str,
    now: datetime,
    lane_roles: LaneRoles | None = None,
) -> list[Deployment]:
    """Validate ``files`` together with what is deployed already, and version what changed.

    All or nothing: one bad file raises ``InvalidDefinition`` and nothing is deployed.
    """
    sources, parsed = _parse_with_deployed(session, files)
    return [
        _deploy_process(session, parsed, sources, key, actor, now) for key in sorted(parsed.process_files)
    ]


def versions(session: Session, key: str) -> list[ProcessDefinition]:
    """Every deployed version of process ``key``, newest first."""
    return list(
        session.scalars(
            select(ProcessDefinition)
            .where(ProcessDefinition.key == key)
            .order_by(ProcessDefinition.version.desc())
        )
    )


def version_files(session: Session, definition: ProcessDefinition) -> dict[str, bytes]:
    """File name → the exact bytes deployed, of every file of one version."""
    sources = session.scalar(select(ProcessDefinition.sources).where(ProcessDefinition.id == definition.id))
    return {name: text.encode("utf-8") for name, text in sorted(sources.items())}


def _parse_with_deployed(session: Session, files: dict[str, bytes]) -> tuple[dict[str, str], ParsedSources]:
    sources = {**deployed_sources(session), **_decode(files)}
    parsed = parse_sources({name: text.encode("utf-8") for name, text in sources.items()})
    return sources, parsed


def _decode(files: dict[str, bytes]) -> dict[str, str]:
    decoded, problems = {}, []
    for name, content in files.items():
        try:
            decoded[name] = content.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(name, f"file is not UTF-8 text (byte {exc.start})"))
    if problems:
        raise InvalidDefinition(problems)
    return decoded


def _deploy_process(
    session: Session,
    parsed: ParsedSources,
    sources: dict[str, str],
    key: str,
    actor: Actor | str,
    now: datetime,
) -> Deployment:
    bundle = {name: sources[name] for name in sorted(bundle_files(parsed, key))}
    content_hash = _hash(bundle)
    latest = latest_definition(session, key, required=False)
    if latest is not None and latest.content_hash == content_hash:
        return Deployment(key, latest.version, changed=False)
    definition = ProcessDefinition(
        key=key,
        version=(latest.version + 1) if latest else 1,
        name=parsed.process_names.get(key, key),
        content_hash=content_hash,
        deployed_at=now,
        deployed_by=actor.user_id if isinstance(actor, Actor) else actor,
        lanes=parsed.lanes.get(key, []),
        executable=key in parsed.executable,
        sources=bundle,
    )
    session.add(definition)
    session.flush()
    audit.record(
        session,
        "deploy",
        actor,
        now,
        definition_key=key,
        definition_version=definition.version,
        data=bundle,
        detail={"files": sorted(bundle)},
    )
    return Deployment(key, definition.version, changed=True)


def _hash(bundle: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(bundle, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def deployed_sources(session: Session) -> dict[str, str]:
    """File name → text of the newest deployed version of every process."""
    newest = (
        select(ProcessDefinition.key, func.max(ProcessDefinition.version).label("version"))
        .group_by(ProcessDefinition.key)
        .subquery()
    )
    query = (
        select(ProcessDefinition)
        .join(
            newest, (ProcessDefinition.key == newest.c.key) & (ProcessDefinition.version == newest.c.version)
        )
        .options(undefer(ProcessDefinition.sources))
    )
    merged: dict[str, str] = {}
    for definition in session.scalars(query):
        merged.update(definition.sources)
    return merged


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


_spec_cache: dict[tuple[str, str], tuple] = {}


def load_specs(session: Session, definition: ProcessDefinition):
    """(spec, subprocess specs) of a deployed version, parsed once per content hash."""
    cache_key = (definition.key, definition.content_hash)
    if cache_key not in _spec_cache:
        sources = session.scalar(
            select(ProcessDefinition.sources).where(ProcessDefinition.id == definition.id)
        )
        parsed = parse_sources({name: text.encode("utf-8") for name, text in sources.items()})
        _spec_cache[cache_key] = (
            parsed.parser.get_spec(definition.key),
            parsed.parser.get_subprocess_specs(definition.key),
        )
    return _spec_cache[cache_key]


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
