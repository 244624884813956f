"""转移 (四(一)) as the registry sees it: each transfer case keeps one ``RetireeTransfer`` row
(opened with the case); its steps record the answers, and the step that ends a transfer moves the
person — their community (and, between counties, their county: their 管理) and address change,
each change a row of the person's history (``changes.record``). Who sees the person follows from
those columns (``engine.registry.access``): the receiving county and community from then on, the
sending ones no longer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.aftercare import changes
from engine.aftercare.transfers.cases import RetireeTransfer, receiving_community, refuse
from engine.registry.retirees import Retiree
from engine.registry.steps import Step
from engine.workflow.events import CaseStarted


def opened(kind: str) -> Callable[[CaseStarted], None]:
    """The case's row, from the data it opened with (``transfer_cases.asked``)."""

    def add(event: CaseStarted) -> None:
        transfer = event.data["transfer"]
        event.session.add(
            RetireeTransfer(
                instance_id=event.instance.id,
                retiree_id=transfer["retiree_id"],
                kind=kind,
                from_community=transfer["from_community"],
                to_community=transfer.get("to_community"),
                from_county=transfer["from_county"],
                to_county=transfer["to_county"],
                new_address=transfer["new_address"],
                reason=transfer["reason"],
                asked_on=date.fromisoformat(transfer["asked_on"]),
                state="asked",
            )
        )
        event.session.flush()

    return add


#: process key → what opening one of its cases records
STARTED: dict[str, Callable[[CaseStarted], None]] = {
    "community_transfer": opened("community"),
    "county_transfer": opened("county"),
}


def transfer_of(session: Session, instance_id: int) -> RetireeTransfer:
    return session.scalars(select(RetireeTransfer).where(RetireeTransfer.instance_id == instance_id)).one()


def _living(step: Step, transfer: RetireeTransfer, field: str) -> Retiree:
    """The person, still living and still with the sending community (else the step is refused:
    answer no instead)."""
    person = step.session.get(Retiree, transfer.retiree_id)
    if person.status == "deceased":
        refuse(field, f"{person.name} 已故（{person.died_on}），不能转入，请选择不接收并说明")
    if person.community_org != transfer.from_community:
        refuse(field, f"{person.name} 已不在原社区，本次转移不能再办理，请选择不接收并说明")
    return person


def _refused(transfer: RetireeTransfer, step: Step) -> None:
    transfer.state = "refused"
    transfer.refused_reason = str(step.data.get("reason") or "")[:300]
    transfer.done_on = step.today


def _move(step: Step, transfer: RetireeTransfer, person: Retiree, **values: str) -> None:
    """The person moves: history rows, then the transfer is done."""
    why = f"{'社区间转移' if transfer.kind == 'community' else '跨县（市、区）迁移'}：{transfer.reason}"
    values = {**values, "community_org": transfer.to_community, "address": transfer.new_address}
    who = step.item.claimed_by or "system"
    changes.record(step.session, person, values, why, who, step.now, step.instance.id, step.item.owner_org)
    transfer.state = "done"
    transfer.done_on = step.today


def _community_answered(step: Step) -> None:
    """The receiving community of the same county accepts (the person is theirs) or refuses."""
    transfer = transfer_of(step.session, step.instance.id)
    if not step.data.get("accepted"):
        _refused(transfer, step)
        return
    _move(step, transfer, _living(step, transfer, "accepted"))


def _county_answered(step: Step) -> None:
    """The receiving county government allocates a community of its own, or refuses (the case
    ends, nothing moves)."""
    transfer = transfer_of(step.session, step.instance.id)
    if not step.data.get("accepted"):
        _refused(transfer, step)
        return
    _living(step, transfer, "accepted")
    community = receiving_community(
        step.session, step.data.get("community_org"), transfer.to_county, "community_org"
    )
    transfer.to_community = community.id


def _county_received(step: Step) -> None:
    """The allocated community receives the person, or returns them to the allocation."""
    transfer = transfer_of(step.session, step.instance.id)
    if step.data.get("received"):
        _living(step, transfer, "received")
    else:
        transfer.to_community = None


def _archive_sent(step: Step) -> None:
    sent_on = date.fromisoformat(step.data["sent_on"])
    if sent_on > step.today:
        refuse("sent_on", f"移交日期 {sent_on} 晚于今天")


def _county_done(step: Step) -> None:
    """The receiving archive department's receipt: the volumes must be the list's; then the
    person's county, community and address change."""
    transfer = transfer_of(step.session, step.instance.id)
    listed = step.task_data.get("send_transfer_archive") or {}
    sent, received = listed.get("volumes"), step.data.get("volumes")
    if received != sent:
        refuse("volumes", f"接收的档案卷数 {received} 卷与移交清单的 {sent} 卷不符")
    received_on = date.fromisoformat(step.data["received_on"])
    if received_on > step.today:
        refuse("received_on", f"接收日期 {received_on} 晚于今天")
    if listed.get("sent_on") and received_on < date.fromisoformat(listed["sent_on"]):
        refuse("received_on", f"接收日期 {received_on} 早于移交日期 {listed['sent_on']}")
    person = _living(step, transfer, "received_on")
    _move(step, transfer, person, destination_code=transfer.to_county, residence_code=transfer.to_county)


#: what completing a task records (``engine.procedures.Step.record`` → the function)
RECORDS: dict[str, Callable[[Step], None]] = {
    "community_transfer_answered": _community_answered,
    "county_transfer_answered": _county_answered,
    "county_transfer_received": _county_received,
    "transfer_archive_sent": _archive_sent,
    "county_transfer_done": _county_done,
}
