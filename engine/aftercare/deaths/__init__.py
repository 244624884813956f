"""死亡报告 (四(七)) as the registry and the supervisors see it: each case keeps one ``DeathReport``
row (opened with the case), its steps record the confirmation, the pension stopped (the person
becomes 已故 with the date, out of every active list), the family's application, the grants
decided and the family told; ``figures`` counts them per county for the supervisors' report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from sqlalchemy import and_, case, func, select, update
from sqlalchemy.orm import Session

from engine.aftercare.deaths import people as death_people
from engine.aftercare.deaths.reports import DeathReport
from engine.procedures import death_report
from engine.registry.retirees import Retiree
from engine.registry.steps import Step, refuse
from engine.workflow.documents import Document
from engine.workflow.events import CaseStarted


def opened(event: CaseStarted) -> None:
    """The case's row, from the data it opened with (``death_report.opening``). A case started
    with other data (the API's raw start) is refused: its person must be the parties'."""
    death, person = event.data.get("death"), event.data.get("person")
    parties = event.instance.parties
    retiree = event.session.get(Retiree, death.get("retiree_id")) if isinstance(death, dict) else None
    if (
        not isinstance(person, dict)
        or retiree is None
        or (
            (retiree.community_org, retiree.enterprise_org)
            != (parties.get("community"), parties.get("enterprise"))
        )
    ):
        refuse("data", "死亡报告须由社区通过报告表单或由经办机构通过民政死亡名单开启")
    listed = death.get("death_list") or {}
    event.session.add(
        DeathReport(
            instance_id=event.instance.id,
            retiree_id=death["retiree_id"],
            community_org=event.instance.parties["community"],
            county_code=death["county_code"],
            died_on=date.fromisoformat(person["died_on"]),
            source=death["source"],
            reported_on=date.fromisoformat(death["reported_on"]),
            pension_due=death_report.due(death, "pension"),
            grants_due=death_report.due(death, "grants"),
            death_list_id=listed.get("id"),
            death_list_row=listed.get("row"),
            created_at=event.now,
        )
    )
    event.session.flush()


#: process key → what opening one of its cases records
STARTED: dict[str, Callable[[CaseStarted], None]] = {"death_report": opened}


def report_of(session: Session, instance_id: int) -> DeathReport:
    return session.scalars(select(DeathReport).where(DeathReport.instance_id == instance_id)).one()


def _confirmed(step: Step) -> None:
    """核实: a report of the community's own needs the death certificate uploaded on this task;
    one from the civil affairs list may go without (民政 has seen the death)."""
    report = report_of(step.session, step.instance.id)
    if not step.data.get("confirmed"):
        report.withdrawn = True
        return
    if report.source == "社区" and not _has_upload(step):
        refuse("confirmed", "请先在本页上传死亡证明（医学死亡证明、火化证明或注销户口证明），再确认")
    report.confirmed_on = step.today


def _has_upload(step: Step) -> bool:
    found = step.session.scalar(
        select(func.count())
        .select_from(Document)
        .where(Document.work_item_id == step.item.id, Document.kind == "upload")
    )
    return bool(found)


def _pension_stopped(step: Step) -> None:
    """停发: from the month after the death and no other; the person becomes 已故."""
    report = report_of(step.session, step.instance.id)
    expected = death_people.first_month_without_pension(report.died_on)
    typed = step.data.get("stop_from")
    if typed != expected:
        refuse("stop_from", f"停发月份应为死亡次月 {expected}（死亡日期 {report.died_on}），不能填 {typed}")
    report.pension_stopped_from = date.fromisoformat(f"{expected}-01")
    report.pension_stopped_on = step.today
    step.session.execute(
        update(Retiree)
        .where(Retiree.id == report.retiree_id, Retiree.status == "received")
        .values(status="deceased", died_on=report.died_on, updated_at=step.now)
        .execution_options(synchronize_session=False)
    )


def _application(step: Step) -> None:
    report_of(step.session, step.instance.id).family_applied = bool(step.data.get("applied"))


def _grants(step: Step) -> None:
    report = report_of(step.session, step.instance.id)
    report.funeral_grant = step.data["funeral_grant"]
    report.survivor_pension = step.data["survivor_pension"]
    report.grants_decided_on = step.today


def _told(step: Step) -> None:
    report = report_of(step.session, step.instance.id)
    told_on = date.fromisoformat(step.data["told_on"])
    if told_on > step.today:
        refuse("told_on", f"告知日期 {told_on} 晚于今天")
    if report.grants_decided_on and told_on < report.grants_decided_on:
        refuse("told_on", f"告知日期 {told_on} 早于核定日期 {report.grants_decided_on}")
    report.family_told_on = told_on


#: what completing a task records (``engine.procedures.Step.record`` → the function)
RECORDS: dict[str, Callable[[Step], None]] = {
    "death_confirmed": _confirmed,
    "pension_stopped": _pension_stopped,
    "survivor_application": _application,
    "survivor_grants": _grants,
    "family_told": _told,
}


def figures(session: Session, county_codes: Sequence[str] | None, year: int) -> dict[str, dict[str, int]]:
    """County code → deaths reported in ``year`` (withdrawn reports not counted), pensions
    stopped by their deadline, grants decided and decided by their deadline."""
    in_time = func.sum(case((DeathReport.pension_stopped_on <= DeathReport.pension_due, 1), else_=0))
    decided = func.count(DeathReport.grants_decided_on)
    grants_in_time = func.sum(case((DeathReport.grants_decided_on <= DeathReport.grants_due, 1), else_=0))
    where = [
        DeathReport.withdrawn.is_(False),
        and_(DeathReport.reported_on >= date(year, 1, 1), DeathReport.reported_on <= date(year, 12, 31)),
    ]
    if county_codes is not None:
        where.append(DeathReport.county_code.in_(list(county_codes)))
    rows = session.execute(
        select(DeathReport.county_code, func.count(), in_time, decided, grants_in_time)
        .where(*where)
        .group_by(DeathReport.county_code)
    ).all()
    found = {
        code: {
            "reported": int(n),
            "pension_stopped_in_time": int(stopped or 0),
            "grants_recorded": int(granted or 0),
            "grants_in_time": int(timely or 0),
        }
        for code, n, stopped, granted, timely in rows
    }
    empty = {"reported": 0, "pension_stopped_in_time": 0, "grants_recorded": 0, "grants_in_time": 0}
    return (
        {code: found.get(code, dict(empty)) for code in county_codes} if county_codes is not None else found
    )
