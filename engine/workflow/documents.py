"""The files of a case (案件材料): uploaded on a task or generated (agreements, registers).

Stored with their SHA-256; the content column is deferred so lists never load it. A long
document (a county's 移交清册 of 20,000 people) is made by the worker: ``DocumentJob`` is its
place in the queue and its progress (第 120/800 页)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
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


class DocumentJob(Base):
    """A generated document the worker makes (queued → running → done | failed), one per case,
    file and inputs: two officials asking at once share it. ``requested_at`` is on the
    application's clock, like the document's date; ``started_at``, ``heartbeat_at`` and
    ``finished_at`` on the wall clock (UTC), since they tell whether a worker is still alive."""

    __tablename__ = "document_job"
    __table_args__ = (
        UniqueConstraint("instance_id", "filename", "input_hash", name="uq_document_job_inputs"),
        Index("ix_document_job_state", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"))
    kind: Mapped[str] = mapped_column(String(50))
    code: Mapped[str | None] = mapped_column(String(20))  # the place: a county's code (410105)
    filename: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(300))
    input_hash: Mapped[str] = mapped_column(String(100))  # the Document's note when made
    state: Mapped[str] = mapped_column(String(20))  # queued | running | done | failed
    pages_done: Mapped[int] = mapped_column(Integer, default=0)
    pages_total: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(String(80))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    work_item_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
