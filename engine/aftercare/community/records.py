"""社区自建信息库 — 离休干部 and 省管干部 who live in a community and ask for its services (seed
五(一): "企业离休人员和省管干部保持现有管理方式不变，对居住在社区且有参与社区退休管理服务要求的人员，
街道(乡镇)和社区可先建立这些人员的基本情况信息库").

They are not handed over: a table of the community's own, apart from the hand-over registry,
marked 未移交（离休干部/省管干部）, with no fee, no archive, and in no hand-over figure. Only the
community that recorded a person sees, changes or removes them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint, func, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine.database import Base, UTCDateTime
from engine.directory import audit
from engine.directory.organisations import Organisation
from engine.directory.roles import DEFAULT_TASK_ROLE, Actor
from engine.errors import Forbidden, InvalidTaskData, NotFound
from engine.policy import formats, resident_id, rules
from engine.registry.rosters.validation import SPECIAL_STATUSES

#: how the page marks them: not handed over
MARK = "未移交（离休干部/省管干部）"
CATEGORIES = rules.EXCLUDED_CATEGORIES
PER_PAGE = 50
#: field → (Chinese name, maximum length) of the free-text fields
_TEXTS = {
    "name": ("姓名", 50),
    "address": ("常住地址", 200),
    "original_unit": ("原单位", 200),
    "note": ("备注", 1000),
}


class CommunityRecord(Base):
    """One person a community recorded in its information database without their being handed
    over (离休干部, 省管干部)."""

    __tablename__ = "community_record"
    __table_args__ = (UniqueConstraint("community_org", "id_number", name="uq_community_record_person"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_org: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    id_number: Mapped[str] = mapped_column(String(18))
    category: Mapped[str] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(30))
    special_status: Mapped[list[str]] = mapped_column(JSON, default=list)
    original_unit: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class RecordsPage:
    rows: list[CommunityRecord]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def checked(values: Mapping[str, Any]) -> dict[str, Any]:
    """The record's fields from a form or an API body, or ``InvalidTaskData`` naming every field
    that is wrong (in Chinese)."""
    errors: dict[str, list[str]] = {}
    fields: dict[str, Any] = {}
    for key, (title, length) in _TEXTS.items():
        text = str(values.get(key) or "").strip()
        if len(text) > length:
            errors[key] = [f"{title}不能超过{length}个字"]
        fields[key] = text or None
    if not fields["name"]:
        errors["name"] = ["姓名：必填项，不能为空"]
    number = resident_id.normalised(str(values.get("id_number") or "").strip()).upper()
    problem = resident_id.problem(number)
    if problem:
        errors["id_number"] = [f"身份证号：{problem}"]
    fields["id_number"] = number
    category = str(values.get("category") or "").strip()
    if category not in CATEGORIES:
        errors["category"] = [f"人员类别：应为 {'、'.join(CATEGORIES)} 之一（普通退休人员通过移交登记）"]
    fields["category"] = category
    phone = str(values.get("phone") or "").strip()
    if phone and formats.problem("phone", phone):
        errors["phone"] = [f"联系电话：{formats.problem('phone', phone)}"]
    fields["phone"] = phone or None
    fields["special_status"], status_problem = _special(values.get("special_status"))
    if status_problem:
        errors["special_status"] = [status_problem]
    if errors:
        raise InvalidTaskData(errors)
    return fields


def _special(value: Any) -> tuple[list[str], str | None]:
    items = value if isinstance(value, list) else str(value or "").replace("，", "、").split("、")
    found = [str(item).strip() for item in items if str(item).strip()]
    unknown = [item for item in found if item not in SPECIAL_STATUSES]
    if unknown:
        return [], f"特殊情况：无法识别“{'、'.join(unknown)}”，只能是 {'、'.join(SPECIAL_STATUSES)}"
    return list(dict.fromkeys(found)), None


def add(session: Session, actor: Actor, values: Mapping[str, Any], now: datetime) -> CommunityRecord:
    """Record a person in the caller's community's information database (flushed)."""
    _may_change(session, actor)
    fields = checked(values)
    _refuse_twice(session, actor.organisation_id, fields["id_number"], None)
    record = CommunityRecord(
        community_org=actor.organisation_id,
        recorded_by=actor.user_id,
        recorded_at=now,
        updated_at=now,
        **fields,
    )
    session.add(record)
    session.flush()
    _audit(session, "community_record_add", actor, now, record)
    return record


def update(
    session: Session, actor: Actor, record_id: int, values: Mapping[str, Any], now: datetime
) -> CommunityRecord:
    """Change a person the caller's community recorded."""
    _may_change(session, actor)
    record = get(session, actor.organisation_id, record_id)
    fields = checked(values)
    _refuse_twice(session, actor.organisation_id, fields["id_number"], record.id)
    for key, value in fields.items():
        setattr(record, key, value)
    record.updated_at = now
    _audit(session, "community_record_change", actor, now, record)
    return record


def remove(session: Session, actor: Actor, record_id: int, now: datetime) -> None:
    _may_change(session, actor)
    record = get(session, actor.organisation_id, record_id)
    _audit(session, "community_record_remove", actor, now, record)
    session.delete(record)


def get(session: Session, community_org: str, record_id: int) -> CommunityRecord:
    """The community's own record; ``NotFound`` for another community's (it does not exist for it)."""
    record = session.get(CommunityRecord, record_id)
    if record is None or record.community_org != community_org:
        raise NotFound(f"community record {record_id} does not exist")
    return record


def page_of(
    session: Session, community_org: str, q: str = "", page: int = 1, per_page: int = PER_PAGE
) -> RecordsPage:
    """The community's recorded people, by name, narrowed by part of a name or ID number."""
    where = [CommunityRecord.community_org == community_org]
    if q.strip():
        text = f"%{q.strip()}%"
        where.append(or_(CommunityRecord.name.like(text), CommunityRecord.id_number.like(text)))
    total = session.scalar(select(func.count()).select_from(CommunityRecord).where(*where)) or 0
    page = max(page, 1)
    query = select(CommunityRecord).where(*where).order_by(CommunityRecord.name, CommunityRecord.id)
    rows = list(session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return RecordsPage(rows, total, page, per_page)


def counts_by_community(session: Session, community_orgs: list[str]) -> dict[str, int]:
    """How many people each community recorded (the county's and the agency's views)."""
    if not community_orgs:
        return {}
    query = (
        select(CommunityRecord.community_org, func.count())
        .where(CommunityRecord.community_org.in_(community_orgs))
        .group_by(CommunityRecord.community_org)
    )
    return {org: n for org, n in session.execute(query)}


def as_dict(record: CommunityRecord) -> dict[str, Any]:
    """What the API answers for a record (its community's own: the full ID number)."""
    return {
        "id": record.id,
        "name": record.name,
        "id_number": record.id_number,
        "category": record.category,
        "address": record.address,
        "phone": record.phone,
        "special_status": list(record.special_status or []),
        "original_unit": record.original_unit,
        "note": record.note,
        "handed_over": False,
        "mark": MARK,
    }


def _may_change(session: Session, actor: Actor) -> None:
    """Only a community's officials change its database (a read-only login does not)."""
    organisation = session.get(Organisation, actor.organisation_id)
    if organisation is None or organisation.kind != "community" or DEFAULT_TASK_ROLE not in actor.roles:
        raise Forbidden("only the community's officials change its information database")


def _refuse_twice(session: Session, community_org: str, id_number: str, own_id: int | None) -> None:
    query = select(CommunityRecord.id).where(
        CommunityRecord.community_org == community_org, CommunityRecord.id_number == id_number
    )
    found = session.scalar(query)
    if found is not None and found != own_id:
        raise InvalidTaskData({"id_number": [f"身份证号：{id_number} 已在本社区信息库中"]})


def _audit(session: Session, action: str, actor: Actor, now: datetime, record: CommunityRecord) -> None:
    detail = {"record_id": record.id, "name": record.name, "community_org": record.community_org}
    audit.record(session, action, actor, now, detail=detail)
