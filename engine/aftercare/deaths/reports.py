"""死亡报告台账 — one row per death report case (who died, when, who reported it, when the pension
was stopped and the survivors' grants decided, against which deadlines), and one row per civil
affairs death list (民政死亡名单) the social insurance agency uploaded.

The rows are what the supervisors' figures count and what stops a second report for the same
person; the workflow holds the steps. Only SQLAlchemy here: the procedure's start checks read it
(``engine.procedures.death_report``), so it imports nothing of the registry or the engine."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from engine.database import Base, UTCDateTime

#: where a report came from: the community itself (with the family) or the civil affairs bureau
SOURCES = ("社区", "民政")


class DeathReport(Base):
    """死亡报告: one registry person's death as its case carries it."""

    __tablename__ = "death_report"
    __table_args__ = (Index("ix_death_report_county_reported", "county_code", "reported_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), unique=True)
    retiree_id: Mapped[int] = mapped_column(ForeignKey("retiree.id"), index=True)
    community_org: Mapped[str] = mapped_column(String(100), index=True)
    #: the person's county (``Retiree.destination_code``): the agency and the figures go by it
    county_code: Mapped[str] = mapped_column(String(6))
    died_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(10))
    reported_on: Mapped[date] = mapped_column(Date)
    #: the deadlines the case was opened with (``engine.procedures.death_report.DEADLINES``)
    pension_due: Mapped[date] = mapped_column(Date)
    grants_due: Mapped[date] = mapped_column(Date)
    #: the community confirmed the death (a 民政 row may turn out wrong: then ``withdrawn``)
    confirmed_on: Mapped[date | None] = mapped_column(Date)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the first month without pension (停发月份, the month after the death) and when recorded
    pension_stopped_from: Mapped[date | None] = mapped_column(Date)
    pension_stopped_on: Mapped[date | None] = mapped_column(Date)
    #: whether the family applied for 丧葬补助金 and 抚恤金 (None: not asked yet)
    family_applied: Mapped[bool | None] = mapped_column(Boolean)
    funeral_grant: Mapped[int | None] = mapped_column(Integer)
    survivor_pension: Mapped[int | None] = mapped_column(Integer)
    grants_decided_on: Mapped[date | None] = mapped_column(Date)
    family_told_on: Mapped[date | None] = mapped_column(Date)
    #: the civil affairs list and row that opened it (None: reported by the community)
    death_list_id: Mapped[int | None] = mapped_column(ForeignKey("death_list.id"), index=True)
    death_list_row: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DeathList(Base):
    """民政死亡名单: an uploaded file of ID numbers, names and death dates, and how its rows went
    (a report opened for each matched person; the others explained, row by row)."""

    __tablename__ = "death_list"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_org: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    county_code: Mapped[str] = mapped_column(String(6))
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    uploaded_by: Mapped[str] = mapped_column(String(80))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(20), default="pending")  # pending|running|done|failed
    rows_total: Mapped[int | None] = mapped_column(Integer)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    opened: Mapped[int] = mapped_column(Integer, default=0)
    #: [{"row", "id_number", "name", "reason"}]; row = spreadsheet row (header = 1)
    unmatched: Mapped[list[dict]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
