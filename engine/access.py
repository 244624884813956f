"""Who may see what: cases, their tasks and documents, checked against the caller's organisation.

A case is visible to the organisations that are its parties, to every organisation that holds or
held one of its tasks (a county's organisations inside an enterprise's programme), and to
overseers (supervisors, administrators). Everything else answers "not found": an outsider must
not learn that a case exists.
"""

from __future__ import annotations

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from .directory import Document
from .errors import NotFound
from .models import ProcessInstance, WorkItem
from .roles import Actor

OVERSEER_ROLES = frozenset({"supervisor", "admin"})


def is_overseer(actor: Actor) -> bool:
    return bool(actor.roles & OVERSEER_ROLES)


def may_view_case(session: Session, instance: ProcessInstance, actor: Actor) -> bool:
    """Whether ``actor`` may see the case at all."""
    if is_overseer(actor) or actor.organisation_id in instance.parties.values():
        return True
    return bool(
        session.scalar(
            select(
                exists().where(
                    WorkItem.instance_id == instance.id, WorkItem.owner_org == actor.organisation_id
                )
            )
        )
    )


def visible_case(session: Session, instance_id: int, actor: Actor) -> ProcessInstance:
    """The case, or ``NotFound`` when it does not exist or is not the actor's to see."""
    instance = session.get(ProcessInstance, instance_id)
    if instance is None or not may_view_case(session, instance, actor):
        raise NotFound(f"case {instance_id} does not exist")
    return instance


def visible_item(session: Session, item_id: int, actor: Actor) -> WorkItem:
    """A task the actor may look at: their organisation's, or one of a case they may see."""
    item = session.get(WorkItem, item_id)
    if item is None:
        raise NotFound(f"task {item_id} does not exist")
    if item.owner_org != actor.organisation_id:
        visible_case(session, item.instance_id, actor)
    return item


def visible_document(session: Session, document_id: int, actor: Actor) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"document {document_id} does not exist")
    visible_case(session, document.instance_id, actor)
    return document


def cases_query(actor: Actor):
    """A ``select()`` of the cases the actor's organisation holds or held work in (all for
    overseers), newest first. Cases started by the organisation count too."""
    query = select(ProcessInstance).order_by(ProcessInstance.id.desc())
    if is_overseer(actor):
        return query
    holds_work = exists().where(
        WorkItem.instance_id == ProcessInstance.id, WorkItem.owner_org == actor.organisation_id
    )
    return query.where(or_(holds_work, ProcessInstance.started_by == actor.user_id))
