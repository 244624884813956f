"""Whom a task is about — a county, a community, an enterprise, a person — read from its data once,
when its work item opens, so that an inbox row names it and a search finds it without loading
the workflow.

An enterprise's programme holds one framework agreement per prefecture and one hand-over per
county, all with the same task names: without the subject, three rows read "拟定并签署具体移交协议".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: the data keys that name a task's place, most specific first: the item a multi-instance runs for
#: (``county`` in prefecture_handover, ``prefecture`` in the programme) or what a case was started
#: about (``community_org``, ``enterprise``, ``campaign``). Each holds ``{"name", "code"?}``.
PLACE_KEYS = ("county", "community_org", "prefecture", "enterprise", "campaign")


@dataclass(frozen=True)
class Subject:
    """A label to show (``郑州市金水区``, ``郑州市金水区 花园路社区``, ``张三``) and the division code of
    the place (a county's or prefecture's), or None where the data names nothing."""

    label: str | None = None
    code: str | None = None


def subject_of(data: dict[str, Any]) -> Subject:
    """The subject of a task with this data."""
    person = _person(data.get("request"))
    if person:
        return Subject(person)
    place = next((found for key in PLACE_KEYS if (found := _place(data.get(key))).label), Subject())
    community = _community(data.get("allocation"))
    if community and place.label:
        return Subject(f"{place.label} {community}", place.code)
    return place


def _person(request: Any) -> str | None:
    """A per-person case (档案查阅): the person it is about."""
    if isinstance(request, dict) and isinstance(request.get("retiree_name"), str):
        return request["retiree_name"].strip() or None
    return None


def _place(value: Any) -> Subject:
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        return Subject()
    code = value.get("code")
    return Subject(value["name"].strip()[:300] or None, str(code)[:12] if code else None)


def _community(allocation: Any) -> str | None:
    """The community one item of a county's allocation goes to (社区接收退休人员)."""
    if isinstance(allocation, dict) and isinstance(allocation.get("community"), str):
        return allocation["community"].strip() or None
    return None
