"""The things a milestone counts (one row each), kept current by the steps that make them.

| milestone | unit | one per |
|---|---|---|
| M1 | 框架协议 framework agreement | programme case × prefecture (or 省直管县) of its roster |
| M2 | 具体移交协议 specific agreement | programme case × receiving county |
| M3 | 社区管理组织职能、人员移交 | community-organisation case |
| M4 | 本县移交完成 a county's hand-over | programme case × receiving county |

A programme case whose roster is not yet grouped counts as one M1 unit without a prefecture
(it cannot have signed anything yet); grouping replaces it with the real ones.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..database import Base, UTCDateTime


class MilestoneUnit(Base):
    """One unit a milestone counts, with the figures the dashboard sums."""

    __tablename__ = "milestone_unit"
    __table_args__ = (
        UniqueConstraint("instance_id", "kind", "scope_code"),
        Index("ix_milestone_unit_cells", "campaign", "milestone", "prefecture_code", "county_code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(200))
    milestone: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(40))
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"))
    #: the prefecture or county code the unit is about ("case" for the case as a whole)
    scope_code: Mapped[str] = mapped_column(String(20))
    enterprise_org: Mapped[str | None] = mapped_column(String(100))
    prefecture_code: Mapped[str | None] = mapped_column(String(6))
    county_code: Mapped[str | None] = mapped_column(String(6))
    title: Mapped[str] = mapped_column(String(300), default="")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retirees_planned: Mapped[int] = mapped_column(Integer, default=0)
    retirees_received: Mapped[int] = mapped_column(Integer, default=0)
    archives_planned: Mapped[int] = mapped_column(Integer, default=0)
    archives_received: Mapped[int] = mapped_column(Integer, default=0)
    fee_due: Mapped[int] = mapped_column(Integer, default=0)  # yuan
    fee_disbursed: Mapped[int] = mapped_column(Integer, default=0)  # yuan
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
