"""How the steps of a programme and its county hand-overs move people in the registry, each after
checking its submission against the registry (see ``steps``).

- **登记造册** links the enterprise's registered people not yet in a programme to this case.
- **Allocated** when the county's allocation is submitted with everyone assigned to a community
  or placed under interim management (过渡期管理, ``interim``).
- **Received** when their community confirms them; a person a community does not receive goes
  back to the county's allocation (no community, the reason kept) and stays ``allocated``.
"""

from __future__ import annotations

from sqlalchemy import or_, select, update

from engine.policy.rules import ANNUAL_FEE_PER_RETIREE, county_staff_due, management_fee
from engine.registry import handover
from engine.registry.retirees import Retiree, RosterImport
from engine.registry.steps import (
    Step,
    advance,
    check_figure,
    check_listed,
    each_with_its_text,
    people_where,
    refuse,
)

# -- the programme --------------------------------------------------------------------------------


def link_roster(step: Step) -> None:
    """登记造册: the enterprise's registered people not yet in a programme now belong to this one."""
    enterprise = step.enterprise
    unfinished = step.session.scalar(
        select(RosterImport.filename).where(
            RosterImport.enterprise_org == enterprise, RosterImport.state.in_(("pending", "running"))
        )
    )
    if unfinished:
        refuse("confirmed", f"登记表 {unfinished} 尚未导入完成，请待导入完成后再登记造册")
    free = [Retiree.enterprise_org == enterprise, Retiree.instance_id.is_(None)]
    registered = handover.count(step.session, *free) + handover.count(
        step.session, Retiree.instance_id == step.instance.id
    )
    if registered == 0:
        refuse("confirmed", "登记库中没有本企业尚未造册的退休人员，请先在“退休人员登记”中导入登记表")
    check_figure(step, "retiree_count", "登记人数", registered)
    step.session.execute(
        update(Retiree)
        .where(*free)
        .values(instance_id=step.instance.id, updated_at=step.now)
        .execution_options(synchronize_session=False)
    )


def registered_count(session, enterprise: str) -> int:
    """The enterprise's registered people not yet in a programme (what 登记造册 would take)."""
    return handover.count(session, Retiree.enterprise_org == enterprise, Retiree.instance_id.is_(None))


# -- the county hand-over -------------------------------------------------------------------------


def specific_drafted(step: Step) -> None:
    """具体移交协议: the retirees are the registry's; the staff no fewer than the county's share of
    the enterprise's, unless both sides agreed fewer and say why."""
    check_figure(step, "retiree_count", "移交退休人员数", people_where(step))
    typed = step.data.get("staff_to_hand_over")
    due = county_staff_due(step.task_data["county"])
    if isinstance(typed, int) and not isinstance(typed, bool):
        check_not_fewer(
            step,
            typed < due,
            "staff_to_hand_over",
            f"填写的移交管理服务人员数 {typed} 人少于应移交的{due}人"
            "（按企业移交的退休人员总数每300名配备1名，分配到本县）；如双方协商一致少于此数，请写明原因",
            "staff_shortfall_reason",
        )


def staff_handed_over(step: Step) -> None:
    """移交管理服务人员: as many as the specific agreement says, unless both sides agreed fewer."""
    agreed = (step.task_data.get("draft_specific_agreement") or {}).get("staff_to_hand_over")
    listed = len(step.rows("staff"))
    if isinstance(agreed, int) and not isinstance(agreed, bool):
        check_not_fewer(
            step,
            listed < agreed,
            "staff",
            f"移交人员名单 {listed} 人，少于具体移交协议约定的 {agreed} 人；"
            "如双方协商一致少于此数，请在“少于协议人数的原因”中写明",
            "shortfall_reason",
        )


def check_not_fewer(step: Step, fewer: bool, field: str, message: str, reason_field: str) -> None:
    """Fewer than due is refused on ``field`` with ``message`` unless ``reason_field`` says why."""
    if fewer and not str(step.data.get(reason_field) or "").strip():
        refuse(field, message)


def agreement_signed(step: Step) -> None:
    if step.data.get("approved") is True:
        advance(step, "in_agreement")


def data_verified(step: Step) -> None:
    scope = step.scope
    listed = [row.get("id_number") for row in step.rows("corrections")]
    check_listed(
        step, "corrections", handover.id_numbers_in(step.session, scope, listed), "本县接收名单中的人员"
    )
    if step.data.get("all_correct") is True:
        advance(step, "verified")


def allocation_accepted(step: Step) -> None:
    """分解落实: refused while anyone is unassigned (named); everyone assigned to a community or
    placed under interim management is ``allocated``."""
    unassigned = [handover.unassigned()]
    if people_where(step, *unassigned):
        scope = step.scope
        who = handover.names(step.session, *scope.where(), *unassigned)
        refuse(
            "",
            f"还有 {people_where(step, *unassigned)} 人未分解到社区：{who}。请在人员名单中逐人分解后再提交",
        )
    placed = or_(Retiree.community_org.is_not(None), Retiree.interim_manager_org.is_not(None))
    advance(step, "allocated", placed, returned_reason=None)


def reception_reported(step: Step) -> None:
    """社区接收: the community's people are received, but those it lists as not received, who go
    back to the county's allocation with the reason."""
    community = step.item.owner_org
    mine = [Retiree.community_org == community, Retiree.status == "allocated"]
    listed = [row.get("id_number") for row in step.rows("not_received")]
    allowed = handover.id_numbers_in(step.session, step.scope, listed, *mine)
    check_listed(step, "not_received", allowed, "分配到本社区、待接收的人员")
    check_figure(step, "received_count", "接收人数", people_where(step, *mine) - len(set(listed)))
    # those not received leave the community first, so ``mine`` is then exactly those received
    each_with_its_text(step, step.rows("not_received"), "returned_reason", "reason", community_org=None)
    advance(step, "received", *mine, received_on=step.today)


def party_transferred(step: Step) -> None:
    check_figure(step, "party_member_count", "党员人数", people_where(step, Retiree.party_member.is_(True)))


def party_received(step: Step) -> None:
    check_figure(step, "received_count", "接收党员人数", people_where(step, Retiree.party_member.is_(True)))


def fee_planned(step: Step) -> None:
    """拨付计划: its instalments add up to the year's fee for the county's registered people, at
    the year's rate (``management_fee_rate.dmn``); each falls in the fee's year."""
    retirees = people_where(step)
    rate = step.task_data.get("fee_per_retiree", ANNUAL_FEE_PER_RETIREE)
    fee = management_fee(retirees, 12, rate)
    planned = sum(row.get("amount") or 0 for row in step.rows("instalments"))
    if planned != fee:
        refuse(
            "instalments",
            f"各期金额合计 {planned} 元与年度管理费用 {fee} 元（登记库 {retirees} 人 × {rate} 元）不符",
        )
    year = step.task_data.get("fee_year")
    dates = [str(row.get("due_on", "")) for row in step.rows("instalments")]
    outside = [day for day in dates if year and not day.startswith(f"{year}-")]
    if outside:
        message = f"拨付日期 {'、'.join(outside)} 不在 {year} 年度内：每年度的费用在本年度内分期拨付"
        refuse("instalments", message)


def county_confirmed(step: Step) -> None:
    """确认本县移交完成: only when everyone is received (or under interim management, until a
    community can: ``interim``) and every archive accepted (or excepted)."""
    figures = handover.figures(step.session, step.scope)
    if figures.received + figures.interim < figures.retirees:
        interim = f"、过渡期管理 {figures.interim} 人" if figures.interim else ""
        refuse("", f"本县 {figures.retirees} 人中社区已接收 {figures.received} 人{interim}，尚未全部接收")
    if figures.archives_accepted < figures.retirees:
        refuse("", f"本县 {figures.retirees} 人中档案已接收 {figures.archives_accepted} 人，尚未全部接收")
