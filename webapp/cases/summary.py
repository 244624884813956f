"""The case page's summary (案件概况): readable figures instead of the case data. A programme lists
its receiving counties with their counts, from the case, and how far each has come, from the
registry; nobody's name or ID number is on it. Administrators may open the case data as JSON, with
every ID number and phone in it masked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from engine.registry import handover
from engine.registry.access import mask_all

from ..tasks.summary import dig

PHONE = re.compile(r"(?<![0-9])(1[3-9][0-9]{9}|0[0-9]{2,3}-[0-9]{7,8})(?![0-9])")
#: (label, path into the case data) of the case's own figures
CASE_FIGURES = (
    ("移交企业", ("enterprise", "name")),
    ("登记总人数", ("roster_summary", "total")),
    ("移交人数", ("roster_summary", "handed_over")),
    ("其中省外户籍", ("roster_summary", "out_of_province_hukou")),
    ("接收县（市、区）数", ("roster_summary", "counties")),
    ("社区管理组织", ("community_org", "name")),
    ("时间节点督办", ("campaign", "name")),
)


#: the registry's figures a county's row shows besides its people (``handover.CountyFigures``)
COUNTY_FIGURES = (
    "party_members", "received", "archives_accepted", "hukou_differ", "hukou_move_wanted", "hukou_moved",
    "interim", "interim_until",
)  # fmt: skip


@dataclass
class CountyRow:
    code: str
    name: str
    retirees: int
    party_members: int
    received: int
    archives_accepted: int
    #: 户籍迁移: hukou and residence differ, want the move, moved
    hukou_differ: int = 0
    hukou_move_wanted: int = 0
    hukou_moved: int = 0
    #: 过渡期管理: under interim management, and the earliest end of it
    interim: int = 0
    interim_until: str | None = None


@dataclass
class CaseSummary:
    figures: list[tuple[str, Any]] = field(default_factory=list)
    counties: list[CountyRow] = field(default_factory=list)


def summary(session: Session, case_id: int, data: dict[str, Any]) -> CaseSummary:
    figures = [(label, value) for label, path in CASE_FIGURES if (value := dig(data, path)) is not None]
    excluded = dig(data, ("roster_summary", "excluded"))
    if isinstance(excluded, dict):
        figures += [(f"不移交：{category}", number) for category, number in excluded.items() if number]
    rows = []
    for county in data.get("counties") or []:
        if not isinstance(county, dict) or not isinstance(county.get("code"), str):
            continue
        now = handover.figures(session, handover.CountyScope(case_id, county["code"])).as_data()
        counted = {key: now[key] for key in COUNTY_FIGURES}
        rows.append(CountyRow(county["code"], county.get("name", ""), now["retirees"], **counted))
    return CaseSummary(figures, rows)


def masked(value: Any) -> Any:
    """The case data with every ID number and phone in it masked (for the administrators' view)."""
    if isinstance(value, dict):
        return {key: masked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [masked(item) for item in value]
    if isinstance(value, str):
        value = mask_all(value)
        return PHONE.sub(lambda m: m.group(0)[:3] + "****" + m.group(0)[-2:], value)
    return value
