"""Drafts: what an official saved in a task's form without completing it (their own only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from engine.workflow.drafts import TaskDraft

from .uploads import require_holder


def load(session: Session, item_id: int, user_id: int) -> dict[str, Any] | None:
    draft = session.scalars(
        select(TaskDraft).where(TaskDraft.work_item_id == item_id, TaskDraft.user_id == user_id)
    ).one_or_none()
    return dict(draft.data) if draft else None


def save(session: Session, view, actor, user_id: int, data: dict[str, Any], now: datetime) -> None:
    """The holder's draft of the task's form (nobody else's: ``uploads.require_holder``)."""
    require_holder(view, actor)
    draft = session.scalars(
        select(TaskDraft).where(TaskDraft.work_item_id == view.item.id, TaskDraft.user_id == user_id)
    ).one_or_none()
    if draft is None:
        session.add(TaskDraft(work_item_id=view.item.id, user_id=user_id, data=data, saved_at=now))
    else:
        draft.data, draft.saved_at = data, now


def discard(session: Session, item_id: int, user_id: int) -> None:
    session.execute(delete(TaskDraft).where(TaskDraft.work_item_id == item_id, TaskDraft.user_id == user_id))
