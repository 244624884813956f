"""Deployed process definitions: validate a bundle, version each process by its content, and load
specs back."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
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
from engine.workflow import bundle_forms, bundles
from engine.workflow.bundle_forms import ChosenForms, FormSource
from engine.workflow.models import ProcessDefinition
from engine.workflow.validation import ParsedSources, bundle_files, parse_sources

DEFINITION_SUFFIXES = (".bpmn", ".dmn")
#: what one deploy may hold: diagrams, decision tables and forms (``<form key>.json``)
BUNDLE_SUFFIXES = (*DEFINITION_SUFFIXES, bundles.FORM_SUFFIX)


@dataclass(frozen=True)
class Deployment:
    """What deploying did to one process: a new version, or nothing (content unchanged)."""

    key: str
    version: int
    changed: bool


def read_directory(path: Path) -> dict[str, bytes]:
    """Every .bpmn/.dmn file under ``path``, keyed by its path relative to it, and the forms
    (``<form key>.json``) beside them, keyed by their file name."""
    files = {
        str(file.relative_to(path)): file.read_bytes()
        for file in sorted(path.rglob("*"))
        if file.suffix in DEFINITION_SUFFIXES and file.is_file()
    }
    return files | {file.name: file.read_bytes() for file in sorted(path.rglob(f"*{bundles.FORM_SUFFIX}"))}


#: process key → {lane name → role}: how the lanes of a file drawn elsewhere map to our roles
LaneRoles = dict[str, dict[str, str]]
#: process key → {task id → what Python does with it}: the side effects declared on its tasks
Dependencies = Callable[[str], Mapping[str, tuple[str, ...]]]


def no_dependencies(_key: str) -> Mapping[str, tuple[str, ...]]:
    return {}


@dataclass(frozen=True)
class DeployRules:
    """What an engine knows that a deploy must respect: the element ids Python reacts to, and
    where forms come from (None: forms are not versioned, e.g. an engine without the forms)."""

    dependencies: Dependencies = no_dependencies
    forms: FormSource | None = None


@dataclass(frozen=True)
class _Planned:
    """A deploy checked and ready to store: the sources after it, what they parse to, the
    uploads by the name each is kept under, the lane roles in force and the forms chosen."""

    sources: dict[str, str]
    parsed: ParsedSources
    uploads: dict[str, bundles.Upload]
    lane_roles: LaneRoles
    forms: ChosenForms | None


def check(
    session: Session,
    files: dict[str, bytes],
    lane_roles: LaneRoles | None = None,
    rules: DeployRules = DeployRules(),
) -> list[Problem]:
    """Every problem deploying ``files`` would meet (none: it would deploy); nothing is stored."""
    try:
        _plan(session, files, lane_roles or {}, rules, library_first=False)
    except InvalidDefinition as err:
        return list(err.problems)
    return []


def deploy(
    session: Session,
    files: dict[str, bytes],
    actor: Actor | str,
    now: datetime,
    lane_roles: LaneRoles | None = None,
    rules: DeployRules = DeployRules(),
    *,
    library_first: bool = False,
) -> list[Deployment]:
    """Validate ``files`` (one bundle: BPMN, DMN, forms) with what is deployed already, and
    version every process whose bundle changed. All or nothing: one problem raises
    ``InvalidDefinition`` and nothing is deployed; an unchanged bundle deploys nothing.
    ``library_first``: the application's own forms win over deployed ones (deploying processes/)."""
    plan = _plan(session, files, lane_roles or {}, rules, library_first=library_first)
    digests = _stored_digests(session, plan)
    form_digests = plan.forms.store(session) if plan.forms is not None else None
    keys = sorted(key for key in plan.parsed.process_files if key in plan.parsed.executable)
    return [_deploy_process(session, plan, digests, form_digests, key, actor, now) for key in keys]


def _plan(
    session: Session,
    files: dict[str, bytes],
    lane_roles: LaneRoles,
    rules: DeployRules,
    *,
    library_first: bool,
) -> _Planned:
    uploads, form_uploads = bundles.read_uploads(files)
    sources, named = bundles.merge(deployed_sources(session), uploads)
    roles = _lane_roles_in_force(session, lane_roles)
    parsed = parse_sources({name: text.encode("utf-8") for name, text in sources.items()}, roles)
    problems = _unused_decisions(parsed, named) + _lost_dependencies(parsed, named, rules.dependencies)
    chosen = None
    if rules.forms is not None:
        deployed = _deployed_forms(session)
        chosen, form_problems = bundle_forms.choose(
            parsed, form_uploads, deployed, rules.forms, library_first=library_first
        )
        problems += form_problems
    elif form_uploads:
        problems += [Problem(f"{key}.json", "this engine keeps no forms") for key in form_uploads]
    if problems:
        raise InvalidDefinition(problems)
    return _Planned(sources, parsed, named, roles, chosen)


def _lane_roles_in_force(session: Session, given: LaneRoles) -> LaneRoles:
    """The designer's mapping of this deploy over the one remembered from earlier versions."""
    remembered: LaneRoles = {}
    for definition in latest_definitions(session):
        for key, roles in (definition.lane_roles or {}).items():
            remembered.setdefault(key, {}).update(roles)
    return {key: {**remembered.get(key, {}), **given.get(key, {})} for key in {*remembered, *given}}


def _unused_decisions(parsed: ParsedSources, uploads: dict[str, bundles.Upload]) -> list[Problem]:
    """A decision table uploaded for no process would be stored nowhere: refuse it."""
    used = set().union(*(bundle_files(parsed, key) for key in parsed.executable))
    return [
        Problem(
            name,
            f"decision '{decision}' is called by no process: deploy it together with the process that"
            " calls it (spiffworkflow:calledDecisionId), as one bundle",
            decision,
        )
        for decision, name in parsed.decision_files.items()
        if name in uploads and name not in used
    ]


def _lost_dependencies(
    parsed: ParsedSources, uploads: dict[str, bundles.Upload], dependencies: Dependencies
) -> list[Problem]:
    """A task Python reacts to (registry moves, milestone figures, documents, signature blocks)
    may not disappear from a new version: the effect would silently stop."""
    problems = []
    for key, name in parsed.process_files.items():
        if name not in uploads:
            continue
        for task_id, effects in dependencies(key).items():
            if task_id not in parsed.element_ids.get(key, set()):
                problems.append(
                    Problem(
                        name,
                        f"process '{key}' no longer has element '{task_id}', which Python depends on —"
                        f" {'; '.join(effects)}: keep the id '{task_id}' (its name may change)",
                        task_id,
                    )
                )
    return problems


def _stored_digests(session: Session, plan: _Planned) -> dict[str, str]:
    """File name → sha256 of its bytes as uploaded, for every file of the sources."""
    previous = _deployed_digests(session)
    digests = {}
    for name, text in plan.sources.items():
        upload = plan.uploads.get(name)
        if upload is not None:
            digests[name] = bundles.store(session, upload.content)
        elif name in previous:
            digests[name] = previous[name]
        else:  # deployed before files were kept byte for byte: its text is what there is
            digests[name] = bundles.store(session, text.encode("utf-8"))
    return digests


def _deploy_process(
    session: Session,
    plan: _Planned,
    digests: dict[str, str],
    form_digests: dict[str, str] | None,
    key: str,
    actor: Actor | str,
    now: datetime,
) -> Deployment:
    parsed = plan.parsed
    bundle = {name: plan.sources[name] for name in sorted(bundle_files(parsed, key))}
    in_bundle = {pid for pid, name in parsed.process_files.items() if name in bundle}
    lane_roles = {pid: roles for pid, roles in plan.lane_roles.items() if pid in in_bundle}
    forms = bundle_forms.of_bundle(parsed, in_bundle, form_digests) if form_digests is not None else None
    content_hash = _hash(bundle, lane_roles)
    latest = latest_definition(session, key, required=False)
    if latest is not None and latest.content_hash == content_hash and _same_forms(latest.forms, forms):
        return Deployment(key, latest.version, changed=False)
    definition = ProcessDefinition(
        key=key,
        version=(latest.version + 1) if latest else 1,
        name=parsed.process_names.get(key, key),
        content_hash=content_hash,
        deployed_at=now,
        deployed_by=actor.user_id if isinstance(actor, Actor) else actor,
        lanes=parsed.lanes.get(key, []),
        executable=True,
        sources=bundle,
        files={name: digests[name] for name in bundle},
        lane_roles=lane_roles or None,
        forms=forms,
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
        detail={
            "files": sorted(bundle),
            **({"lane_roles": lane_roles} if lane_roles else {}),
            **({"forms": forms} if forms else {}),
        },
    )
    return Deployment(key, definition.version, changed=True)


def _same_forms(kept: dict[str, str] | None, chosen: dict[str, str] | None) -> bool:
    """Whether a version's forms are those chosen now; a version deployed before forms were
    versioned (None) reads the application's forms and is not made anew for them."""
    return kept is None or chosen is None or kept == chosen


def _hash(bundle: dict[str, str], lane_roles: LaneRoles) -> str:
    # lanes mapped to roles are part of what a version does; without a mapping the hash is the
    # files' alone, as it was before mappings existed (a redeploy of the same files is a no-op)
    content: dict = {"files": bundle, "lane_roles": lane_roles} if lane_roles else bundle
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _newest_versions():
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
    for definition in session.scalars(_newest_versions().options(undefer(ProcessDefinition.sources))):
        merged.update(definition.sources)
    return merged


def _deployed_forms(session: Session) -> dict[str, str]:
    merged: dict[str, str] = {}
    for definition in session.scalars(_newest_versions().order_by(ProcessDefinition.deployed_at)):
        merged.update(definition.forms or {})
    return merged


def _deployed_digests(session: Session) -> dict[str, str]:
    merged: dict[str, str] = {}
    for definition in session.scalars(_newest_versions()):
        merged.update(definition.files or {})
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


def version_files(session: Session, definition: ProcessDefinition) -> dict[str, bytes]:
    """File name → the exact bytes deployed, of every file of one version."""
    if definition.files:
        stored = bundles.contents(session, set(definition.files.values()))
        return {name: stored[digest] for name, digest in sorted(definition.files.items())}
    sources = session.scalar(select(ProcessDefinition.sources).where(ProcessDefinition.id == definition.id))
    return {name: text.encode("utf-8") for name, text in sorted(sources.items())}


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
    sources = session.scalar(select(ProcessDefinition.sources).where(ProcessDefinition.id == definition.id))
    return dict(sorted(sources.items()))


_spec_cache: dict[tuple[str, str], tuple] = {}


def load_specs(session: Session, definition: ProcessDefinition):
    """(spec, subprocess specs) of a deployed version, parsed once per content hash; lanes
    mapped to roles at deploy carry their role."""
    cache_key = (definition.key, definition.content_hash)
    if cache_key not in _spec_cache:
        sources = session.scalar(
            select(ProcessDefinition.sources).where(ProcessDefinition.id == definition.id)
        )
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
