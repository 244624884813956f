"""A case's timeline (办理记录): who — person and organisation by name — did what to which task,
when, and what was said, audit events and comments interleaved, scoped like the data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.directory.audit import AuditEvent
from engine.directory.organisations import Organisation, User
from engine.workflow import routing
from engine.workflow.comments import Comment, CommentAttachment, attachments_of
from engine.workflow.models import WorkItem
from engine.workflow.parts import Parts

#: audited actions the timeline leaves out: comments come from their own table, a follow-up date
#: is one person's note to themselves
NOT_IN_TIMELINE = ("comment", "follow_up")
#: a reason shown in a sentence is cut here; the task page has it whole
REASON_CHARS = 200


@dataclass
class Entry:
    """One line of the timeline: an audited step (``action``) or a comment (action ``comment``)."""

    at: datetime
    action: str
    person: str | None
    organisation: str | None
    task: str | None = None
    item_id: int | None = None
    #: of a completed review: True approved, False returned (with ``reason``)
    approved: bool | None = None
    reason: str | None = None
    message: str | None = None
    comment: Comment | None = None
    attachments: list[CommentAttachment] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)
    #: the audit event behind a step
    event_id: int | None = None


def of_case(
    session: Session,
    workflow: BpmnWorkflow,
    parts: Parts,
    comments: Iterable[Comment],
    organisation_id: str,
    overseer: bool,
    item_id: int | None = None,
) -> list[Entry]:
    """The timeline of the case (or of one task, ``item_id``) as ``organisation_id`` may read it:
    steps of parts it is not in are left out, as are their comments (``comments`` are readable)."""
    items = {i.id: i for i in session.scalars(select(WorkItem).where(WorkItem.instance_id == parts.case.id))}
    query = select(AuditEvent).where(
        AuditEvent.instance_id == parts.case.id, AuditEvent.action.not_in(NOT_IN_TIMELINE)
    )
    events = [
        e
        for e in session.scalars(query.order_by(AuditEvent.id))
        if (overseer or e.work_item_id is None or parts.reads(organisation_id, e.work_item_id))
        and (item_id is None or e.work_item_id == item_id)
    ]
    said = [c for c in comments if item_id is None or c.work_item_id == item_id]
    people, organisations = _names(session, events, said)
    attachments = attachments_of(session, (c.id for c in said))
    entries = [_event_entry(e, items, workflow, people, organisations) for e in events]
    entries += [_comment_entry(c, items, people, organisations, attachments[c.id]) for c in said]
    return sorted(entries, key=lambda e: e.at)


def _names(session: Session, events: list[AuditEvent], said: list[Comment]) -> tuple[dict, dict]:
    """Display names of the people (username → 姓名) and organisations (id → 名称) involved."""
    usernames = {e.actor for e in events} | {c.author for c in said}
    orgs = {e.organisation_id for e in events} | {c.organisation_id for c in said}
    orgs |= {o for c in said for o in c.mentions}
    people = dict(session.execute(select(User.username, User.name).where(User.username.in_(usernames))).all())
    names = dict(
        session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(orgs))).all()
    )
    return people, names


def _event_entry(event: AuditEvent, items: dict[int, WorkItem], workflow, people, organisations) -> Entry:
    item = items.get(event.work_item_id) if event.work_item_id else None
    entry = Entry(
        at=event.at,
        action=event.action,
        person=people.get(event.actor),
        organisation=organisations.get(event.organisation_id),
        task=item.name if item is not None else (event.detail or {}).get("task"),
        item_id=event.work_item_id,
        message=(event.detail or {}).get("message"),
        event_id=event.id,
    )
    if event.action == "complete" and item is not None:
        entry.approved, entry.reason = _review(workflow, item)
    return entry


def _review(workflow: BpmnWorkflow, item: WorkItem) -> tuple[bool | None, str | None]:
    """Whether a completed review approved, and its reason for returning (forms with ``approved``)."""
    submitted = _submitted(workflow, item)
    approved = submitted.get("approved")
    if not isinstance(approved, bool):
        return None, None
    reason = submitted.get("reasons") or submitted.get("reason") or None
    if isinstance(reason, str) and len(reason) > REASON_CHARS:
        reason = reason[:REASON_CHARS] + "…"
    return approved, reason if isinstance(reason, str) and not approved else None


def _submitted(workflow: BpmnWorkflow, item: WorkItem) -> dict[str, Any]:
    try:
        task = workflow.get_task_from_id(UUID(item.task_guid))
    except Exception:  # a task the workflow no longer has
        return {}
    if task is None:
        return {}
    submitted = task.data.get(routing.data_key_of(task))
    return submitted if isinstance(submitted, dict) else {}


def _comment_entry(comment: Comment, items, people, organisations, attachments) -> Entry:
    item = items.get(comment.work_item_id) if comment.work_item_id else None
    return Entry(
        at=comment.at,
        action="comment",
        person=people.get(comment.author),
        organisation=organisations.get(comment.organisation_id),
        task=item.name if item is not None else None,
        item_id=comment.work_item_id,
        comment=comment,
        attachments=attachments,
        mentioned=[organisations.get(o, "") for o in comment.mentions],
    )
