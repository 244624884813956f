"""The lists of people a county hand-over produces: 移交清册 (the register attached to the
specific agreement), 档案移交清单 (the archive list) and 档案接收回执 (the archive receipt).

Rows are lists of display strings, in column order: a 5,000-row register is a small JSON input
to hash and a plain loop in the template.
"""

from __future__ import annotations

from typing import Any

from engine.policy import divisions

from .agreements import register_title
from .chinese_dates import chinese_date
from .sources import Inputs

PARTY_MEMBER = "是"


def handover_register(inputs: Inputs) -> dict[str, Any]:
    """移交清册: one row per retiree the county receives."""
    data = inputs.data
    county = data["county"]
    destination = _single_destination(data)
    rows = [
        [
            str(number),
            person["name"],
            person["sex"],
            person["id_number"],
            chinese_date(person.get("retirement_date")) if person.get("retirement_date") else "",
            _place(person.get("hukou_code")),
            _place(person.get("residence_code") or person.get("hukou_code")),
            destination,
            PARTY_MEMBER if _is_party_member(person.get("party_member")) else "",
            "、".join(person.get("special_status") or []),
        ]
        for number, person in enumerate(county.get("retirees", []), start=1)
    ]
    return {
        "title": register_title(inputs),
        "enterprise": inputs.enterprise,
        "government": inputs.county_organisation("receiving_government", "人民政府"),
        "county": county["name"],
        "rows": rows,
        "total": len(rows),
        "party_members": sum(row[8] == PARTY_MEMBER for row in rows),
        "date": _register_date(inputs),
    }


def archive_transfer_list(inputs: Inputs) -> dict[str, Any]:
    """档案移交清单: the enterprise's list from ``sort_archives``, completed with the register's
    details of each person."""
    data = inputs.data
    listed = inputs.form("sort_archives")
    people = {p["id_number"]: p for p in data["county"].get("retirees", [])}
    supplemented = {s["id_number"]: s.get("action", "") for s in _supplements(inputs)}
    destination = _single_destination(data)
    enterprise = inputs.enterprise
    archives = listed.get("archives", [])
    rows = [
        _archive_row(number, archive, people.get(archive["id_number"], {}), enterprise, destination)
        + [f"已补充：{supplemented[archive['id_number']]}" if archive["id_number"] in supplemented else ""]
        for number, archive in enumerate(archives, start=1)
    ]
    return {
        "number": listed.get("list_number", ""),
        "enterprise": enterprise,
        "archive_department": inputs.county_organisation("archive_department", "档案馆"),
        "county": data["county"]["name"],
        "rows": rows,
        "people": len(rows),
        "volumes": sum(a.get("volumes", 0) for a in archives),
        "materials": sum(a.get("materials", 0) for a in archives),
        "date": _iso(inputs.completed_on.get("sort_archives")),
    }


def archive_receipt(inputs: Inputs) -> dict[str, Any]:
    """档案接收回执: what the archive department accepted, as it recorded it."""
    receipt = inputs.form("issue_archive_receipt")
    return {
        "number": receipt.get("receipt_number", ""),
        "received_on": receipt.get("received_on"),
        "people": receipt.get("people", 0),
        "volumes": receipt.get("volumes", 0),
        "list_number": inputs.form("sort_archives").get("list_number", ""),
        "enterprise": inputs.enterprise,
        "archive_department": inputs.county_organisation("archive_department", "档案馆"),
        "county": inputs.data["county"]["name"],
        "date": receipt.get("received_on"),
    }


def _archive_row(
    number: int, archive: dict[str, Any], person: dict[str, Any], enterprise: str, destination: str
) -> list[str]:
    born, retired = person.get("birth_date"), person.get("retirement_date")
    return [
        str(number),
        archive.get("name") or person.get("name", ""),
        person.get("sex", ""),
        archive["id_number"],
        "／".join(chinese_date(d) if d else "" for d in (born, retired)),
        enterprise,
        str(archive.get("volumes", "")),
        str(archive.get("materials", "")),
        archive.get("missing_materials") or "无",
        destination,
    ]


def _supplements(inputs: Inputs) -> list[dict[str, Any]]:
    return inputs.form("supplement_archives").get("supplemented") or []


def _single_destination(data: dict[str, Any]) -> str:
    """街道/社区 of everyone when the county allocated all its retirees to one community;
    with several, the register cannot tell who goes where and leaves it to be written in."""
    allocations = (data.get("allocate_to_communities") or {}).get("allocations") or []
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
    draft = inputs.form("draft_specific_agreement")
    return draft.get("signed_on") or _iso(inputs.completed_on.get("register_roster"))


def _iso(day) -> str | None:
    return day.isoformat() if day else None
