"""Drafts of a task's form: what an official typed and saved without completing the task."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engine.database import Base, UTCDateTime


class TaskDraft(Base):
    """What an official typed into a task's form and saved without completing it."""

    __tablename__ = "task_draft"
    __table_args__ = (UniqueConstraint("work_item_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("task.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime)
