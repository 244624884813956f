"""Work items: the READY human tasks of every case, their claims, and the inbox query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import ColumnElement, Select, and_, exists, func, literal_column, or_, select, update
from sqlalchemy.orm import Session, undefer

from engine.directory.roles import Actor
from engine.errors import NotFound, TaskConflict, TaskNotClaimed
from engine.workflow import deadlines, handing, routing, subjects
from engine.workflow.models import ProcessDefinition, ProcessInstance, WorkItem

SCOPES = ("claimable", "mine", "done")
#: the most tasks one bulk claim takes (more than a page of the inbox)
MOST_CLAIMED_AT_ONCE = 100
OPEN = literal_column("'open'")


def ready_tasks(workflow: BpmnWorkflow) -> dict[str, Task]:
    """The workflow's READY human tasks by guid: what the open work items mirror."""
    return {str(t.id): t for t in workflow.get_tasks(state=TaskState.READY, manual=True)}


def add_new(
    session: Session, instance: ProcessInstance, ready: dict[str, Task], before: set[str], now: datetime
) -> list[WorkItem]:
    """Open a work item for each task that became READY in this step."""
    created = [_new_item(instance, task, now) for guid, task in ready.items() if guid not in before]
    session.add_all(created)
    return created


def close_gone(session: Session, instance_id: int, gone: set[str], now: datetime) -> None:
    """Close the items whose task stopped waiting without being completed (a boundary event)."""
    if gone:
        session.execute(
            update(WorkItem)
            .where(
                WorkItem.instance_id == instance_id,
                WorkItem.task_guid.in_(sorted(gone)),
                WorkItem.state == "open",
            )
            .values(state="cancelled", completed_at=now)
            .execution_options(synchronize_session=False)
        )


def _new_item(instance: ProcessInstance, task, now: datetime) -> WorkItem:
    props = routing.task_properties(task)
    spec = task.task_spec
    subject = subjects.subject_of(task.data)
    return WorkItem(
        instance_id=instance.id,
        process_key=instance.process_key,
        task_guid=str(task.id),
        spec_id=spec.bpmn_id or spec.name,
        name=spec.bpmn_name or spec.bpmn_id or spec.name,
        lane=spec.lane,
        owner_org=routing.owner_of(task, instance.parties),
        user_role=routing.user_role_of(task),
        form_key=props.get("form"),
        milestone=props.get("milestone"),
        title=instance.title,
        task_process=routing.process_of(task),
        task_process_name=task.workflow.spec.description or routing.process_of(task),
        subject=subject.label,
        subject_code=subject.code,
        due_at=_due_at(task, props),
        created_at=now,
        state="open",
    )


def _due_at(task, props: dict[str, str]) -> datetime | None:
    expression = props.get("due")
    if expression:
        return deadlines.to_deadline(task.workflow.script_engine.evaluate(task, expression))
    return deadlines.milestone_deadline(props.get("milestone"), task.data)


def get_item(session: Session, item_id: int) -> WorkItem:
    item = session.scalars(select(WorkItem).where(WorkItem.id == item_id)).one_or_none()
    if item is None:
        raise NotFound(f"task {item_id} does not exist", what="task", key=item_id)
    return item


def get_item_and_case(session: Session, item_id: int) -> tuple[WorkItem, ProcessInstance, ProcessDefinition]:
    """A work item, its case with the case's state, and the case's definition, in one query."""
    query = (
        select(WorkItem, ProcessInstance, ProcessDefinition)
        .join(ProcessInstance, WorkItem.instance_id == ProcessInstance.id)
        .join(ProcessDefinition, ProcessInstance.definition_id == ProcessDefinition.id)
        .where(WorkItem.id == item_id)
        .options(undefer(ProcessInstance.state))
    )
    row = session.execute(query).one_or_none()
    if row is None:
        raise NotFound(f"task {item_id} does not exist", what="task", key=item_id)
    return row[0], row[1], row[2]


def check_open(item: WorkItem) -> None:
    if item.state != "open":
        raise TaskConflict(f"task {item.id} is already {item.state}")


def check_claimed_by(item: WorkItem, actor: Actor) -> None:
    if item.claimed_by is None:
        raise TaskNotClaimed(f"task {item.id} must be claimed first")
    if item.claimed_by != actor.user_id:
        raise TaskConflict(f"task {item.id} is claimed by someone else")


@dataclass
class ClaimReport:
    """What claiming several tasks at once did: the claimed items, those another official claimed
    or finished first, and the ids that are not the caller's to claim (or do not exist)."""

    claimed: list[WorkItem] = field(default_factory=list)
    taken: list[WorkItem] = field(default_factory=list)
    unavailable: list[int] = field(default_factory=list)


@dataclass
class InboxPage:
    items: list[WorkItem]
    total: int
    page: int
    per_page: int


@dataclass(frozen=True)
class PersonFound:
    """A registered person a search found among those the searcher may see: the case they are in,
    the places whose tasks concern them (their county and its prefecture), and their name (the
    subject of a per-person case such as an archive look-up)."""

    instance_id: int | None
    codes: tuple[str, ...]
    name: str


@dataclass(frozen=True)
class InboxFilter:
    """``process``: the case's process or the task's own (a called one); ``q``: a case number, a
    place, a task or procedure name, a case title, or the people in ``people`` (the registry's
    answer to ``q``, see ``engine.registry.search``)."""

    process: str | None = None
    milestone: str | None = None
    overdue: bool | None = None
    q: str | None = None
    people: tuple[PersonFound, ...] = ()
    #: the division codes of the places ``q`` names (金水区 → 410105), whose tasks it finds
    places: tuple[str, ...] = ()


def inbox_query(actor: Actor, scope: str, filters: InboxFilter, now: datetime) -> Select:
    """The ``select()`` behind one inbox tab (claimable / mine / done) with its filters."""
    if scope not in SCOPES:
        raise ValueError(f"unknown inbox scope {scope!r}")
    query = select(WorkItem)
    if scope == "claimable":
        query = query.where(
            WorkItem.owner_org == actor.organisation_id,
            WorkItem.state == OPEN,  # a literal, so the partial index ix_task_claimable applies
            WorkItem.claimed_by.is_(None),
            WorkItem.user_role.in_(sorted(actor.roles)),
        ).order_by(WorkItem.due_at.asc().nulls_last(), WorkItem.id)
    elif scope == "mine":
        query = query.where(
            WorkItem.claimed_by == actor.user_id,
            WorkItem.owner_org == actor.organisation_id,
            WorkItem.state == "open",
        ).order_by(WorkItem.due_at.asc().nulls_last(), WorkItem.id)
    else:
        query = query.where(WorkItem.completed_by == actor.user_id).order_by(
            WorkItem.completed_at.desc(), WorkItem.id.desc()
        )
    return _filtered(query, filters, now)


def _filtered(query: Select, filters: InboxFilter, now: datetime) -> Select:
    if filters.process:
        process = filters.process
        query = query.where(or_(WorkItem.process_key == process, WorkItem.task_process == process))
    if filters.milestone:
        query = query.where(WorkItem.milestone == filters.milestone)
    if filters.overdue is True:
        query = query.where(WorkItem.due_at < now)
    elif filters.overdue is False:
        query = query.where(or_(WorkItem.due_at.is_(None), WorkItem.due_at >= now))
    if filters.q:
        query = query.where(item_matches(filters))
    return query


def item_matches(filters: InboxFilter) -> ColumnElement[bool]:
    """The work items a search ``q`` finds (see ``InboxFilter``), as a WHERE clause."""
    q = filters.q or ""
    columns = (WorkItem.title, WorkItem.name, WorkItem.subject, WorkItem.task_process_name)
    matches = [_contains(column, q) for column in columns]
    number = q.lstrip("#")
    if number.isdigit() and len(number) < 10:  # a case number
        matches.append(WorkItem.instance_id == int(number))
    if number.isdigit() and len(number) == 6:  # a division code
        matches.append(WorkItem.subject_code == number)
    if filters.places:
        matches.append(WorkItem.subject_code.in_(filters.places))
    for person in filters.people:
        matches.append(WorkItem.subject == person.name)
        if person.instance_id is not None and person.codes:
            matches.append(
                and_(WorkItem.instance_id == person.instance_id, WorkItem.subject_code.in_(person.codes))
            )
    return or_(*matches)


def _contains(column, text: str) -> ColumnElement[bool]:
    """``column`` contains ``text`` (case-insensitively; ``%`` and ``_`` in it are plain characters)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


CASE_STATUSES = ("running", "completed", "error")


def cases_filtered(query: Select, filters: InboxFilter, status: str | None = None) -> Select:
    """A ``select()`` of cases narrowed as the case list's filters say: ``process`` the case's or
    one of its tasks' (a called process), ``q`` its number, its title or any of its tasks (their
    subjects: the counties, communities and people the case concerns), ``status``."""
    holds = exists().where(WorkItem.instance_id == ProcessInstance.id)
    if filters.process:
        called = holds.where(WorkItem.task_process == filters.process)
        query = query.where(or_(ProcessInstance.process_key == filters.process, called))
    if filters.q:
        matches = [_contains(ProcessInstance.title, filters.q), holds.where(item_matches(filters))]
        number = filters.q.lstrip("#")
        if number.isdigit() and len(number) < 10:
            matches.append(ProcessInstance.id == int(number))
        query = query.where(or_(*matches))
    if status in CASE_STATUSES:
        query = query.where(ProcessInstance.status == status)
    return query


def inbox(
    session: Session,
    actor: Actor,
    scope: str,
    now: datetime,
    *,
    filters: InboxFilter | None = None,
    page: int = 1,
    per_page: int = 20,
    sort: str | None = None,
) -> InboxPage:
    """One page of an inbox tab, with the tab's total count (``sort="follow_up"``: by the actor's
    follow-up dates, ``handing``)."""
    query = inbox_query(actor, scope, filters or InboxFilter(), now)
    if sort == "follow_up":
        query = handing.ordered_by_follow_up(query, actor.user_id)
    total = session.scalar(query.with_only_columns(func.count(), maintain_column_froms=True).order_by(None))
    page = max(page, 1)
    items = list(session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return InboxPage(items=items, total=total or 0, page=page, per_page=per_page)
