"""The append-only audit trail: who did what, when, to which case, with a hash of the data."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine.database import Base, UTCDateTime
from engine.directory import audit_chain
from engine.directory.roles import Actor
from engine.workflow.models import ProcessInstance, WorkItem


class AuditEvent(Base):
    """An append-only record of who did what, when, to which case (triggers refuse edits), a
    link of the log's hash chain (``audit_chain``)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    organisation_id: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    instance_id: Mapped[int | None] = mapped_column(Integer, index=True)
    work_item_id: Mapped[int | None] = mapped_column(Integer)
    task_guid: Mapped[str | None] = mapped_column(String(36))
    definition_key: Mapped[str | None] = mapped_column(String(200))
    definition_version: Mapped[int | None]
    data_hash: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: place in the chain (1, 2, …) and the hash of this event after the one before it; set when
    #: the recording transaction commits
    seq: Mapped[int | None] = mapped_column(Integer, index=True, unique=True)
    chain_hash: Mapped[str | None] = mapped_column(String(64))


def data_hash(data: Any) -> str | None:
    """SHA-256 of the canonical JSON of ``data`` (None when there is no data)."""
    if data is None:
        return None
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record(
    session: Session,
    action: str,
    actor: Actor | str,
    at: datetime,
    *,
    instance: ProcessInstance | None = None,
    item: WorkItem | None = None,
    data: Any = None,
    definition_key: str | None = None,
    definition_version: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event (deploy, start, claim, unclaim, complete, timer, …), chained and stored
    when the transaction commits (not before: a query in the same transaction does not see it)."""
    user, organisation = (actor.user_id, actor.organisation_id) if isinstance(actor, Actor) else (actor, None)
    audit_event = AuditEvent(
        at=at,
        actor=user,
        organisation_id=organisation,
        action=action,
        instance_id=instance.id if instance is not None else (item.instance_id if item else None),
        work_item_id=item.id if item is not None else None,
        task_guid=item.task_guid if item is not None else None,
        definition_key=definition_key or _process_key(instance, item),
        definition_version=definition_version,
        data_hash=data_hash(data),
        detail=detail or {},
    )
    audit_chain.enqueue(session, audit_event)
    return audit_event


def _process_key(instance: ProcessInstance | None, item: WorkItem | None) -> str | None:
    if instance is not None:
        return instance.process_key
    return item.process_key if item is not None else None


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_rewriting_history(_mapper, _connection, target: AuditEvent) -> None:
    raise PermissionError(f"audit event {target.id} is append-only")
