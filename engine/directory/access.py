"""Who may see what: cases, their tasks and documents, checked against the caller's organisation.

A case is visible to the organisations that are its parties, to every organisation that holds or
held one of its tasks (a county's organisations inside an enterprise's programme), and to
overseers: administrators and provincial supervisors see every case, a municipal office (a
supervisor organisation whose division is a prefecture) the cases with a milestone unit in its
prefecture. Everything else answers "not found": an outsider must not learn that a case exists.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.orm import Session

from engine.directory.roles import Actor
from engine.errors import NotFound
from engine.policy import divisions
from engine.progress.selection import WHOLE_PROVINCE, Scope, scope_of
from engine.progress.units import MilestoneUnit
from engine.workflow.documents import Document
from engine.workflow.models import ProcessInstance, WorkItem

OVERSEER_ROLES = frozenset({"supervisor", "admin"})


def is_overseer(actor: Actor) -> bool:
    return bool(actor.roles & OVERSEER_ROLES)


def oversight(session: Session, actor: Actor) -> Scope | None:
    """What an overseer oversees (``Scope``: the province, or one prefecture); None for others."""
    if "admin" in actor.roles:
        return WHOLE_PROVINCE
    if "supervisor" in actor.roles:
        return scope_of(session, actor.organisation_id)
    return None


def oversees_case(session: Session, instance_id: int, actor: Actor) -> bool:
    scope = oversight(session, actor)
    if scope is None or scope.prefecture is None:
        return scope is not None
    return bool(session.scalar(select(_in_prefecture(scope.prefecture, instance_id))))


def _in_prefecture(prefecture: str, instance_id) -> ColumnElement[bool]:
    """The case counts a milestone unit in the prefecture (its framework agreement, a county's
    hand-over, a community organisation there)."""
    return exists().where(
        MilestoneUnit.instance_id == instance_id, MilestoneUnit.prefecture_code == prefecture
    )


def may_view_case(session: Session, instance: ProcessInstance, actor: Actor) -> bool:
    """Whether ``actor`` may see the case at all."""
    if actor.organisation_id in instance.parties.values() or oversees_case(session, instance.id, actor):
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
        raise NotFound(f"case {instance_id} does not exist", what="case", key=instance_id)
    return instance


def own_item(session: Session, item_id: int, actor: Actor) -> WorkItem:
    """A task of the actor's own organisation (the list on a certification or visit task is its
    holder's alone); anyone else's does not exist for them."""
    item = session.get(WorkItem, item_id)
    if item is None or item.owner_org != actor.organisation_id:
        raise NotFound(f"task {item_id} is not your organisation's", what="task", key=item_id)
    return item


def visible_item(session: Session, item_id: int, actor: Actor) -> WorkItem:
    """A task the actor may look at: their organisation's, or one of their part of a case they
    may see (``in_their_part``)."""
    item = session.get(WorkItem, item_id)
    missing = NotFound(f"task {item_id} does not exist", what="task", key=item_id)
    if item is None:
        raise missing
    if item.owner_org != actor.organisation_id:
        try:
            instance = visible_case(session, item.instance_id, actor)
        except NotFound:
            raise missing from None  # the task was asked for: name it, not its case
        if not in_their_part(session, instance, item, actor):
            raise missing
    return item


def in_their_part(session: Session, instance: ProcessInstance, item: WorkItem, actor: Actor) -> bool:
    """Whether a task of a case the actor may see is in their part of it. A programme holds every
    county's hand-over: a task about a county (its ``subject_code``) is read by the case's own
    parties (the enterprise), overseers, and organisations with work about that county or its
    prefecture — 中原区, holding its own agreement in the case, does not open 金水区's."""
    place = item.subject_code
    if not place or actor.organisation_id in instance.parties.values():
        return True
    if oversees_case(session, instance.id, actor):
        return True
    places = {place, divisions.prefecture_of(place)} if divisions.is_code(place) else {place}
    return bool(
        session.scalar(
            select(
                exists().where(
                    WorkItem.instance_id == instance.id,
                    WorkItem.owner_org == actor.organisation_id,
                    WorkItem.subject_code.in_(places),
                )
            )
        )
    )


def visible_document(session: Session, document_id: int, actor: Actor) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"document {document_id} does not exist", what="document", key=document_id)
    visible_case(session, document.instance_id, actor)
    return document


def cases_query(session: Session, actor: Actor):
    """A ``select()`` of the cases the actor's organisation holds or held work in (all, or all of
    their prefecture, for overseers), newest first. Cases started by the organisation count too."""
    query = select(ProcessInstance).order_by(ProcessInstance.id.desc())
    scope = oversight(session, actor)
    if scope is not None and scope.prefecture is None:
        return query
    holds_work = exists().where(
        WorkItem.instance_id == ProcessInstance.id, WorkItem.owner_org == actor.organisation_id
    )
    seen = [holds_work, ProcessInstance.started_by == actor.user_id]
    if scope is not None:
        seen.append(_in_prefecture(scope.prefecture, ProcessInstance.id))
    return query.where(or_(*seen))
