"""案件迁移 — moving running cases of a process from one deployed version to another.

SpiffWorkflow aligns the old version's tasks with the new one's (``diff_workflow``) and re-points a
workflow onto the new specs (``migrate_workflow``), resetting and re-predicting what waits. A case
moves only when nothing of it is left on a task the new version no longer has. Every case is first
migrated on a scratch copy, so a preview shows exactly what applying will do; applying migrates
the chosen cases again for real, rebuilds their work items and timers as a step does, and records
one audit event that names the cases moved and those refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from engine.clock import Clock, running_on
from engine.directory import audit
from engine.directory.roles import Actor
from engine.errors import NotFound, TaskConflict
from engine.versions import realignment
from engine.versions.realignment import OUTCOMES, TaskMove
from engine.workflow import definitions, serialization
from engine.workflow.models import ProcessDefinition, ProcessInstance, WorkItem

__all__ = ["OUTCOMES", "CasePreview", "Migration", "MigrationResult", "TaskMove", "apply", "preview"]

#: does ``change`` to a case's workflow and persists it as after a step (``Engine.migrate``)
Rewrite = Callable[[ProcessInstance, BpmnWorkflow, Callable[[], object]], None]


@dataclass(frozen=True)
class Migration:
    """Which cases of process ``key`` to move from one version to another: ``instance_ids``
    None means every running case on ``from_version``; ``revisions`` are the cases' revisions
    when the preview was shown (a case changed since then is refused, not moved unseen)."""

    key: str
    from_version: int
    to_version: int
    instance_ids: tuple[int, ...] | None = None
    revisions: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CasePreview:
    """One case as a migration sees it: why it cannot move (empty: it can), and what it waits on."""

    instance_id: int
    title: str
    revision: int
    refusals: tuple[str, ...] = ()
    tasks: tuple[TaskMove, ...] = ()

    @property
    def migratable(self) -> bool:
        return not self.refusals


@dataclass(frozen=True)
class MigrationResult:
    """What applying did: the cases moved and those left where they were (with the reasons)."""

    key: str
    from_version: int
    to_version: int
    migrated: list[CasePreview]
    refused: list[CasePreview]


@dataclass(frozen=True)
class _Target:
    """The two versions and the new one's specs (spec, subprocess specs)."""

    old: ProcessDefinition
    new: ProcessDefinition
    to: realignment.Target


@dataclass(frozen=True)
class _Run:
    """One preview or application: what every case of it is tried with."""

    session: Session
    migration: Migration
    target: _Target
    script_engine: object
    clock: Clock


def preview(session: Session, script_engine, clock: Clock, migration: Migration) -> list[CasePreview]:
    """What migrating each chosen case would do; nothing is changed."""
    run = _Run(session, migration, _target(session, migration), script_engine, clock)
    return [_trial(case, run) for case in _cases(session, migration, run.target)]


def apply(
    session: Session,
    script_engine,
    clock: Clock,
    migration: Migration,
    actor: Actor | str,
    rewrite: Rewrite,
) -> MigrationResult:
    """Migrate the chosen cases that can move, in the caller's transaction; the others stay as
    they are. One audit event names both."""
    run = _Run(session, migration, _target(session, migration), script_engine, clock)
    target = run.target
    migrated, refused = [], []
    for case in _cases(session, migration, target):
        trial = _trial(case, run)
        if trial.migratable:
            trial = _apply_one(run, case, trial, rewrite)
        (migrated if trial.migratable else refused).append(trial)
    _record(session, migration, actor, clock, migrated, refused)
    return MigrationResult(migration.key, migration.from_version, migration.to_version, migrated, refused)


# -- which versions, which cases -------------------------------------------------------------
def _target(session: Session, migration: Migration) -> _Target:
    by_number = {d.version: d for d in definitions.versions(session, migration.key)}
    for number in (migration.from_version, migration.to_version):
        if number not in by_number:
            raise NotFound(f"process '{migration.key}' has no version {number}", what="version", key=number)
    new = by_number[migration.to_version]
    to = realignment.Target(new.version, definitions.load_specs(session, new))
    return _Target(by_number[migration.from_version], new, to)


def _cases(session: Session, migration: Migration, target: _Target) -> list[ProcessInstance]:
    query = (
        select(ProcessInstance)
        .where(ProcessInstance.process_key == migration.key)
        .options(undefer(ProcessInstance.state))
        .order_by(ProcessInstance.id)
    )
    if migration.instance_ids is None:
        query = query.where(
            ProcessInstance.definition_id == target.old.id, ProcessInstance.status == "running"
        )
        return list(session.scalars(query))
    wanted = sorted(set(migration.instance_ids))
    found = list(session.scalars(query.where(ProcessInstance.id.in_(wanted))))
    missing = sorted(set(wanted) - {case.id for case in found})
    if missing:
        raise NotFound(
            f"process '{migration.key}' has no case {', '.join(map(str, missing))}",
            what="case",
            key=missing[0],
        )
    return found


def _load(run: _Run, case: ProcessInstance) -> BpmnWorkflow:
    """The case's workflow on its current (old) version."""
    specs = definitions.load_specs(run.session, run.target.old)
    return serialization.loads(case.state, specs, run.script_engine)


# -- one case ---------------------------------------------------------------------------------
def _trial(case: ProcessInstance, run: _Run) -> CasePreview:
    """Migrate a scratch copy of the case and say what happened to it."""
    preview = CasePreview(case.id, case.title, case.revision)
    target = run.target
    refusals = _standing(case, target, run.migration)
    if refusals:
        return _refused(preview, refusals)
    workflow = _load(run, case)
    before = realignment.waiting(workflow)
    with running_on(run.clock):
        refusals = realignment.realign(workflow, target.to)
    after = realignment.waiting(workflow)
    refusals = refusals or realignment.check(workflow, before, after, target.to, run.script_engine)
    if refusals:
        return _refused(preview, refusals)
    return CasePreview(case.id, case.title, case.revision, (), tuple(realignment.moves(before, after)))


def _refused(preview: CasePreview, refusals: Iterable[str]) -> CasePreview:
    return CasePreview(preview.instance_id, preview.title, preview.revision, tuple(dict.fromkeys(refusals)))


def _standing(case: ProcessInstance, target: _Target, migration: Migration) -> list[str]:
    """Reasons found on the case row alone."""
    if case.status == "completed":
        return ["案件已办结"]
    if case.status != "running":
        return ["案件不在办理中"]
    if case.definition_id != target.old.id:
        return [f"案件不在第 {target.old.version} 版上"]
    expected = migration.revisions.get(case.id)
    if expected is not None and expected != case.revision:
        return ["预览之后案件又有变化，请重新预览"]
    return []


def _apply_one(run: _Run, case: ProcessInstance, trial: CasePreview, rewrite: Rewrite) -> CasePreview:
    """Migrate one case in a savepoint of its own: one another step changed meanwhile is refused."""
    try:
        with run.session.begin_nested():
            workflow = _load(run, case)
            rewrite(case, workflow, lambda: _move(case, workflow, run.target))
            _rename_items(run.session, case, workflow)
    except TaskConflict:
        return _refused(trial, ["迁移时案件正被他人办理，请重新预览"])
    return trial


def _move(case: ProcessInstance, workflow: BpmnWorkflow, target: _Target) -> None:
    """Migrate the case for real (its trial said it can)."""
    realignment.realign(workflow, target.to)
    case.definition_id = target.new.id


def _rename_items(session: Session, case: ProcessInstance, workflow: BpmnWorkflow) -> None:
    """Open work items take their task's element id and name in the new version."""
    waiting = realignment.waiting(workflow)
    items = session.scalars(select(WorkItem).where(WorkItem.instance_id == case.id, WorkItem.state == "open"))
    for item in items:
        seen = waiting.get(item.task_guid)
        if seen is not None and (item.spec_id, item.name) != (seen.element, seen.label):
            item.spec_id, item.name = seen.element, seen.label


# -- the audit trail ----------------------------------------------------------------------------
def _record(
    session: Session,
    migration: Migration,
    actor: Actor | str,
    clock: Clock,
    migrated: list[CasePreview],
    refused: list[CasePreview],
) -> None:
    audit.record(
        session,
        "migrate",
        actor,
        clock.now(),
        definition_key=migration.key,
        definition_version=migration.to_version,
        detail={
            "from_version": migration.from_version,
            "to_version": migration.to_version,
            "migrated": [case.instance_id for case in migrated],
            "refused": {str(case.instance_id): list(case.refusals) for case in refused},
        },
    )
