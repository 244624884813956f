"""What the two agreements say, from the case data: 具体移交协议 (enterprise ↔ county government)
and 移交框架协议 (enterprise ↔ 省辖市 / 省直管县(市) government).

Each builder returns plain JSON (the template's context and the input of the document's hash);
the wording of the clauses is in the templates, the figures come from here.
"""

from __future__ import annotations

from typing import Any

from engine import procedures
from engine.policy import divisions
from engine.policy.rules import county_staff_due, list_milestones, management_fee

from .chinese_money import figures, uppercase
from .sources import Inputs

PAYERS = {"central": "中央财政", "provincial": "省级财政"}
#: copies of an agreement: one for each party, one for the prefecture, one for the office
COPIES = "四"


def specific_agreement(inputs: Inputs) -> dict[str, Any]:
    """具体移交协议 of one county, from its draft (and the county's signature once signed)."""
    data, draft = inputs.data, inputs.form(procedures.agreement("specific_agreement").drafted_at)
    county = data["county"]
    fee = data.get("fee_annual", management_fee(county["retiree_count"], 12))
    return {
        "number": draft.get("agreement_number", ""),
        "enterprise": inputs.enterprise,
        "government": inputs.county_organisation("receiving_government", "人民政府"),
        "county": county["name"],
        "prefecture_government": _prefecture_government(inputs, county),
        "retirees": county["retiree_count"],
        "party_members": county.get("party_member_count", 0),
        "staff": draft.get("staff_to_hand_over", county_staff_due(county)),
        "staff_shortfall_reason": draft.get("staff_shortfall_reason", ""),
        "fee": _fee(fee, data.get("fee_payer")),
        "milestones": _milestones(data, ("M2", "M3", "M4")),
        "content": draft.get("content", ""),
        "requirements": draft.get("requirements", ""),
        "time_nodes": draft.get("time_nodes", ""),
        "register": register_title(inputs),
        "copies": COPIES,
        **signatures(inputs, "specific_agreement"),
    }


def framework_agreement(inputs: Inputs) -> dict[str, Any]:
    """移交框架协议 of one prefecture (or directly administered county), with its counties."""
    data, draft = inputs.data, inputs.form(procedures.agreement("framework_agreement").drafted_at)
    prefecture = data["prefecture"]
    counties = [_county_row(c) for c in data.get("counties", []) if c["code"] in prefecture["county_codes"]]
    retirees = sum(c["retirees"] for c in counties)
    return {
        "number": draft.get("agreement_number", ""),
        "enterprise": inputs.enterprise,
        "government": inputs.name(prefecture.get("government"), f"{prefecture['name']}人民政府"),
        "prefecture": prefecture["name"],
        "directly_administered": bool(prefecture.get("directly_administered")),
        "counties": counties,
        "totals": {
            "retirees": retirees,
            "party_members": sum(c["party_members"] for c in counties),
            "staff": sum(c["staff"] for c in counties),
            "fee": figures(sum(c["fee"] for c in counties)),
        },
        "fee": _fee(management_fee(retirees, 12), data.get("fee_payer")),
        "milestones": _milestones(data, ("M1", "M2", "M3", "M4")),
        "content": draft.get("content", ""),
        "responsibilities": draft.get("responsibilities", ""),
        "copies": COPIES,
        **signatures(inputs, "framework_agreement"),
    }


def register_title(inputs: Inputs) -> str:
    """The register's title, which the specific agreement names as its annex."""
    return f"{inputs.data['county']['name']}接收{inputs.enterprise}退休人员移交清册"


def _prefecture_government(inputs: Inputs, county: dict[str, Any]) -> str:
    code = county.get("prefecture_code") or divisions.prefecture_of(county["code"])
    for prefecture in inputs.data.get("prefectures") or []:
        if prefecture["code"] == code:
            return inputs.name(prefecture.get("government"), f"{prefecture['name']}人民政府")
    return f"{divisions.name(code)}人民政府"


def _county_row(county: dict[str, Any]) -> dict[str, Any]:
    retirees = county["retiree_count"]
    return {
        "name": county["name"],
        "retirees": retirees,
        "party_members": county.get("party_member_count", 0),
        "staff": county_staff_due(county),
        "fee": management_fee(retirees, 12),
        "fee_text": figures(management_fee(retirees, 12)),
    }


def _fee(annual: int, payer: str | None) -> dict[str, Any]:
    return {"annual": figures(annual), "uppercase": uppercase(annual), "payer": PAYERS.get(payer or "")}


def _milestones(data: dict[str, Any], codes: tuple[str, ...]) -> list[dict[str, str]]:
    return [m for m in list_milestones(data.get("milestones")) if m["code"] in codes]


def signatures(inputs: Inputs, kind: str) -> dict[str, Any]:
    """Who signed for each side and when; the document's date is the later signature."""
    steps = procedures.agreement(kind)
    draft, review = inputs.form(steps.drafted_at), inputs.form(steps.signed_at)
    signed = review.get("approved") is True
    government_on = review.get("signed_on") if signed else None
    dates = [d for d in (draft.get("signed_on"), government_on) if d]
    return {
        "enterprise_signer": draft.get("signed_by", ""),
        "enterprise_signed_on": draft.get("signed_on"),
        "government_signer": review.get("signed_by", "") if signed else "",
        "government_signed_on": government_on,
        "date": max(dates) if dates else None,
    }
