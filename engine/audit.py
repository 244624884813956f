"""The append-only audit trail: who did what, when, to which case, with a hash of the data."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from .models import AuditEvent, ProcessInstance, WorkItem
from .roles import Actor


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
    """Append one event (deploy, start, claim, unclaim, complete, timer, …)."""
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
    session.add(audit_event)
    return audit_event


def _process_key(instance: ProcessInstance | None, item: WorkItem | None) -> str | None:
    if instance is not None:
        return instance.process_key
    return item.process_key if item is not None else None


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_rewriting_history(_mapper, _connection, target: AuditEvent) -> None:
    raise PermissionError(f"audit event {target.id} is append-only")
