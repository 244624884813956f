"""The retiree registry (退休人员登记): every person a roster registered, where they go, and how
far their hand-over has come. Rosters are imported in batches (``RosterImport``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engine.database import Base, UTCDateTime

#: the hand-over of one person, in order (DOMAIN.md, retiree transfer); after it, a death
#: reported and the pension stopped (四(七)) makes them 已故 (``died_on``), out of every active list
STATUSES = ("registered", "in_agreement", "verified", "allocated", "received", "deceased")
STATUS_NAMES = {
    "registered": "已登记",
    "in_agreement": "已签协议",
    "verified": "已核实",
    "allocated": "已分解到社区",
    "received": "社区已接收",
    "deceased": "已故",
}
#: received by a community, whatever came after (已故 is after 社区已接收: the hand-over still counts them)
HANDED_OVER = ("received", "deceased")
#: their personnel archive (annex 2)
ARCHIVE_STATUSES = ("none", "sorted", "sent", "returned", "accepted", "excepted")
ARCHIVE_STATUS_NAMES = {
    "none": "未整理",
    "sorted": "已整理",
    "sent": "已报送",
    "returned": "已退回补充",
    "accepted": "已接收",
    "excepted": "例外（已说明原因）",
}


class RosterImport(Base):
    """One uploaded roster file and how its import went (row counts, rejections, progress)."""

    __tablename__ = "roster_import"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_org: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    uploaded_by: Mapped[str] = mapped_column(String(80))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(20), default="pending")  # pending|running|done|failed
    #: data rows read so far (the next batch starts after them) and in all, once known
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    rows_total: Mapped[int | None] = mapped_column(Integer)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    #: [{"row", "column", "reason"}], row = spreadsheet row (header = 1)
    rejected: Mapped[list[dict]] = mapped_column(JSON, default=list)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: runs started since a batch was last stored (``webapp.rosters.runner``)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class RosterFilePart(Base):
    """One part of the uploaded file of a ``RosterImport`` (``engine.rosters.storage``): in parts,
    neither storing the file nor reading it back holds all of it in memory. A table of its own:
    the import updates its counters after every batch, and SQLite rewrites a whole row on each
    update. (A file stored before revision 0007 is a single part.)"""

    __tablename__ = "roster_file_part"

    import_id: Mapped[int] = mapped_column(ForeignKey("roster_import.id"), primary_key=True)
    #: 0, 1, 2, … : the file is its parts in this order
    part: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class Retiree(Base):
    """A registered retiree (one per resident ID number, across all enterprises)."""

    __tablename__ = "retiree"
    __table_args__ = (
        Index("ix_retiree_enterprise_destination", "enterprise_org", "destination_code"),
        Index("ix_retiree_name", "name"),
        # a county's people of a programme in the order its task lists show them (count and page
        # from the index alone), and by community (the allocation's sums, a community's list)
        Index(
            "ix_retiree_county_list",
            "instance_id", "destination_code", "excluded", "residence_code", "address", "id",
        ),  # fmt: skip
        Index("ix_retiree_county_community", "instance_id", "destination_code", "community_org"),
        Index("ix_retiree_county_party", "instance_id", "destination_code", "excluded", "party_member"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    sex: Mapped[str] = mapped_column(String(2))
    birth_date: Mapped[date] = mapped_column(Date)
    retirement_date: Mapped[date] = mapped_column(Date)
    hukou_code: Mapped[str] = mapped_column(String(6))
    residence_code: Mapped[str] = mapped_column(String(6))
    category: Mapped[str] = mapped_column(String(20))
    party_member: Mapped[bool] = mapped_column(Boolean, default=False)
    special_status: Mapped[list[str]] = mapped_column(JSON, default=list)
    phone: Mapped[str | None] = mapped_column(String(30))
    #: 常住地址 (street, community, building): the county allocates people to communities by it
    address: Mapped[str | None] = mapped_column(String(200))
    enterprise_org: Mapped[str] = mapped_column(ForeignKey("organisation.id"))
    roster_import_id: Mapped[int | None] = mapped_column(ForeignKey("roster_import.id"))
    #: the county that receives them (None: not handed over — 离休干部, 省管干部)
    destination_code: Mapped[str | None] = mapped_column(String(6), index=True)
    destination_reason: Mapped[str] = mapped_column(String(200))
    excluded: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="registered", index=True)
    archive_status: Mapped[str] = mapped_column(String(20), default="none")
    #: the community the county assigned them to (set while the allocation task is open)
    community_org: Mapped[str | None] = mapped_column(String(100), index=True)
    #: when the community confirmed receiving them (社区已接收)
    received_on: Mapped[date | None] = mapped_column(Date)
    #: why a community sent them back to the county's allocation (未找到/拒收), until reassigned
    returned_reason: Mapped[str | None] = mapped_column(String(300))
    #: the archive transfer list's row (档案移交清单): volumes, items, missing items and why
    archive_volumes: Mapped[int | None] = mapped_column(Integer)
    archive_items: Mapped[int | None] = mapped_column(Integer)
    archive_missing: Mapped[str | None] = mapped_column(String(300))
    #: the archive department's word: why it was returned, or why it is an accepted exception
    archive_note: Mapped[str | None] = mapped_column(String(300))
    #: 户籍迁移 where hukou and residence differ (``hukou_moves``): the person's wish (None: not
    #: yet asked; "wants"/"declines") and what came of it ("pending"/"moved"/"declined")
    hukou_move_intention: Mapped[str | None] = mapped_column(String(10))
    hukou_move_outcome: Mapped[str | None] = mapped_column(String(10))
    hukou_moved_on: Mapped[date | None] = mapped_column(Date)
    #: why the hukou is not moved (the person declines, or the move was refused)
    hukou_move_reason: Mapped[str | None] = mapped_column(String(300))
    #: 过渡期管理 (``interim``): who manages them until a community can (the enterprise's retiree
    #: office or the social insurance agency) and until when; kept after their community receives
    #: them, as the record of the interim
    interim_manager_org: Mapped[str | None] = mapped_column(String(100), index=True)
    interim_until: Mapped[date | None] = mapped_column(Date)
    #: the day they died (死亡报告, ``engine.aftercare.deaths``): set with status "deceased"
    died_on: Mapped[date | None] = mapped_column(Date)
    #: the programme case that hands them over, once the roster is registered in one
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"), index=True)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


def living_in(community_org: str):
    """The SQL condition for a community's own people today: received by it and alive (the lists
    of certification, visits and the community's page start from this)."""
    return (Retiree.community_org == community_org) & (Retiree.status == "received")
