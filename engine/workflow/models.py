"""Tables of the engine: deployed definitions, instances, work items, timers, audit events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from engine.database import Base, UTCDateTime
from engine.workflow.deadlines import is_overdue


class ProcessDefinition(Base):
    """One deployed version of a process (its key is the BPMN process id)."""

    __tablename__ = "process_definition"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), index=True)
    version: Mapped[int]
    name: Mapped[str] = mapped_column(String(300))
    content_hash: Mapped[str] = mapped_column(String(64))
    deployed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deployed_by: Mapped[str] = mapped_column(String(100))
    lanes: Mapped[list[str]] = mapped_column(JSON)
    executable: Mapped[bool]
    #: file name → XML text of every file this version depends on (itself, called
    #: processes, decision tables): enough to parse it again, or to show its diagram.
    sources: Mapped[dict[str, str]] = deferred(mapped_column(JSON, nullable=False))
    #: file name → sha256 of the bytes as uploaded (``DefinitionFile``); None before migration 0019
    files: Mapped[dict[str, str] | None] = mapped_column(JSON)
    #: process id → {lane name → role} for lanes not named by a role (files drawn elsewhere)
    lane_roles: Mapped[dict[str, dict[str, str]] | None] = mapped_column(JSON)
    #: form key → sha256 of its JSON (``DefinitionFile``): the forms of this version's tasks as
    #: deployed with it; None for a version deployed before forms were versioned (it reads the
    #: application's forms)
    forms: Mapped[dict[str, str] | None] = mapped_column(JSON)


class DefinitionFile(Base):
    """The bytes of a deployed BPMN/DMN file exactly as uploaded, stored once by their hash."""

    __tablename__ = "definition_file"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    size: Mapped[int]


class ProcessInstance(Base):
    """A running or finished case: one SpiffWorkflow workflow, serialised."""

    __tablename__ = "process_instance"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"), index=True)
    process_key: Mapped[str] = mapped_column(String(200), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20), default="running")  # running|completed|error
    parties: Mapped[dict[str, str]] = mapped_column(JSON)
    state: Mapped[str] = deferred(mapped_column(Text, nullable=False))
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: optimistic lock: every save bumps it; a writer holding an older one gets a conflict
    revision: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": revision}


class WorkItem(Base):
    """A READY human task, mirrored out of the workflow so the inbox is one SQL query."""

    __tablename__ = "task"
    __table_args__ = (
        UniqueConstraint("instance_id", "task_guid"),
        # The claimable tab: only unclaimed open items, in due-date order, countable from the
        # index alone (state and claimed_by trail so SQLite need not read the rows). In the
        # leading columns, claimed_by IS NULL would keep PostgreSQL from using the order.
        Index(
            "ix_task_claimable",
            "owner_org",
            "user_role",
            "due_at",
            "id",
            "state",
            "claimed_by",
            sqlite_where=text("state = 'open' AND claimed_by IS NULL"),
            postgresql_where=text("state = 'open' AND claimed_by IS NULL"),
        ),
        Index("ix_task_claimed", "claimed_by", "state", "due_at"),
        Index("ix_task_done", "completed_by", "completed_at"),
        Index("ix_task_instance", "instance_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"))
    process_key: Mapped[str] = mapped_column(String(200))
    task_guid: Mapped[str] = mapped_column(String(36))
    spec_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    lane: Mapped[str | None] = mapped_column(String(50))
    owner_org: Mapped[str | None] = mapped_column(String(100))
    user_role: Mapped[str] = mapped_column(String(50))
    form_key: Mapped[str | None] = mapped_column(String(200))
    milestone: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300), default="")
    #: the BPMN process the task belongs to — a called process's own (县（市、区）具体移交), not
    #: the case's — and its name; None on items older than migration 0016 that it could not place
    task_process: Mapped[str | None] = mapped_column(String(200))
    task_process_name: Mapped[str | None] = mapped_column(String(300))
    #: whom the task is about (a county, a community, an enterprise, a person: ``subjects.py``)
    #: and that place's division code, so that a row names it and a search finds it
    subject: Mapped[str | None] = mapped_column(String(300))
    subject_code: Mapped[str | None] = mapped_column(String(12))
    state: Mapped[str] = mapped_column(String(20), default="open")  # open|completed|cancelled
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_by: Mapped[str | None] = mapped_column(String(100))
    revision: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": revision}

    def overdue(self, now: datetime) -> bool:
        """Still open and past its deadline."""
        return self.state == "open" and is_overdue(self.due_at, now)


class TimerEvent(Base):
    """A timer an instance waits on, with its deadline, so the worker can find what is due."""

    __tablename__ = "timer"
    __table_args__ = (
        UniqueConstraint("instance_id", "task_guid"),
        Index("ix_timer_due", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"))
    task_guid: Mapped[str] = mapped_column(String(36))
    spec_id: Mapped[str] = mapped_column(String(200))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(20), default="waiting")  # waiting|fired|cancelled
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)




class OverdueFlag(Base):
    """A case found short of a milestone when it passed (one flag per case and milestone)."""

    __tablename__ = "overdue_flag"
    __table_args__ = (UniqueConstraint("instance_id", "milestone"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"))
    milestone: Mapped[str] = mapped_column(String(20))
    flagged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: the milestone-schedule case whose timer found it
    escalation_instance_id: Mapped[int | None] = mapped_column(Integer)


class Reminder(Base):
    """A reminder sent to the organisation holding an open task whose due date is near."""

    __tablename__ = "reminder"
    __table_args__ = (
        UniqueConstraint("work_item_id", "kind"),
        Index("ix_reminder_owner", "owner_org", "read_at", "sent_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("task.id"))
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"))
    owner_org: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20), default="due_soon")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


