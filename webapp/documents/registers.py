"""The lists of people a county hand-over produces: 移交清册 (the register attached to the
specific agreement), 档案移交清单 (the archive list) and 档案接收回执 (the archive receipt).

Each list's columns are declared once, below: key, heading, width and how a cell is written. The
templates loop over the declaration, so a new column is one line here. Rows are dicts of display
strings keyed by column: a 5,000-row register is a small JSON input to hash and a plain loop in
the template.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine import procedures
from engine.policy import divisions
from engine.procedures import archive_handover, county_handover, retiree_handover_programme

from .agreements import register_title
from .chinese_dates import chinese_date
from .sources import Inputs

PARTY_MEMBER = "是"
#: the column the register's total of party members (其中中共党员M人) is counted from
PARTY_MEMBER_COLUMN = "party_member"


@dataclass(frozen=True)
class Entry:
    """What one row is written from: its number, the person as the roster has them, and (on the
    archive list) the archive as the enterprise listed it, plus what every row shares."""

    number: int
    person: Mapping[str, Any]
    destination: str
    archive: Mapping[str, Any] = field(default_factory=dict)
    enterprise: str = ""
    #: what was done to complete the archive (补充), None when it was not supplemented
    supplement: str | None = None


@dataclass(frozen=True)
class Column:
    """One column of a printed list. ``header`` and cells break their line at ``\\n``; ``width``
    is a CSS length fitted to the landscape page; ``css_class`` is list.css's cell class
    (``left`` for text read along the line)."""

    key: str
    header: str
    width: str
    format: Callable[[Entry], str]
    css_class: str = ""

    def layout(self) -> dict[str, str]:
        """What the template needs of the column: plain data, so the input hash of a document
        changes when a heading or width does (a formatter has no stable text to hash)."""
        return {"key": self.key, "header": self.header, "width": self.width, "css_class": self.css_class}


def _date(day: str | None) -> str:
    return chinese_date(day) if day else ""


def _residence(entry: Entry) -> str:
    """常住地: where the person lives, their 户籍地 when the roster has no other."""
    return _place(entry.person.get("residence_code") or entry.person.get("hukou_code"))


def _party_member(entry: Entry) -> str:
    return PARTY_MEMBER if _is_party_member(entry.person.get("party_member")) else ""


def _born_and_retired(entry: Entry) -> str:
    return "／\n".join(_date(entry.person.get(k)) for k in ("birth_date", "retirement_date"))


def _special_status(entry: Entry) -> str:
    return "、".join(entry.person.get("special_status") or [])


def _missing_materials(entry: Entry) -> str:
    return entry.archive.get("missing_materials") or "无"


def _remark(entry: Entry) -> str:
    return "" if entry.supplement is None else f"已补充：{entry.supplement}"


#: 移交清册: ten columns, 267 mm — the landscape A4 page between its margins
HANDOVER_REGISTER: tuple[Column, ...] = (
    Column("number", "序号", "11mm", lambda e: str(e.number)),
    Column("name", "姓名", "20mm", lambda e: e.person["name"]),
    Column("sex", "性别", "10mm", lambda e: e.person["sex"]),
    Column("id_number", "公民身份号码", "40mm", lambda e: e.person["id_number"]),
    Column("retirement_date", "退休时间", "31mm", lambda e: _date(e.person.get("retirement_date"))),
    Column("hukou", "户籍地", "30mm", lambda e: _place(e.person.get("hukou_code"))),
    Column("residence", "常住地", "30mm", _residence),
    Column("destination", "去向（街道/社区）", "45mm", lambda e: e.destination, "left"),
    Column(PARTY_MEMBER_COLUMN, "党员", "12mm", _party_member),
    Column("special_status", "特殊情况", "38mm", _special_status, "left"),
)

#: 档案移交清单: eleven columns, 267 mm
ARCHIVE_TRANSFER_LIST: tuple[Column, ...] = (
    Column("number", "序号", "11mm", lambda e: str(e.number)),
    Column("name", "姓名", "18mm", lambda e: e.archive.get("name") or e.person.get("name", "")),
    Column("sex", "性别", "10mm", lambda e: e.person.get("sex", "")),
    Column("id_number", "公民身份号码", "38mm", lambda e: e.archive["id_number"]),
    Column("born_and_retired", "出生日期／\n退休时间", "32mm", _born_and_retired),
    Column("enterprise", "原单位", "33mm", lambda e: e.enterprise, "left"),
    Column("volumes", "档案卷\n（册）数", "15mm", lambda e: str(e.archive.get("volumes", ""))),
    Column("materials", "材料\n份数", "15mm", lambda e: str(e.archive.get("materials", ""))),
    Column("missing_materials", "缺失材料名称及原因", "38mm", _missing_materials, "left"),
    Column("destination", "现住址街道／社区", "34mm", lambda e: e.destination, "left"),
    Column("remark", "备注", "23mm", _remark, "left"),
)


def table(columns: tuple[Column, ...], entries: list[Entry]) -> dict[str, Any]:
    """The columns' layout and one row per entry, for a template's list table."""
    rows = [{column.key: column.format(entry) for column in columns} for entry in entries]
    return {"columns": [column.layout() for column in columns], "rows": rows}


def handover_register(inputs: Inputs, columns: tuple[Column, ...] = HANDOVER_REGISTER) -> dict[str, Any]:
    """移交清册: one row per retiree the county receives."""
    data = inputs.data
    county = data["county"]
    destination = _single_destination(data)
    people = county.get("retirees", [])
    listed = table(columns, [Entry(n, person, destination) for n, person in enumerate(people, start=1)])
    return {
        "title": register_title(inputs),
        "enterprise": inputs.enterprise,
        "government": inputs.county_organisation("receiving_government", "人民政府"),
        "county": county["name"],
        **listed,
        "total": len(people),
        "party_members": sum(row[PARTY_MEMBER_COLUMN] == PARTY_MEMBER for row in listed["rows"]),
        "date": _register_date(inputs),
    }


def archive_transfer_list(
    inputs: Inputs, columns: tuple[Column, ...] = ARCHIVE_TRANSFER_LIST
) -> dict[str, Any]:
    """档案移交清单: the enterprise's list from ``sort_archives``, completed with the register's
    details of each person."""
    data = inputs.data
    listed = inputs.form(archive_handover.SORT)
    archives = listed.get("archives", [])
    return {
        "number": listed.get("list_number", ""),
        "enterprise": inputs.enterprise,
        "archive_department": inputs.county_organisation("archive_department", "档案馆"),
        "county": data["county"]["name"],
        **table(columns, _archive_entries(inputs, archives)),
        "people": len(archives),
        "volumes": sum(a.get("volumes", 0) for a in archives),
        "materials": sum(a.get("materials", 0) for a in archives),
        "date": _iso(inputs.completed_on.get(archive_handover.SORT)),
    }


def archive_receipt(inputs: Inputs) -> dict[str, Any]:
    """档案接收回执: what the archive department accepted, as it recorded it."""
    receipt = inputs.form(archive_handover.RECEIPT)
    return {
        "number": receipt.get("receipt_number", ""),
        "received_on": receipt.get("received_on"),
        "people": receipt.get("people", 0),
        "volumes": receipt.get("volumes", 0),
        "list_number": inputs.form(archive_handover.SORT).get("list_number", ""),
        "enterprise": inputs.enterprise,
        "archive_department": inputs.county_organisation("archive_department", "档案馆"),
        "county": inputs.data["county"]["name"],
        "date": receipt.get("received_on"),
    }


def _archive_entries(inputs: Inputs, archives: list[dict[str, Any]]) -> list[Entry]:
    """The archive list's rows: each archive listed, with the register's person it belongs to."""
    people = {p["id_number"]: p for p in inputs.data["county"].get("retirees", [])}
    supplemented = {s["id_number"]: s.get("action", "") for s in _supplements(inputs)}
    destination = _single_destination(inputs.data)
    return [
        Entry(
            number,
            people.get(archive["id_number"], {}),
            destination,
            archive,
            inputs.enterprise,
            supplemented.get(archive["id_number"]),
        )
        for number, archive in enumerate(archives, start=1)
    ]


def _supplements(inputs: Inputs) -> list[dict[str, Any]]:
    return inputs.form(archive_handover.SUPPLEMENT).get("supplemented") or []


def _single_destination(data: dict[str, Any]) -> str:
    """街道/社区 of everyone when the county allocated all its retirees to one community;
    with several, the register cannot tell who goes where and leaves it to be written in."""
    allocations = (data.get(county_handover.ALLOCATION) or {}).get("allocations") or []
    if len(allocations) != 1:
        return ""
    return f"{allocations[0]['street']}{allocations[0]['community']}"


def _place(code: str | None) -> str:
    if not code:
        return ""
    return divisions.full_name(code) if divisions.is_known(code) else code


def _is_party_member(value: Any) -> bool:
    return value is True or value == PARTY_MEMBER


def _register_date(inputs: Inputs) -> str | None:
    """The register goes with the agreement: its date, else the day the roster was registered."""
    draft = inputs.form(procedures.agreement("specific_agreement").drafted_at)
    return draft.get("signed_on") or _iso(inputs.completed_on.get(retiree_handover_programme.REGISTER))


def _iso(day) -> str | None:
    return day.isoformat() if day else None
