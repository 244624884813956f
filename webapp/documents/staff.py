"""移交管理服务人员名单: the retiree-management staff the enterprise hands over to a county, each
with their previous pay, the local pay the county set on receiving them, and the difference the
enterprise pays (seed 五(四)3: "移交后薪酬待遇低于移交前原企业的，差额部分由原企业支付")."""

from __future__ import annotations

from typing import Any

from engine.policy.rules import pay_difference

from .chinese_money import figures
from .sources import Inputs

#: the tasks the list is made from: the enterprise's hand-over, the county's reception
HANDED_OVER, RECEIVED = "hand_over_management_staff", "receive_management_staff"


def staff_list(inputs: Inputs) -> dict[str, Any]:
    handed_over, received = inputs.form(HANDED_OVER), inputs.form(RECEIVED)
    local = received.get("local_monthly_salary") if received.get("accepted") else None
    rows = []
    for number, member in enumerate(handed_over.get("staff") or [], start=1):
        previous = member.get("previous_monthly_salary", 0)
        difference = pay_difference(previous, local)
        rows.append(
            {
                "number": number,
                "name": member.get("name", ""),
                "id_number": member.get("id_number", ""),
                "position": member.get("position", ""),
                "previous": figures(previous),
                "local": figures(local) if local is not None else "",
                "difference": figures(difference) if local is not None else "",
                "difference_value": difference,
            }
        )
    return {
        "title": f"{inputs.data['county']['name']}接收管理服务人员名单",
        "enterprise": inputs.enterprise,
        "government": inputs.county_organisation("receiving_government", "人民政府"),
        "rows": rows,
        "total": len(rows),
        "received": local is not None,
        "monthly_difference": figures(round(sum(row["difference_value"] for row in rows), 2)),
        "shortfall_reason": handed_over.get("shortfall_reason", ""),
        "notes": handed_over.get("notes", ""),
    }
