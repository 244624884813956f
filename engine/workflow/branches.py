"""Where a completed task's branch of a case went: the open tasks that follow it, not those of
other counties or prefectures running beside it in the same case (已转入下一环节)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from uuid import UUID

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task

from engine.workflow.models import WorkItem


def following(workflow: BpmnWorkflow, item: WorkItem, open_items: Iterable[WorkItem]) -> list[WorkItem]:
    """The open items whose task comes after ``item``'s task in the workflow's task tree (and in
    the processes it called); when the step finished a called process (a framework agreement),
    what followed its call in the calling process."""
    try:
        task = workflow.get_task_from_id(UUID(item.task_guid))
    except Exception:  # a task the workflow no longer has: nothing can be said to follow it
        return []
    if task is None:
        return []
    after = {str(t.id) for t in _after(workflow, task)}
    return [i for i in open_items if i.task_guid in after and i.id != item.id]


def _after(top: BpmnWorkflow, task: Task) -> Iterator[Task]:
    yield from _descendants(top, task)
    process = task.workflow
    while process.completed and process.parent_task_id is not None:
        caller = top.get_task_from_id(process.parent_task_id)
        yield from _descendants(top, caller)
        process = caller.workflow


def _descendants(top: BpmnWorkflow, task: Task) -> Iterator[Task]:
    """The tasks below ``task``, with the tasks of every process called below it."""
    stack = [task]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.children)
        called = top.subprocesses.get(current.id)
        if called is not None:
            stack.append(called.task_tree)
