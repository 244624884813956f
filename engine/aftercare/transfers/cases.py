"""Who may be transferred, and to where (转移的对象和去向): a person received by the asking community
and living, without another transfer open; to another community of the same county (社区间转移)
or to another Henan county (跨县迁移). Each transfer case keeps one ``RetireeTransfer`` row (opened
with the case), so the person's page and the checks find it without reading workflows.

Imports no procedure: ``engine.procedures.community_transfer`` and ``county_transfer`` read it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine.database import Base
from engine.directory.organisations import Organisation, routing_directory
from engine.errors import InvalidTaskData
from engine.policy import divisions
from engine.registry.retirees import Retiree

KIND_NAMES = {"community": "社区间转移", "county": "跨县（市、区）迁移"}
STATE_NAMES = {"asked": "办理中", "refused": "未转移", "done": "已转移"}


class RetireeTransfer(Base):
    """One transfer of one person, as its case goes: asked, then refused or done."""

    __tablename__ = "retiree_transfer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), unique=True)
    retiree_id: Mapped[int] = mapped_column(ForeignKey("retiree.id"), index=True)
    #: "community" (same county) or "county" (another county)
    kind: Mapped[str] = mapped_column(String(10))
    from_community: Mapped[str] = mapped_column(String(100))
    #: the receiving community: chosen by the asking community (same county) or allocated by the
    #: receiving county government (another county)
    to_community: Mapped[str | None] = mapped_column(String(100))
    from_county: Mapped[str] = mapped_column(String(6))
    to_county: Mapped[str] = mapped_column(String(6))
    new_address: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(300))
    asked_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), default="asked")
    #: why it was refused (by the receiving community or county government)
    refused_reason: Mapped[str | None] = mapped_column(String(300))
    done_on: Mapped[date | None] = mapped_column(Date)


def refuse(field: str, message: str) -> None:
    raise InvalidTaskData({field: [message]})


def open_transfer(session: Session, retiree_id: int) -> RetireeTransfer | None:
    """The person's transfer still being handled (None: none)."""
    query = select(RetireeTransfer).where(
        RetireeTransfer.retiree_id == retiree_id, RetireeTransfer.state == "asked"
    )
    return session.scalar(query.limit(1))


def transfers_of(session: Session, retiree_id: int) -> list[RetireeTransfer]:
    query = select(RetireeTransfer).where(RetireeTransfer.retiree_id == retiree_id)
    return list(session.scalars(query.order_by(RetireeTransfer.id)))


def transferable(session: Session, organisation_id: str, retiree_id: Any) -> Retiree:
    """The person the asking community may transfer; refused in Chinese otherwise."""
    person = session.get(Retiree, retiree_id) if isinstance(retiree_id, int) else None
    if person is None or person.community_org != organisation_id:
        refuse("retiree_id", "该人员不是本社区的服务对象，不能由本社区办理转移")
    if person.status == "deceased":
        refuse("retiree_id", f"{person.name} 已故（{person.died_on}），不能转移")
    if person.status != "received":
        refuse("retiree_id", f"{person.name} 尚未由社区接收，不能转移")
    found = open_transfer(session, person.id)
    if found is not None:
        refuse("retiree_id", f"{person.name} 已有未办结的转移（案件 {found.instance_id}）")
    return person


def receiving_community(session: Session, organisation_id: Any, county_code: str, field: str) -> Organisation:
    """An active community of ``county_code`` (refused otherwise)."""
    found = session.get(Organisation, organisation_id) if isinstance(organisation_id, str) else None
    if found is None or found.kind != "community" or not found.active:
        refuse(field, "请选择接收社区")
    if found.division_code != county_code:
        name = divisions.name(county_code) if divisions.is_known(county_code) else county_code
        refuse(field, f"{found.name} 不在{name}，不能接收")
    return found


def county_parties(session: Session, county_code: str) -> dict[str, str]:
    """The receiving government and archive department of a county (routing directory)."""
    return routing_directory(session).get(county_code, {})


def person_of(person: Retiree, community_name: str) -> dict[str, Any]:
    """What the tasks show of the person (``retiree``): the archive list's columns; the ID number
    is masked on the way out for whoever may not see it in full, and the old address and phone,
    which nothing masks, are left out."""
    return {
        "name": person.name,
        "sex": person.sex,
        "id_number": person.id_number,
        "retirement_date": person.retirement_date.isoformat(),
        "community": community_name,
    }


def asked(person: Retiree, answers: dict[str, Any], today: date, **more: Any) -> dict[str, Any]:
    """The case's ``transfer`` data common to both kinds."""
    return {
        "retiree_id": person.id,
        "from_community": person.community_org,
        "from_county": person.destination_code,
        "new_address": str(answers["new_address"]).strip(),
        "reason": str(answers["reason"]).strip(),
        "asked_on": today.isoformat(),
        **more,
    }


def communities_of(session: Session, county_code: str) -> list[tuple[str, str]]:
    """(id, name) of the county's active communities, by name (a same-county transfer's choice)."""
    query = select(Organisation.id, Organisation.name).where(
        Organisation.kind == "community",
        Organisation.division_code == county_code,
        Organisation.active.is_(True),
    )
    return [tuple(row) for row in session.execute(query.order_by(Organisation.name))]


def receiving_counties(session: Session) -> list[tuple[str, str]]:
    """(code, name) of the Henan counties a person may move to: those with a receiving government
    and an archive department in the routing directory."""
    entries = routing_directory(session).items()
    found = [
        code
        for code, roles in entries
        if roles.get("receiving_government") and roles.get("archive_department")
    ]
    return [(code, divisions.name(code)) for code in sorted(found)]
