"""Deploying a bundle of BPMN/DMN files and forms: check it with what is deployed already, and
version each process whose bundle (files, lane roles, forms) changed — all or nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session, undefer

from engine.directory import audit
from engine.directory.roles import Actor
from engine.errors import InvalidDefinition, Problem
from engine.workflow import bundle_forms, bundles, definitions
from engine.workflow.bundle_forms import ChosenForms, FormSource
from engine.workflow.definitions import LaneRoles, latest_definition
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


#: process key → {task id → what Python does with it}: the side effects declared on its tasks
Dependencies = Callable[[str], Mapping[str, tuple[str, ...]]]


def is_lane_roles(value: object) -> bool:
    """Whether ``value`` (a request's JSON) has the shape of ``LaneRoles``: process id → {lane name →
    role}, all of it text."""
    return isinstance(value, dict) and all(
        isinstance(lanes, dict) and all(isinstance(n, str) and isinstance(r, str) for n, r in lanes.items())
        for lanes in value.values()
    )


def no_dependencies(_key: str) -> Mapping[str, tuple[str, ...]]:
    return {}


@dataclass(frozen=True)
class DeployRules:
    """What an engine knows that a deploy must respect: the element ids Python reacts to, and
    where forms come from (None: forms are not versioned, e.g. an engine without the forms)."""

    dependencies: Dependencies = no_dependencies
    forms: FormSource | None = None


@dataclass(frozen=True)
class _Deployed:
    """What is deployed now, read once from the newest version of every process: the files
    (name → text, name → sha256 of the bytes), the forms (key → sha256) and the lane roles."""

    sources: dict[str, str]
    digests: dict[str, str]
    forms: dict[str, str]
    lane_roles: LaneRoles

    @classmethod
    def read(cls, session: Session) -> _Deployed:
        newest = definitions.newest_versions().order_by(ProcessDefinition.deployed_at)
        deployed = cls({}, {}, {}, {})
        for definition in session.scalars(newest.options(undefer(ProcessDefinition.sources))):
            deployed.sources.update(definition.sources)
            deployed.digests.update(definition.files or {})
            deployed.forms.update(definition.forms or {})
            for key, roles in (definition.lane_roles or {}).items():
                deployed.lane_roles.setdefault(key, {}).update(roles)
        return deployed


@dataclass(frozen=True)
class _Planned:
    """A deploy checked and ready to store: the sources after it, what they parse to, the
    uploads by the name each is kept under, the lane roles in force and the forms chosen."""

    sources: dict[str, str]
    parsed: ParsedSources
    uploads: dict[str, bundles.Upload]
    lane_roles: LaneRoles
    forms: ChosenForms | None
    #: sha256 of the bytes of every deployed file (those the deploy keeps)
    deployed_digests: dict[str, str]


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
    deployed = _Deployed.read(session)
    sources, named = bundles.merge(deployed.sources, uploads)
    roles = _lane_roles_in_force(deployed.lane_roles, lane_roles)
    parsed = parse_sources({name: text.encode("utf-8") for name, text in sources.items()}, roles)
    problems = _unused_decisions(parsed, named) + _lost_dependencies(parsed, named, rules.dependencies)
    chosen = None
    if rules.forms is not None:
        chosen, form_problems = bundle_forms.choose(
            parsed, form_uploads, deployed.forms, rules.forms, library_first=library_first
        )
        problems += form_problems
    elif form_uploads:
        problems += [Problem(f"{key}.json", "this engine keeps no forms") for key in form_uploads]
    if problems:
        raise InvalidDefinition(problems)
    return _Planned(sources, parsed, named, roles, chosen, deployed.digests)


def _lane_roles_in_force(remembered: LaneRoles, given: LaneRoles) -> LaneRoles:
    """The designer's mapping of this deploy over the one remembered from earlier versions."""
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
    previous = plan.deployed_digests
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
