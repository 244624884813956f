"""社区管理组织移交协议 — the agreement of the enterprise and the county government on handing
over an enterprise-run community organisation (seed 五(三), 五(四)1): the community and its size,
the county's decision, the staff, and the asset list with each asset's arrangement.

The agreement is signed before the county decides and before the 三供一业 renovation: it says
what is known so far (the decision "once known", the arrangements once the assets step is done)
and the clauses that govern the rest.
"""

from __future__ import annotations

from typing import Any

from engine import procedures
from engine.policy import divisions
from engine.policy.rules import community_size, list_milestones

from .agreements import COPIES, signatures
from .chinese_money import figures
from .sources import Inputs

#: the steps after the agreement whose forms it reports
DECISION, ESTABLISHED, MERGED = "decide_community_arrangement", "establish_community", "merge_into_community"
STAFF_HANDED, STAFF_RECEIVED = "hand_over_community_staff", "receive_community_staff"
ASSETS_HANDED, ASSETS_RECEIVED = "hand_over_assets", "receive_assets"
#: how each asset passes to the community (the hand-over form's ``arrangement``)
ARRANGEMENTS = {"transferred": "移交", "lent": "提供使用"}


def community_agreement(inputs: Inputs) -> dict[str, Any]:
    """The agreement of one community organisation, as far as its case has come."""
    data, draft = inputs.data, _draft(inputs)
    organisation = data["community_org"]
    parties = organisation.get("parties") or {}
    return {
        "number": draft.get("agreement_number", ""),
        "enterprise": inputs.name(parties.get("enterprise"), inputs.enterprise),
        "government": inputs.name(parties.get("receiving_government"), _county_government(organisation)),
        "community": _community(inputs),
        "decision": _decision(inputs),
        "staff": _staff(inputs),
        "assets": _assets(inputs),
        "content": draft.get("content", ""),
        "milestone": next(m for m in list_milestones(data.get("milestones")) if m["code"] == "M3"),
        "copies": COPIES,
        **signatures(inputs, "community_agreement"),
    }


def _draft(inputs: Inputs) -> dict[str, Any]:
    return inputs.form(procedures.agreement("community_agreement").drafted_at)


def _county_government(organisation: dict[str, Any]) -> str:
    code = organisation.get("code", "")
    return f"{divisions.full_name(code)}人民政府" if code.isdigit() else "县（市、区）人民政府"


def _households(inputs: Inputs) -> tuple[int, str]:
    """Households and setting: as the county decided them, else as the enterprise declared."""
    decided, declared = inputs.form(DECISION), inputs.data["community_org"]
    return decided.get("households", declared["households"]), decided.get("setting", declared["setting"])


def _community(inputs: Inputs) -> dict[str, Any]:
    households, setting = _households(inputs)
    return {
        "name": inputs.data["community_org"]["name"],
        **community_size(households, setting),
    }


def _decision(inputs: Inputs) -> dict[str, Any] | None:
    """单独设立 or 并入, once the county has decided (with the new community or the one it joins)."""
    decided = inputs.form(DECISION)
    if not decided:
        return None
    if decided["arrangement"] == "standalone":
        established = inputs.form(ESTABLISHED)
        return {
            "standalone": True,
            "community": established.get("community_name", ""),
            "on": established.get("established_on"),
            "size_exception_reason": decided.get("size_exception_reason", ""),
        }
    merged = inputs.form(MERGED)
    return {
        "standalone": False,
        "community": merged.get("target_community") or decided.get("merged_into", ""),
        "on": merged.get("adjusted_on"),
    }


def _staff(inputs: Inputs) -> dict[str, Any]:
    """五(四)1: the staff a stand-alone community takes by its households; the rest stay."""
    current = inputs.data["community_org"].get("staff", 0)
    # as the decision table (processes/community_staff.dmn) counted them: by the households
    # declared at the start, then by those the county decided
    due = inputs.data.get("community_staff_due", 0)
    handed = inputs.form(STAFF_HANDED)
    received = inputs.form(STAFF_RECEIVED)
    return {
        "current": current,
        "due": due,
        "staying": max(current - due, 0),
        "handed_over": len(handed["staff"]) if "staff" in handed else None,
        "received": received.get("accepted") is True,
    }


def _assets(inputs: Inputs) -> dict[str, Any]:
    """The assets with their arrangements once handed over; before that the list verified in
    the draft, to be handed over after the renovation."""
    handed = inputs.form(ASSETS_HANDED)
    recorded = "assets" in handed
    listed = handed["assets"] if recorded else _draft(inputs).get("assets") or []
    rows = [_asset_row(number, asset) for number, asset in enumerate(listed, start=1)]
    received = inputs.form(ASSETS_RECEIVED)
    days = inputs.data.get("asset_handover_days") or inputs.data["community_org"].get("asset_handover_days")
    return {
        "recorded": recorded,
        "rows": rows,
        "lent": [row for row in rows if row["lent"]],
        "total_value": figures(sum(asset.get("value", 0) for asset in listed)),
        "handed_over_on": handed.get("handed_over_on"),
        "received_on": received.get("received_on") if received.get("accepted") is True else None,
        "renovation_finished_on": inputs.data.get("renovation_finished_on"),
        "due_on": inputs.data.get("assets_due_on"),
        "days": days,
    }


def _asset_row(number: int, asset: dict[str, Any]) -> dict[str, Any]:
    arrangement = asset.get("arrangement")
    return {
        "number": number,
        "name": asset.get("name", ""),
        "kind": asset.get("kind", ""),
        "quantity": f"{_number(asset.get('quantity', ''))}{asset.get('unit', '')}",
        "value": figures(asset.get("value", 0)),
        "location": asset.get("location", ""),
        "arrangement": ARRANGEMENTS.get(arrangement, "待改造完成后移交"),
        "lent": arrangement == "lent",
        "owner": asset.get("owner", ""),
        "lent_from": asset.get("lent_from"),
        "conditions": asset.get("conditions", ""),
    }


def _number(value: Any) -> str:
    """860.0 → 860, 12.5 → 12.5 (a quantity or an area as typed)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
