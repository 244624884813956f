"""Re-pointing one case's workflow onto another version's specs, with SpiffWorkflow's own
``diff_workflow`` and ``migrate_workflow``, and what that does to what the case waits on.

``migrate_workflow`` resets what is READY or WAITING and predicts again from the new specs: a task
keeps its id (so its work item and its timer row stay), but a reset timer would forget when it
started; a timer the new version defines alike keeps its deadline here.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask
from SpiffWorkflow.bpmn.util.diff import diff_workflow, migrate_workflow
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from engine.workflow import routing, serialization

#: how SpiffWorkflow compares two task specs: by their serialised attributes
_registry = BpmnWorkflowSerializer.configure(SPIFF_CONFIG, serialization.data_registry())
#: attributes that change whenever a neighbour is added or removed: not a change of the task itself
_WIRING = {"inputs", "outputs"}
OUTCOMES = ("kept", "changed", "moved", "cancelled", "opened")


@dataclass(frozen=True)
class TaskMove:
    """What migrating does to one thing a case waits on (a human task, a timer or message, a
    called process): ``kept``, ``changed`` (its definition changed), ``moved`` (onto another
    element), ``cancelled`` or ``opened``. ``old``/``new`` name it in each version."""

    process: str
    element: str
    old: str | None
    new: str | None
    outcome: str


@dataclass(frozen=True)
class Target:
    """The version a workflow moves to: its number and its specs (spec, subprocess specs)."""

    version: int
    specs: tuple


def realign(workflow: BpmnWorkflow, target: Target) -> list[str]:
    """Re-point the workflow and its called processes onto the new specs; what blocks it."""
    spec, subprocess_specs = target.specs
    top, subprocess_diffs = diff_workflow(_registry, workflow, spec, subprocess_specs)
    missing = [
        f"第 {target.version} 版中没有被调用的流程 '{workflow.subprocesses[sp_id].spec.name}'"
        for sp_id, diff in subprocess_diffs.items()
        if diff is None
    ]
    if missing:
        return missing
    timers = _timer_state(workflow)
    migrate_workflow(top, workflow, spec)
    for sp_id, subprocess in workflow.subprocesses.items():
        migrate_workflow(subprocess_diffs[sp_id], subprocess, subprocess_specs[subprocess.spec.name])
    workflow.subprocess_specs = subprocess_specs
    _restore_timers(workflow, timers)
    return []


# -- what a case waits on ---------------------------------------------------------------------
def _all_tasks(workflow: BpmnWorkflow) -> list[Task]:
    tasks = list(workflow.tasks.values())
    for subprocess in workflow.subprocesses.values():
        tasks.extend(subprocess.tasks.values())
    return tasks


def _iswaiting(task: Task) -> bool:
    """A human task to do, an event waited for, a called process running: what people see."""
    spec = task.task_spec
    if task.state == TaskState.READY:
        return bool(spec.manual)
    if task.state == TaskState.WAITING:
        return getattr(spec, "event_definition", None) is not None
    return task.state == TaskState.STARTED and isinstance(spec, SubWorkflowTask)


@dataclass(frozen=True)
class Seen:
    """A waiting task as it was when looked at (migrating re-points the task object itself)."""

    process: str
    element: str
    label: str
    spec: object


def waiting(workflow: BpmnWorkflow) -> dict[str, Seen]:
    return {str(task.id): _seen(task) for task in _all_tasks(workflow) if _iswaiting(task)}


def _seen(task: Task) -> Seen:
    spec = task.task_spec
    return Seen(task.workflow.spec.name, spec.bpmn_id or spec.name, _label(task), spec)


def _label(task: Task) -> str:
    spec = task.task_spec
    return spec.bpmn_name or spec.bpmn_id or spec.name


def moves(before: dict[str, Seen], after: dict[str, Seen]) -> list[TaskMove]:
    moves = []
    for guid, old in before.items():
        new = after.get(guid)
        if new is None:
            moves.append(TaskMove(old.process, old.element, old.label, None, "cancelled"))
        else:
            outcome = _outcome(old.spec, new.spec)
            moves.append(TaskMove(old.process, old.element, old.label, new.label, outcome))
    moves.extend(
        TaskMove(new.process, new.element, None, new.label, "opened")
        for guid, new in after.items()
        if guid not in before
    )
    return moves


def _outcome(old, new) -> str:
    if old.name != new.name:
        return "moved"
    return "changed" if _changed(old, new) else "kept"


def _changed(old, new) -> bool:
    """Whether a task's own definition changed (its name, lane, form, timer…), its wiring aside."""
    first, second = _registry.convert(old), _registry.convert(new)
    return {k: v for k, v in first.items() if k not in _WIRING} != {
        k: v for k, v in second.items() if k not in _WIRING
    }


def _stranded(workflow: BpmnWorkflow, target: Target) -> list[str]:
    """Tasks still on a spec the new version does not have (nothing re-pointed or re-predicted them)."""
    spec, subprocess_specs = target.specs
    version = target.version
    stranded = []
    for task in _all_tasks(workflow):
        new_spec = spec if task.workflow is workflow else subprocess_specs.get(task.workflow.spec.name)
        if new_spec is None or new_spec.task_specs.get(task.task_spec.name) is not task.task_spec:
            stranded.append(task)
    # what a stranded task predicted after it is stranded with it: name only the first
    return [_stranded_reason(task, version) for task in stranded if task.parent not in stranded]


def _stranded_reason(task: Task, version: int) -> str:
    name = _label(task)
    if task.has_state(TaskState.FINISHED_MASK):
        return f"已办过第 {version} 版已删除的任务 '{name}'"
    if task.has_state(TaskState.READY | TaskState.WAITING | TaskState.STARTED):
        return f"停在第 {version} 版已删除的任务 '{name}'"
    return f"第 {version} 版删除了任务 '{name}'，本案无法据新版重新推算后续步骤"


def _rerouted(before: dict[str, Seen], after: dict[str, Seen], version: int) -> list[str]:
    """Open human tasks whose lane or properties (form, owner, due date…) the new version changed:
    their work item was routed by the old ones, so the case waits until they are done."""
    return [
        f"待办任务 '{old.label}' 在第 {version} 版中改了办理泳道或表单等，须先办完再迁移"
        for guid, old in before.items()
        if guid in after
        and old.spec.manual
        and (old.spec.lane, routing.spec_properties(old.spec))
        != (after[guid].spec.lane, routing.spec_properties(after[guid].spec))
    ]


def _reloads(workflow: BpmnWorkflow, target: Target, script_engine) -> list[str]:
    """The migrated state must load back on the new version, as the next step will load it."""
    try:
        serialization.loads(serialization.dumps(workflow), target.specs, script_engine)
    except Exception as exc:  # noqa: BLE001 — any failure means the case must not move
        return [f"迁移后的案件无法在第 {target.version} 版上读回：{exc}"]
    return []


# -- timers keep their deadlines ----------------------------------------------------------------
def _timer_state(workflow: BpmnWorkflow) -> dict:
    """Waiting timers' internal data: resetting a waiting task forgets when its timer started."""
    return {
        task.id: (task.task_spec.event_definition, copy.deepcopy(task.internal_data))
        for task in _all_tasks(workflow)
        if task.state == TaskState.WAITING
        and isinstance(getattr(task.task_spec, "event_definition", None), TimerEventDefinition)
    }


def _restore_timers(workflow: BpmnWorkflow, saved: dict) -> None:
    """A timer the new version defines alike keeps its deadline; a changed one starts afresh."""
    for task in _all_tasks(workflow):
        if task.id not in saved or task.state != TaskState.WAITING:
            continue
        old, internal_data = saved[task.id]
        new = getattr(task.task_spec, "event_definition", None)
        if type(new) is type(old) and new.expression == old.expression:
            task.internal_data = internal_data


def check(
    workflow: BpmnWorkflow, before: dict[str, Seen], after: dict[str, Seen], target: Target, script_engine
) -> list[str]:
    """Why a realigned workflow must not be kept (nothing: it may)."""
    return (
        _stranded(workflow, target)
        or _rerouted(before, after, target.version)
        or _reloads(workflow, target, script_engine)
    )
