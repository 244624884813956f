"""Who owns a human task: its lane names a role, the case's parties name the organisation."""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.task import Task

from engine.directory.roles import DEFAULT_TASK_ROLE, LANE_ROLES, SYSTEM, Actor
from engine.errors import InvalidParties, NotYourTask
from engine.workflow.models import WorkItem


def task_properties(task: Task) -> dict[str, str]:
    """The spiff ``properties`` of a task's BPMN element (form, milestone, due, user_role)."""
    return spec_properties(task.task_spec)


def spec_properties(spec) -> dict[str, str]:
    """The spiff ``properties`` of a task spec."""
    extensions = getattr(spec, "extensions", None) or {}
    return extensions.get("properties") or {}


def owner_of(task: Task, parties: dict[str, str]) -> str | None:
    """The organisation owning ``task``.

    A task whose owner differs per item of a multi-instance names it with the property
    ``owner`` (an expression such as ``allocation["community_org"]``). Otherwise the lane's
    role is looked up in the ``parties`` of the task's data — a county hand-over inside an
    enterprise's programme carries its own receiving government there — and then in the
    parties the case was started with.
    """
    expression = task_properties(task).get("owner")
    if expression:
        owner = task.workflow.script_engine.evaluate(task, expression)
        return str(owner) if owner else None
    lane = task.task_spec.lane
    if lane is None:
        return None
    local = task.data.get("parties")
    if isinstance(local, dict) and local.get(lane):
        return str(local[lane])
    return parties.get(lane)


def data_key_of(task: Task) -> str:
    """Where a task's submitted form goes in the case data: its ``data_key`` property, else
    the task's id (a multi-instance task names a key of its own for its output item)."""
    return spec_data_key(task.task_spec)


def spec_data_key(spec) -> str:
    return spec_properties(spec).get("data_key") or spec.bpmn_id


def process_of(task: Task) -> str:
    """The id of the BPMN process a task belongs to: a called process's own, not the case's."""
    return task.workflow.spec.name


def user_role_of(task: Task) -> str:
    """The user role a task needs (spiff property ``user_role``, default ``official``)."""
    return task_properties(task).get("user_role") or DEFAULT_TASK_ROLE


def check_parties(parties: Any) -> dict[str, str]:
    """Parties of a new case: a mapping of known role codes to organisation ids."""
    if not isinstance(parties, dict):
        raise InvalidParties("parties must be an object mapping role codes to organisation ids")
    unknown = sorted(set(parties) - LANE_ROLES)
    if unknown:
        raise InvalidParties(f"unknown role(s) in parties: {', '.join(unknown)}")
    for role, organisation in parties.items():
        if not isinstance(organisation, str) or not organisation.strip():
            raise InvalidParties(f"party '{role}' must be an organisation id")
    return dict(parties)


def check_may_act(item: WorkItem, actor: Actor) -> None:
    """Refuse unless the actor's organisation owns the task and their role allows it."""
    if item.owner_org is None or item.owner_org != actor.organisation_id:
        raise NotYourTask(f"task {item.id} belongs to another organisation")
    if item.user_role not in actor.roles:
        raise NotYourTask(f"task {item.id} needs the role '{item.user_role}'")


def check_may_start(parties: dict[str, str], actor: Actor | str) -> None:
    """Only an organisation that is a party of the case (or the system) may start it."""
    if actor == SYSTEM or (isinstance(actor, Actor) and "admin" in actor.roles):
        return
    if not isinstance(actor, Actor) or actor.organisation_id not in parties.values():
        raise NotYourTask("only a party of the case may start it")
