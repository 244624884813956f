"""移交管理服务人员名单: the retiree-management staff the enterprise hands over to a county, each
with their previous pay, the local pay the county set on receiving them, and the difference the
enterprise pays (seed 五(四)3: "移交后薪酬待遇低于移交前原企业的，差额部分由原企业支付").

Its columns are declared once, below, like the registers' (``listing``): the PDF and the xlsx
are both written from them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from engine.policy.rules import pay_difference

from .chinese_dates import chinese_date
from .chinese_money import figures
from .listing import Column, Listing
from .paging import Frame
from .sources import Inputs

#: the tasks the list is made from: the enterprise's hand-over, the county's reception
HANDED_OVER, RECEIVED = "hand_over_management_staff", "receive_management_staff"


@dataclass(frozen=True)
class Member:
    """One row: a staff member as the enterprise listed them, and the local monthly pay the
    county set for everyone it received (None while it has not received them)."""

    number: int
    listed: dict[str, Any]
    local: float | None

    @property
    def previous(self) -> float:
        return self.listed.get("previous_monthly_salary", 0)

    @property
    def difference(self) -> float:
        """What the enterprise pays them each month (0 before the county set the local pay)."""
        return pay_difference(self.previous, self.local)


def _once_received(member: Member, amount: float) -> str:
    """An amount that exists only once the county set the local pay ("" before)."""
    return "" if member.local is None else figures(amount)


#: seven columns, 267 mm — the landscape A4 page between its margins
STAFF_LIST: tuple[Column, ...] = (
    Column("number", "序号", "12mm", lambda m: str(m.number)),
    Column("name", "姓名", "28mm", lambda m: m.listed.get("name", "")),
    Column("id_number", "公民身份号码", "45mm", lambda m: m.listed.get("id_number", "")),
    Column("position", "岗位", "52mm", lambda m: m.listed.get("position", "")),
    Column("previous", "原月工资\n（元）", "40mm", lambda m: figures(m.previous)),
    Column("local", "接收后月工资\n（元）", "40mm", lambda m: _once_received(m, m.local)),
    Column("difference", "差额\n（原企业支付，元/月）", "50mm", lambda m: _once_received(m, m.difference)),
)


def staff_list(inputs: Inputs, columns: tuple[Column, ...] = STAFF_LIST) -> dict[str, Any]:
    """移交管理服务人员名单: one row per staff member the enterprise hands over."""
    handed_over, received = inputs.form(HANDED_OVER), inputs.form(RECEIVED)
    local = received.get("local_monthly_salary") if received.get("accepted") else None
    listed = handed_over.get("staff") or []
    members = partial(_members, listed, local)
    return {
        "title": f"{inputs.data['county']['name']}接收管理服务人员名单",
        "enterprise": inputs.enterprise,
        "government": inputs.county_organisation("receiving_government", "人民政府"),
        "listing": Listing(columns, members, len(listed)),
        "total": len(listed),
        "received": local is not None,
        "monthly_difference": figures(round(sum(m.difference for m in members()), 2)),
        "shortfall_reason": handed_over.get("shortfall_reason", ""),
        "notes": handed_over.get("notes", ""),
    }


def staff_list_frame(doc: dict[str, Any]) -> Frame:
    """What the list says around its rows (its title, parties, totals and signatures), as the
    .xlsx writes it; the PDF's table template says the same (with the pay rule and the notes)."""
    pays = (
        f"原企业每月支付差额合计 {doc['monthly_difference']} 元"
        if doc["received"]
        else "接收后月工资待接收地核定"
    )
    return Frame(
        title=doc["title"],
        heading=(f"移交单位：{doc['enterprise']}", f"接收单位：{doc['government']}", f"共 {doc['total']} 人"),
        totals=f"合计：共 {doc['total']} 人；{pays}。",
        signatures=tuple(
            (f"{role}（盖章）：{name}", "经办人：", "负责人：", f"日期：{chinese_date(None)}")
            for role, name in (("移交单位", doc["enterprise"]), ("接收单位", doc["government"]))
        ),
    )


def _members(listed: list[dict[str, Any]], local: float | None) -> Iterator[Member]:
    for number, member in enumerate(listed, start=1):
        yield Member(number, member, local)
