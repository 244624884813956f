"""The engine's public face: deploy, start, claim, unclaim, complete, inbox, timers.

Every method takes the caller's SQLAlchemy ``Session`` and never commits: the request or
command owns the transaction (``with session.begin(): engine.complete(...)``).
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException, TaskNotFoundException
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.clock import Clock, SystemClock, running_on
from engine.directory import access, audit
from engine.directory.roles import SYSTEM, Actor
from engine.errors import InvalidTaskData, NotFound, NotYourTask, Problem, TaskConflict, WorkflowError
from engine.versions import migration
from engine.workflow import case_view, definitions, deploying, instances, messages, routing, timers, worklist
from engine.workflow.bundle_forms import FormSource
from engine.workflow.events import CaseStarted, Listener, StepCompleted, StepSubmitted, TasksOpened
from engine.workflow.models import ProcessDefinition, ProcessInstance, WorkItem
from engine.workflow.overdue import SERVICES
from engine.workflow.services import CaseScriptEngine, ServiceContext, serving

# SpiffWorkflow logs every task state change at INFO: half again the cost of a step.
logging.getLogger("spiff").setLevel(logging.WARNING)

#: form key (or None) and submitted data → field path → messages; empty when valid
#: (form key, submitted data, the form's JSON as the case's version keeps it or None) → errors
TaskDataValidator = Callable[[str | None, dict[str, Any], str | None], dict[str, list[str]]]
#: (process id, task id, the task's data key, case data) → what the task shows its holder
TaskDataFilter = Callable[[str, str, str, dict[str, Any]], dict[str, Any]]


def whole_data(_process: str, _task: str, _key: str, data: dict[str, Any]) -> dict[str, Any]:
    return data


#: the largest whole number a case stores (PostgreSQL's bigint; a JSON reader's safe range is smaller)
LARGEST_WHOLE = 2**53


def json_object_only(
    _form_key: str | None, data: dict[str, Any], _form_text: str | None = None
) -> dict[str, list[str]]:
    """The minimum every submission must be: a JSON object with string keys, no NUL character
    (PostgreSQL refuses it) and no whole number beyond ±2⁵³."""
    if not isinstance(data, dict):
        return {"": ["data must be an object"]}
    try:
        text = json.dumps(data, default=_storable)
    except (TypeError, ValueError, RecursionError) as exc:
        return {"": [f"data must be JSON: {exc}"]}
    if "\\u0000" in text:
        return {"": ["文本中不能含有 NUL 字符"]}
    return {path: ["数值过大"] for path in _too_large(data, "")}


def _too_large(value: Any, path: str) -> list[str]:
    if isinstance(value, int) and not isinstance(value, bool):
        return [path] if abs(value) > LARGEST_WHOLE else []
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list):
        pairs = list(enumerate(value))
    else:
        return []
    return [found for key, item in pairs for found in _too_large(item, f"{path}.{key}" if path else str(key))]


def _storable(value: Any) -> str:
    """Beyond JSON, the serializer stores dates, datetimes and decimals (see serialization)."""
    if isinstance(value, date | Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} cannot be stored in a case")


class Engine:
    """Runs the hand-over procedures on SpiffWorkflow, persisted through SQLAlchemy."""

    def __init__(
        self,
        clock: Clock | None = None,
        validator: TaskDataValidator | None = None,
        listeners: Iterable[Listener] = (),
        shown_data: TaskDataFilter | None = None,
        dependencies: deploying.Dependencies = deploying.no_dependencies,
        form_source: FormSource | None = None,
    ):
        self.clock = clock or SystemClock()
        #: what a deploy must respect: the element ids Python reacts to (a deploy may not drop
        #: one), where forms come from (each version keeps the forms of its tasks)
        self.deploy_rules = deploying.DeployRules(dependencies, form_source)
        self.validator = validator or json_object_only
        #: what of the case data a task shows its holder (page and API): declared per task
        self.shown_data = shown_data or whole_data
        #: told of every case started and step submitted and completed, inside its transaction
        self.listeners: list[Listener] = list(listeners)
        # a listener may bring services of its own (the registry's: people read for a step)
        services = dict(SERVICES)
        for listener in self.listeners:
            services.update(getattr(listener, "services", {}))
        self.script_engine = CaseScriptEngine(services)

    # -- definitions -------------------------------------------------------------------
    def deploy(
        self,
        session: Session,
        files: dict[str, bytes],
        actor: Actor | str = SYSTEM,
        lane_roles: definitions.LaneRoles | None = None,
    ):
        """Validate and deploy BPMN/DMN files as one bundle; unchanged content keeps its version.
        ``lane_roles`` maps the lanes of files drawn elsewhere to roles (process key → lane → role)."""
        return deploying.deploy(session, files, actor, self.clock.now(), lane_roles, self.deploy_rules)

    def check(
        self, session: Session, files: dict[str, bytes], lane_roles: definitions.LaneRoles | None = None
    ) -> list[Problem]:
        """What deploying ``files`` would refuse (nothing: it would deploy); nothing changes."""
        return deploying.check(session, files, lane_roles, self.deploy_rules)

    def deploy_directory(self, session: Session, path: Path, actor: Actor | str = SYSTEM):
        """Deploy every .bpmn/.dmn file under ``path`` (``processes/``) with the application's own
        forms (over deployed ones)."""
        files = deploying.read_directory(path)
        return deploying.deploy(
            session, files, actor, self.clock.now(), rules=self.deploy_rules, library_first=True
        )

    def processes(self, session: Session) -> list[ProcessDefinition]:
        """The newest version of every deployed process."""
        return definitions.latest_definitions(session)

    # -- cases -------------------------------------------------------------------------
    def start(
        self,
        session: Session,
        process_key: str,
        parties: dict[str, str],
        data: dict[str, Any] | None = None,
        actor: Actor | str = SYSTEM,
        title: str | None = None,
    ) -> ProcessInstance:
        """Start a case of the newest version of ``process_key`` and run it to its first wait."""
        parties = routing.check_parties(parties)
        routing.check_may_start(parties, actor)
        _check_json_object(data or {})
        definition = definitions.latest_definition(session, process_key)
        if not definition.executable:
            raise NotFound(f"process '{process_key}' is not executable")
        spec, subprocess_specs = definitions.load_specs(session, definition)
        initial = {**copy.deepcopy(data or {}), "parties": parties}
        workflow = instances.new_workflow(spec, subprocess_specs, self.script_engine, initial)
        self._advance(session, workflow, None)
        now = self.clock.now()
        instance = instances.create(
            session,
            definition,
            workflow,
            title=title or str(initial.get("title") or definition.name),
            parties=parties,
            started_by=_user(actor),
            now=now,
        )
        audit.record(
            session,
            "start",
            actor,
            now,
            instance=instance,
            data=initial,
            definition_version=definition.version,
        )
        self._persist_step(session, instance, workflow, _Snapshot(), now, store=False)
        started = CaseStarted(session, instance, initial, now)
        for listener in self.listeners:
            listener.case_started(started)
        return instance

    def instance(self, session: Session, instance_id: int) -> ProcessInstance:
        return instances.get(session, instance_id)

    def work_items(self, session: Session, instance_id: int, state: str | None = None) -> list[WorkItem]:
        """The work items of one case, oldest first."""
        query = select(WorkItem).where(WorkItem.instance_id == instance_id).order_by(WorkItem.id)
        if state:
            query = query.where(WorkItem.state == state)
        return list(session.scalars(query))

    def workflow(self, session: Session, instance_id: int) -> BpmnWorkflow:
        """The live workflow of a case (read it, don't step it: use the methods here)."""
        return instances.load(session, instance_id, self.script_engine)[1]

    # -- work items --------------------------------------------------------------------
    def claim(self, session: Session, item_id: int, actor: Actor) -> WorkItem:
        """Take a task routed to the actor's organisation; claiming it again is a no-op."""
        item = worklist.get_item(session, item_id)
        routing.check_may_act(item, actor)
        worklist.check_open(item)
        if item.claimed_by == actor.user_id:
            return item
        if item.claimed_by is not None:
            raise TaskConflict(f"task {item.id} is already claimed by someone else")
        now = self.clock.now()
        item.claimed_by, item.claimed_at = actor.user_id, now
        instances.flush_or_conflict(session, f"task {item.id} was claimed by someone else")
        audit.record(session, "claim", actor, now, item=item)
        return item

    def claim_many(self, session: Session, item_ids: Iterable[int], actor: Actor) -> worklist.ClaimReport:
        """批量签收: claim each task in a savepoint of its own, so that those another official took
        in between are reported and the rest are claimed (each audited as a single claim)."""
        report = worklist.ClaimReport()
        for item_id in dict.fromkeys(item_ids):
            try:
                with session.begin_nested():
                    report.claimed.append(self.claim(session, item_id, actor))
            except TaskConflict:
                report.taken.append(worklist.get_item(session, item_id))
            except (NotFound, NotYourTask):
                report.unavailable.append(item_id)
        return report

    def unclaim(self, session: Session, item_id: int, actor: Actor) -> WorkItem:
        """Give a claimed task back to the organisation's claimable list."""
        item = worklist.get_item(session, item_id)
        routing.check_may_act(item, actor)
        worklist.check_open(item)
        worklist.check_claimed_by(item, actor)
        now = self.clock.now()
        item.claimed_by, item.claimed_at = None, None
        instances.flush_or_conflict(session, f"task {item.id} changed under you")
        audit.record(session, "unclaim", actor, now, item=item)
        return item

    def complete(self, session: Session, item_id: int, actor: Actor, data: dict[str, Any]) -> WorkItem:
        """Complete a claimed task with its form data and run the case on to its next wait."""
        item, instance, definition = worklist.get_item_and_case(session, item_id)
        routing.check_may_act(item, actor)
        worklist.check_open(item)
        worklist.check_claimed_by(item, actor)
        self._check_data(
            item.form_key, data, definitions.version_form(session, definition, item.form_key or "")
        )
        workflow = instances.workflow_of(session, instance, definition, self.script_engine)
        task = self._ready_task(workflow, item)
        before = _Snapshot.of(workflow)
        task.data = copy.deepcopy(task.data)  # SpiffWorkflow shares nested data with the parent
        task.data[routing.data_key_of(task)] = copy.deepcopy(data)  # each form under its own key
        process_id = routing.process_of(task)
        submitted = StepSubmitted(session, instance, item, process_id, data, task.data, self.clock.now())
        for listener in self.listeners:
            listener.step_submitted(submitted)
        self._advance(session, workflow, instance.id, task.run)
        now = self.clock.now()
        item.state, item.completed_at, item.completed_by = "completed", now, actor.user_id
        audit.record(session, "complete", actor, now, instance=instance, item=item, data=data)
        self._persist_step(session, instance, workflow, before, now, completed=item.task_guid)
        completed = StepCompleted(session, instance, item, process_id, data, task.data, workflow)
        for listener in self.listeners:
            listener.step_completed(completed)
        return item

    def task_data(self, session: Session, item_id: int, actor: Actor) -> dict[str, Any]:
        """A copy of the data a task holder may see (the case data at that task)."""
        item = worklist.get_item(session, item_id)
        routing.check_may_act(item, actor)
        workflow = self.workflow(session, item.instance_id)
        task = self._ready_task(workflow, item) if item.state == "open" else None
        return copy.deepcopy(task.data) if task is not None else {}

    def task_view(self, session: Session, item_id: int, actor: Actor) -> case_view.TaskView:
        """A task as its page shows it (instructions, case data); ``NotFound`` for outsiders."""
        item = access.visible_item(session, item_id, actor)
        case, workflow = instances.load(session, item.instance_id, self.script_engine)
        definition = session.get(ProcessDefinition, case.definition_id)
        return case_view.task_view(session, workflow, item, case, definition, actor, self.shown_data)

    def case_view(self, session: Session, instance_id: int, actor: Actor) -> case_view.CaseView:
        """A case as its page shows it; ``NotFound`` for organisations outside the case."""
        access.visible_case(session, instance_id, actor)
        case, workflow = instances.load(session, instance_id, self.script_engine)
        definition = session.get(ProcessDefinition, case.definition_id)
        return case_view.case_view(session, workflow, case, definition)

    def inbox(
        self,
        session: Session,
        actor: Actor,
        scope: str = "claimable",
        *,
        filters: worklist.InboxFilter | None = None,
        page: int = 1,
        per_page: int = 20,
        sort: str | None = None,
    ) -> worklist.InboxPage:
        """One page of the actor's inbox tab: ``claimable``, ``mine`` or ``done``."""
        return worklist.inbox(
            session, actor, scope, self.clock.now(), filters=filters, page=page, per_page=per_page, sort=sort
        )

    def send_message(
        self, session: Session, instance_id: int, name: str, payload: Any = None, actor: Actor | str = SYSTEM
    ) -> ProcessInstance:
        """Deliver a message the case waits for, sent by the party whose lane catches it."""
        instance, workflow = instances.load(session, instance_id, self.script_engine)
        waiting = messages.waiting_for(workflow, name)
        messages.check_may_send(waiting, instance.parties, actor)
        before = _Snapshot.of(workflow)
        self._advance(
            session, workflow, instance.id, lambda: messages.deliver(workflow, name, copy.deepcopy(payload))
        )
        now = self.clock.now()
        audit.record(
            session, "message", actor, now, instance=instance, data=payload, detail={"message": name}
        )
        self._persist_step(session, instance, workflow, before, now)
        return instance

    # -- versions ----------------------------------------------------------------------
    def migration_preview(self, session: Session, plan: migration.Migration) -> list[migration.CasePreview]:
        """What moving each chosen case to another version would do; nothing is changed."""
        return migration.preview(session, self.script_engine, self.clock, plan)

    def migrate(
        self, session: Session, plan: migration.Migration, actor: Actor | str = SYSTEM
    ) -> migration.MigrationResult:
        """Move the chosen cases that can move to another version, their work items and timers
        rebuilt as after a step; the others stay. One audit event names both."""

        def rewrite(instance: ProcessInstance, workflow: BpmnWorkflow, change: Callable[[], object]) -> None:
            before = _Snapshot.of(workflow)
            with running_on(self.clock):
                change()
            self._persist_step(session, instance, workflow, before, self.clock.now())

        return migration.apply(session, self.script_engine, self.clock, plan, actor, rewrite)

    # -- timers ------------------------------------------------------------------------
    def fire_due_timers(self, session: Session, limit: int = 20) -> int:
        """Fire the timers due at the clock's now, case by case; return how many cases moved.

        Each case runs in a savepoint: one that fails or lost a race to another worker is
        rolled back and left for the next round, the others go on.
        """
        now = self.clock.now()
        moved = 0
        for instance_id in timers.due_instance_ids(session, now, limit):
            try:
                with session.begin_nested():
                    self._fire_timers_of(session, instance_id, now)
                moved += 1
            except (TaskConflict, WorkflowError) as exc:
                logging.getLogger(__name__).warning("timers of case %s not fired: %s", instance_id, exc)
        return moved

    def _fire_timers_of(self, session: Session, instance_id: int, now: datetime) -> None:
        instance, workflow = instances.load(session, instance_id, self.script_engine)
        before = _Snapshot.of(workflow)
        self._advance(session, workflow, instance.id, workflow.refresh_timers)
        fired = sorted(spec for spec, due in before.timers.values() if due <= now)
        audit.record(session, "timer", SYSTEM, now, instance=instance, detail={"fired": fired})
        self._persist_step(session, instance, workflow, before, now)

    # -- internals ---------------------------------------------------------------------
    def _check_data(self, form_key: str | None, data: Any, form_text: str | None) -> None:
        _check_json_object(data)
        errors = self.validator(form_key, data, form_text)
        if errors:
            raise InvalidTaskData(errors)

    def _ready_task(self, workflow: BpmnWorkflow, item: WorkItem) -> Task:
        """The workflow's task behind a work item; it must be a READY human task.

        SpiffWorkflow's ``task.run()`` does not check the state: running a FUTURE task would
        silently skip the steps before it.
        """
        try:
            task = workflow.get_task_from_id(UUID(item.task_guid))
        except TaskNotFoundException:
            task = None
        if task is None or task.state != TaskState.READY or not task.task_spec.manual:
            raise TaskConflict(f"task {item.id} is no longer waiting for completion")
        return task

    def _advance(
        self,
        session: Session,
        workflow: BpmnWorkflow,
        instance_id: int | None,
        action: Callable[[], object] | None = None,
    ) -> None:
        """Do ``action`` (run a task, deliver a message, …), then the engine steps after it,
        on our clock, with this step's session for service tasks."""
        context = ServiceContext(session, self.clock.now(), instance_id)
        try:
            with running_on(self.clock), serving(context):
                if action is not None:
                    action()
                workflow.do_engine_steps()
        except SpiffWorkflowException as exc:
            raise WorkflowError(_describe(exc)) from exc

    def _persist_step(
        self,
        session: Session,
        instance: ProcessInstance,
        workflow: BpmnWorkflow,
        before: _Snapshot,
        now: datetime,
        *,
        completed: str | None = None,
        store: bool = True,
    ) -> None:
        """Write one step: the case's state, new work items and timers, in a single flush.

        What the step opened is found by comparing the workflow with its snapshot from
        before the step, so no query is needed; the flush is where a lost race shows.
        """
        if store:
            instances.store_state(instance, workflow, now)
        ready = worklist.ready_tasks(workflow)
        waiting = timers.waiting_timers(workflow)
        try:  # owners and due dates are expressions too
            opened = worklist.add_new(session, instance, ready, before.ready, now)
        except SpiffWorkflowException as exc:
            raise WorkflowError(_describe(exc)) from exc
        timers.add_new(session, instance, before.timers, waiting, now)
        instances.flush_or_conflict(
            session, f"case {instance.id} was changed by someone else; reload and try again"
        )
        self._tell_opened(TasksOpened(session, instance, opened, now))
        worklist.close_gone(session, instance.id, before.ready - ready.keys() - {completed}, now)
        timers.close_gone(session, instance.id, before.timers, waiting, now)

    def _tell_opened(self, event: TasksOpened) -> None:
        """The listeners that want to know of new tasks (``tasks_opened`` is optional)."""
        if not event.items:
            return
        for listener in self.listeners:
            opened = getattr(listener, "tasks_opened", None)
            if opened is not None:
                opened(event)


@dataclass(frozen=True)
class _Snapshot:
    """What a workflow waited on before a step: READY human tasks and timers."""

    ready: frozenset[str] = frozenset()
    timers: timers.Timers = field(default_factory=dict)

    @classmethod
    def of(cls, workflow: BpmnWorkflow) -> _Snapshot:
        return cls(frozenset(worklist.ready_tasks(workflow)), timers.waiting_timers(workflow))


def _check_json_object(data: Any) -> None:
    errors = json_object_only(None, data)
    if errors:
        raise InvalidTaskData(errors)


def _user(actor: Actor | str) -> str:
    return actor.user_id if isinstance(actor, Actor) else actor


def _describe(exc: SpiffWorkflowException) -> str:
    """Where it failed and why, including the message of the error SpiffWorkflow wrapped
    (a rule's Chinese explanation would otherwise be lost behind "Error evaluating …")."""
    task = getattr(exc, "task", None)
    where = f"{task.task_spec.bpmn_id}: " if task is not None else ""
    message = str(exc)
    cause = exc.__cause__ or exc.__context__
    if cause is not None and not isinstance(cause, SpiffWorkflowException) and str(cause) not in message:
        message += f" ({cause})"
    return where + message
