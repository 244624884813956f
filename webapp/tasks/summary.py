"""The case summary on a task page: parties by name and the figures an official checks."""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.directory.organisations import organisation_names
from engine.directory.roles import ROLE_NAMES

#: (label, path into the case data) of figures worth showing when present
KEY_FIGURES = (
    ("移交企业", ("enterprise", "name")),
    ("接收县（市、区）", ("county", "name")),
    ("本县移交人数", ("county", "retiree_count")),
    ("其中党员", ("county", "party_member_count")),
    ("本县人数（登记库，接收后）", ("county_figures", "retirees")),
    ("社区已接收", ("county_figures", "received")),
    ("户籍与常住地不一致", ("county_figures", "hukou_differ")),
    ("其中愿意迁入居住地", ("county_figures", "hukou_move_wanted")),
    ("其中已迁入", ("county_figures", "hukou_moved")),
    ("过渡期管理", ("county_figures", "interim")),
    ("过渡期最早到期", ("county_figures", "interim_until")),
    ("过渡期管理人数", ("interim", "people")),
    ("过渡期最早到期", ("interim", "until")),
    ("应移交管理服务人员", ("staff_due",)),
    ("费用年度", ("fee_year",)),
    ("每人每年（元）", ("fee_per_retiree",)),
    ("本县人数（登记库）", ("fee_retirees",)),
    ("年度管理费用（元）", ("fee_annual",)),
    ("费用承担", ("fee_payer",)),
    ("本期计划拨付日期", ("instalment", "due_on")),
    ("本期计划金额（元）", ("instalment", "amount")),
    ("本年度计划合计（元）", ("fee_planned",)),
    ("签约政府", ("prefecture", "name")),
    ("登记总人数", ("roster_summary", "total")),
    ("移交人数", ("roster_summary", "handed_over")),
    ("社区管理组织", ("community_org", "name")),
    ("社区居民户数", ("community_size", "households")),
    ("社区规模", ("community_size", "target")),
    ("规模核对", ("community_size", "verdict")),
    ("核定移交工作人员", ("community_staff_due",)),
    ("查阅（复制）人", ("request", "retiree_name")),
    ("死者姓名", ("person", "name")),
    ("身份证号", ("person", "id_number")),
    ("死亡日期", ("person", "died_on")),
    ("报告来源", ("death", "source")),
    ("停发月份（死亡次月）", ("death", "stop_from")),
    ("节点", ("milestone", "title")),
    ("转移人员", ("retiree", "name")),
    ("身份证号", ("retiree", "id_number")),
    ("现所在社区", ("retiree", "community")),
    ("迁入地", ("transfer", "to_county_name")),
    ("接收社区", ("transfer", "to_community_name")),
    ("新常住地址", ("transfer", "new_address")),
    ("转移原因", ("transfer", "reason")),
)


def dig(data: dict, path: tuple[str, ...]):
    """The value at ``path`` in nested case data (None where any key is missing)."""
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def case_summary(session: Session, view) -> dict:
    parties = dict(view.case.parties)
    local = view.data.get("parties")
    if isinstance(local, dict):
        parties.update(local)
    names = organisation_names(session, parties.values())
    figures = [(label, value) for label, path in KEY_FIGURES if (value := dig(view.data, path)) is not None]
    return {
        "parties": [(ROLE_NAMES.get(role, role), names.get(org, org)) for role, org in parties.items()],
        "figures": figures,
    }
