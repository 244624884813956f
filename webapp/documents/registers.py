"""The lists of people a county hand-over produces: 移交清册 (the register attached to the
specific agreement), 档案移交清单 (the archive list) and 档案接收回执 (the archive receipt).

Each list's columns are declared once, below: key, heading, width and how a cell is written; the
PDF's pages (``paging``) and the xlsx (``spreadsheets``) are both written from the declaration,
so a new column is one line here. The people are the registry's rows of the county hand-over
(``people``), streamed each time the list is read (``listing.Listing``); totals are counted in
SQL; the case data only numbers and dates the lists.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from engine import procedures
from engine.policy import divisions
from engine.procedures import archive_handover, retiree_handover_programme
from engine.registry.retirees import Retiree

from .agreements import register_title
from .chinese_dates import chinese_date
from .listing import Column, Listing
from .paging import Frame
from .people import CountyPeople
from .sources import Inputs

PARTY_MEMBER = "是"
#: the column the register's total of party members (其中中共党员M人) is counted from
PARTY_MEMBER_COLUMN = "party_member"


@dataclass(frozen=True)
class Entry:
    """What one row is written from: its number, the person's registry row (with their archive
    as the enterprise listed it), the community they go to, and what every row shares."""

    number: int
    person: Retiree
    #: the name of the community the county allocated them to ("" before the allocation)
    community: str = ""
    enterprise: str = ""
    #: what was done to complete the archive (补充), None when it was not supplemented
    supplement: str | None = None


def _date(day: date | None) -> str:
    return chinese_date(day) if day else ""


def _residence(entry: Entry) -> str:
    """常住地: where the person lives, their 户籍地 when the registry has no other."""
    return _place(entry.person.residence_code or entry.person.hukou_code)


def _party_member(entry: Entry) -> str:
    return PARTY_MEMBER if entry.person.party_member else ""


def _born_and_retired(entry: Entry) -> str:
    return "／\n".join(_date(day) for day in (entry.person.birth_date, entry.person.retirement_date))


def _special_status(entry: Entry) -> str:
    return "、".join(entry.person.special_status or [])


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _missing_materials(entry: Entry) -> str:
    return entry.person.archive_missing or "无"


def _remark(entry: Entry) -> str:
    return "" if entry.supplement is None else f"已补充：{entry.supplement}"


#: 移交清册: twelve columns, 267 mm — the landscape A4 page between its margins; a five-digit number,
#: an ID number, a date, a six-character place name and a phone with its area code fit one line
HANDOVER_REGISTER: tuple[Column, ...] = (
    Column("number", "序号", "12mm", lambda e: str(e.number)),
    Column("name", "姓名", "15mm", lambda e: e.person.name),
    Column("sex", "性别", "10mm", lambda e: e.person.sex),
    Column("id_number", "公民身份号码", "39mm", lambda e: e.person.id_number),
    Column("retirement_date", "退休时间", "29mm", lambda e: _date(e.person.retirement_date)),
    Column("hukou", "户籍地", "24mm", lambda e: _place(e.person.hukou_code)),
    Column("residence", "常住地", "24mm", _residence),
    Column("address", "常住地址", "33mm", lambda e: e.person.address or "", "left"),
    Column("phone", "联系电话", "28mm", lambda e: e.person.phone or ""),
    Column("destination", "去向\n（街道/社区）", "26mm", lambda e: e.community, "left"),
    Column(PARTY_MEMBER_COLUMN, "党员", "10mm", _party_member),
    Column("special_status", "特殊情况", "17mm", _special_status, "left"),
)

#: 档案移交清单: eleven columns, 267 mm
ARCHIVE_TRANSFER_LIST: tuple[Column, ...] = (
    Column("number", "序号", "12mm", lambda e: str(e.number)),
    Column("name", "姓名", "18mm", lambda e: e.person.name),
    Column("sex", "性别", "10mm", lambda e: e.person.sex),
    Column("id_number", "公民身份号码", "38mm", lambda e: e.person.id_number),
    Column("born_and_retired", "出生日期／\n退休时间", "32mm", _born_and_retired),
    Column("enterprise", "原单位", "33mm", lambda e: e.enterprise, "left"),
    Column("volumes", "档案卷\n（册）数", "17mm", lambda e: _number(e.person.archive_volumes)),
    Column("materials", "材料\n份数", "15mm", lambda e: _number(e.person.archive_items)),
    Column("missing_materials", "缺失材料名称及原因", "36mm", _missing_materials, "left"),
    Column("destination", "现住址街道／社区", "34mm", lambda e: e.community, "left"),
    Column("remark", "备注", "22mm", _remark, "left"),
)


def handover_register_frame(doc: dict[str, Any]) -> Frame:
    """What the register prints around its rows (its title, parties, totals and signatures)."""
    return Frame(
        title=doc["title"],
        heading=(
            f"移交单位：{doc['enterprise']}",
            f"接收单位：{doc['government']}",
            f"共 {doc['total']} 人，其中党员 {doc['party_members']} 人",
        ),
        totals=f"合计：共 {doc['total']} 人，其中中共党员 {doc['party_members']} 人。",
        signatures=(
            (
                f"移交单位（盖章）：{doc['enterprise']}",
                "经办人：",
                "负责人：",
                f"日期：{chinese_date(doc['date'])}",
            ),
            (f"接收单位（盖章）：{doc['government']}", "经办人：", "负责人：", f"日期：{chinese_date(None)}"),
        ),
    )


def archive_transfer_list_frame(doc: dict[str, Any]) -> Frame:
    """What the archive list prints around its rows: 共N人N卷，材料N份 and both units' signatures."""
    return Frame(
        title="退休人员档案移交清单",
        heading=(
            f"移交单位：{doc['enterprise']}",
            f"接收单位：{doc['archive_department']}",
            f"清单编号：{doc['number']}",
        ),
        totals=f"共{doc['people']}人{doc['volumes']}卷，材料{doc['materials']}份。",
        signatures=(
            (
                f"移交单位（盖章）：{doc['enterprise']}",
                "移交人：",
                "负责人：",
                f"日期：{chinese_date(doc['date'])}",
            ),
            (
                f"接收单位（盖章）：{doc['archive_department']}",
                "接收人：",
                "负责人：",
                f"日期：{chinese_date(None)}",
            ),
        ),
    )


def handover_register(inputs: Inputs, columns: tuple[Column, ...] = HANDOVER_REGISTER) -> dict[str, Any]:
    """移交清册: one row per person the county receives, as the registry has them now."""
    people = inputs.county_people()
    totals = people.totals()
    return {
        "title": register_title(inputs),
        "enterprise": inputs.enterprise,
        "government": inputs.county_organisation("receiving_government", "人民政府"),
        "county": inputs.data["county"]["name"],
        "listing": Listing(columns, partial(_entries, people), totals.people, people.fingerprint),
        "total": totals.people,
        "party_members": totals.party_members,
        "date": _register_date(inputs),
    }


def archive_transfer_list(
    inputs: Inputs, columns: tuple[Column, ...] = ARCHIVE_TRANSFER_LIST
) -> dict[str, Any]:
    """档案移交清单: one row per person of the county, their archive as the enterprise listed it
    in the registry; numbered by ``sort_archives``."""
    supplemented = {s["id_number"]: s.get("action", "") for s in _supplements(inputs)}
    people = inputs.county_people()
    totals = people.totals()
    entries = partial(_entries, people, inputs.enterprise, supplemented)
    fingerprint = partial(people.fingerprint, inputs.enterprise, supplemented)
    return {
        "number": inputs.form(archive_handover.SORT).get("list_number", ""),
        "enterprise": inputs.enterprise,
        "archive_department": inputs.county_organisation("archive_department", "档案馆"),
        "county": inputs.data["county"]["name"],
        "listing": Listing(columns, entries, totals.people, fingerprint),
        "people": totals.people,
        "volumes": totals.volumes,
        "materials": totals.materials,
        "date": _iso(inputs.completed_on.get(archive_handover.SORT)),
    }


def archive_receipt(inputs: Inputs) -> dict[str, Any]:
    """档案接收回执: the archives the department accepted (or accepted as exceptions), counted in
    the registry; number and date as the department recorded them."""
    receipt = inputs.form(archive_handover.RECEIPT)
    received = inputs.county_people().archives_received()
    return {
        "number": receipt.get("receipt_number", ""),
        "received_on": receipt.get("received_on"),
        "people": received.people,
        "volumes": received.volumes,
        "list_number": inputs.form(archive_handover.SORT).get("list_number", ""),
        "enterprise": inputs.enterprise,
        "archive_department": inputs.county_organisation("archive_department", "档案馆"),
        "county": inputs.data["county"]["name"],
        "date": receipt.get("received_on"),
    }


def _entries(
    people: CountyPeople, enterprise: str = "", supplemented: dict[str, str] | None = None
) -> Iterator[Entry]:
    """The county's people in registry order, each with the name of their community."""
    communities = people.community_names()
    supplemented = supplemented or {}
    for number, person in enumerate(people.rows(), start=1):
        community = _community(communities, person.community_org)
        yield Entry(number, person, community, enterprise, supplemented.get(person.id_number))


def _community(names: dict[str, str], organisation_id: str | None) -> str:
    """去向: the name of the person's community ("" before the county allocated them)."""
    return names.get(organisation_id, organisation_id) if organisation_id else ""


def _supplements(inputs: Inputs) -> list[dict[str, Any]]:
    return inputs.form(archive_handover.SUPPLEMENT).get("supplemented") or []


def _place(code: str | None) -> str:
    if not code:
        return ""
    return divisions.full_name(code) if divisions.is_known(code) else code


def _register_date(inputs: Inputs) -> str | None:
    """The register goes with the agreement: its date, else the day the roster was registered."""
    draft = inputs.form(procedures.agreement("specific_agreement").drafted_at)
    return draft.get("signed_on") or _iso(inputs.completed_on.get(retiree_handover_programme.REGISTER))


def _iso(day) -> str | None:
    return day.isoformat() if day else None
