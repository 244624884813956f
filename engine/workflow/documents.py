"""The files of a case (案件材料): uploaded on a task or generated (agreements, registers).

Stored with their SHA-256; the content column is deferred so lists never load it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from engine.database import Base, UTCDateTime


class Document(Base):
    """A file of a case: uploaded on a task, or generated (agreements, registers), with its hash."""

    __tablename__ = "document"
    __table_args__ = (Index("ix_document_instance", "instance_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"))
    work_item_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
    kind: Mapped[str] = mapped_column(String(50))  # upload | agreement | register | …
    title: Mapped[str] = mapped_column(String(300))
    filename: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    uploaded_by: Mapped[str] = mapped_column(String(80))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
