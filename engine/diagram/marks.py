"""Where a case stands, element by element: the state each element of a diagram is coloured with.

Human tasks take their state from the work-item table (open → active, or overdue once its due
date has passed; completed; cancelled); everything else from the live workflow (completed script
tasks, gateways and events; timers and messages it waits on). A call activity or subprocess is as
live as the most urgent thing inside it, and completed when its own task is.

A diagram of a process that runs several times (one county hand-over per county) shows either one
run or all of them together: together, an element is overdue/active/waiting if it is so in any
run, completed (or cancelled) only when it is in every run, and otherwise unmarked with a caption
"已完成 1/3".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import MultiInstanceTask
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from engine.diagram.runs import Run
from engine.workflow import messages, timers
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import WorkItem

#: strongest first: what an element shows when its tasks disagree
PRECEDENCE = ("overdue", "active", "waiting", "completed", "cancelled")
LIVE = frozenset(PRECEDENCE[:3])
DONE = frozenset(PRECEDENCE[3:])
MAX_HOLDERS = 2


def stronger(first: str | None, second: str | None) -> str | None:
    """The more urgent of two states (None is weakest)."""
    if first is None or second is None:
        return first or second
    return min(first, second, key=PRECEDENCE.index)


def item_state(item: WorkItem, now: datetime) -> str:
    if item.state == "open":
        return "overdue" if item.overdue(now) else "active"
    return item.state  # completed | cancelled


@dataclass
class CaseStates:
    """The state of every task of a case's workflow (subworkflows included), by task id."""

    tasks: dict[UUID, Task]
    states: dict[UUID, str] = field(default_factory=dict)
    #: task id → the open work items behind it
    open_items: dict[UUID, list[WorkItem]] = field(default_factory=dict)
    #: task id → when the timer it waits on fires
    deadlines: dict[UUID, datetime] = field(default_factory=dict)

    @classmethod
    def of(cls, workflow: BpmnWorkflow, items: Iterable[WorkItem], now: datetime) -> CaseStates:
        found = cls({task.id: task for task in workflow.get_tasks()})
        for task in found.tasks.values():
            if task.state in (TaskState.COMPLETED, TaskState.CANCELLED):
                found.states[task.id] = "completed" if task.state == TaskState.COMPLETED else "cancelled"
        for guid, (_spec, due_at) in timers.waiting_timers(workflow).items():
            found.states[UUID(guid)] = "waiting"
            found.deadlines[UUID(guid)] = due_at
        for task in messages.waiting_for(workflow):
            found.states[task.id] = "waiting"
        for item in items:
            task_id = UUID(item.task_guid)
            if task_id in found.tasks:
                found.states[task_id] = item_state(item, now)
                if item.state == "open":
                    found.open_items.setdefault(task_id, []).append(item)
        found._propagate(workflow)
        return found

    def _propagate(self, top: BpmnWorkflow) -> None:
        """A live task makes the call activities and subprocesses around it live too."""
        for task_id, state in list(self.states.items()):
            if state not in LIVE:
                continue
            workflow = self.tasks[task_id].workflow
            while workflow is not top:
                caller = top.get_task_from_id(workflow.parent_task_id)
                self.states[caller.id] = stronger(self.states.get(caller.id), state)
                workflow = caller.workflow

    def tasks_of(self, run: Run) -> list[Task]:
        return [t for t in self.tasks.values() if t.workflow is run.workflow and t.task_spec.bpmn_id]

    def run_marks(self, run: Run) -> dict[str, str]:
        """Element id → state in one run: the strongest state of the element's tasks."""
        marks: dict[str, str] = {}
        for task in self.tasks_of(run):
            state = self.states.get(task.id)
            if state is not None:
                marks[task.task_spec.bpmn_id] = stronger(marks.get(task.task_spec.bpmn_id), state)
        return marks


def combine(per_run: list[dict[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    """Marks over several runs, and the "已完成 k/n" captions of elements done in only some."""
    marks, captions = {}, {}
    for element_id in {element_id for run in per_run for element_id in run}:
        states = [run.get(element_id) for run in per_run]
        live = [s for s in states if s in LIVE]
        if live:
            marks[element_id] = min(live, key=PRECEDENCE.index)
        elif all(s in DONE for s in states):
            marks[element_id] = "completed" if "completed" in states else "cancelled"
        elif "completed" in states:
            captions[element_id] = f"已完成 {states.count('completed')}/{len(states)}"
    return marks, captions


def holder_caption(organisations: list[str], names: dict[str, str]) -> str:
    """Who holds an element's open tasks: 郑州市金水区人民政府, or "甲、乙等3家"."""
    distinct = list(dict.fromkeys(names.get(org, org) for org in organisations if org))
    caption = "、".join(distinct[:MAX_HOLDERS])
    return f"{caption}等{len(distinct)}家" if len(distinct) > MAX_HOLDERS else caption


def run_captions(case: CaseStates, runs: list[Run], names: dict[str, str]) -> dict[str, str]:
    """Captions from the selected runs: who holds a live task, when a timer fires (the earliest,
    over several runs), how far a multi-instance activity has got."""
    holders: dict[str, list[str]] = {}
    deadlines: dict[str, datetime] = {}
    progress: dict[str, tuple[int, int]] = {}
    for run in runs:
        for task in case.tasks_of(run):
            element_id = task.task_spec.bpmn_id
            items = [i for i in case.open_items.get(task.id, []) if i.owner_org]
            if items:
                holders.setdefault(element_id, []).extend(i.owner_org for i in items)
            elif task.id in case.deadlines:
                deadlines[element_id] = min(
                    deadlines.get(element_id, case.deadlines[task.id]), case.deadlines[task.id]
                )
            elif isinstance(task.task_spec, MultiInstanceTask) and task.state == TaskState.STARTED:
                # over several runs (each prefecture's loop of its counties) the loops add up
                done, total = _progress(task)
                before = progress.get(element_id, (0, 0))
                progress[element_id] = (before[0] + done, before[1] + total)
    captions = {e: f"已完成 {done}/{total}" for e, (done, total) in progress.items()}
    captions.update({e: f"{due.astimezone(CHINA_TZ):%Y-%m-%d} 到期" for e, due in deadlines.items()})
    captions.update({e: holder_caption(orgs, names) for e, orgs in holders.items()})
    return captions


def _progress(loop: Task) -> tuple[int, int]:
    """How many of a multi-instance activity's items are done, and of how many."""
    instances = [c for c in loop.children if c.task_spec.name == loop.task_spec.task_spec]
    done = sum(1 for c in instances if c.has_state(TaskState.FINISHED_MASK))
    return done, len(instances) + len(loop.internal_data.get("remaining", []))
