"""Who may be reported dead, and by whom (死亡报告的对象): a registry person received by a community
and living, reported with a date not in the future, without a death report already open. Read by
the procedure's start (a community's report) and by the civil affairs list (民政死亡名单), so the
two refuse the same people with the same words.

Imports no procedure: ``engine.procedures.death_report`` reads this module."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.aftercare.deaths.reports import DeathReport
from engine.directory.organisations import Organisation
from engine.registry.retirees import Retiree
from engine.workflow.models import ProcessInstance


def open_report(session: Session, retiree_id: int) -> DeathReport | None:
    """The person's death report whose case is still running (None: none)."""
    return session.scalar(
        select(DeathReport)
        .join(ProcessInstance, ProcessInstance.id == DeathReport.instance_id)
        .where(DeathReport.retiree_id == retiree_id, ProcessInstance.status == "running")
        .limit(1)
    )


def refusal(session: Session, retiree: Retiree, died_on: date, today: date) -> tuple[str, str] | None:
    """Why this person cannot be reported dead on ``died_on``: the start form's field and the
    reason in Chinese; None when they can."""
    if retiree.status == "deceased":
        return "retiree_id", f"{retiree.name} 已故（{retiree.died_on}），不能再次报告"
    if retiree.status != "received" or retiree.community_org is None:
        return "retiree_id", f"{retiree.name} 尚未由社区接收，不在社区服务名单中"
    if died_on > today:
        return "died_on", f"死亡日期 {died_on} 晚于今天，不能报告"
    if died_on < retiree.birth_date:
        return "died_on", f"死亡日期 {died_on} 早于出生日期 {retiree.birth_date}"
    found = open_report(session, retiree.id)
    if found is not None:
        return "retiree_id", f"{retiree.name} 已有未办结的死亡报告（案件 {found.instance_id}）"
    return None


def agency_of(session: Session, county_code: str) -> str | None:
    """The county's social insurance agency (社会保险经办机构), None where the directory has none."""
    return session.scalar(
        select(Organisation.id)
        .where(
            Organisation.kind == "social_insurance_agency",
            Organisation.division_code == county_code,
            Organisation.active.is_(True),
        )
        .order_by(Organisation.id)
        .limit(1)
    )


def person_of(retiree: Retiree, died_on: date) -> dict:
    """What every task of the case may show of the person: name, masked ID number, date of death.
    The number is masked for everyone in the case (the enterprise too): the community finds the
    full one in its registry."""
    return {"name": retiree.name, "id_number": masked(retiree.id_number), "died_on": died_on.isoformat()}


def masked(id_number: str) -> str:
    """The registry's masking (``engine.registry.access.mask``, held equal by a test): that module
    reads the progress figures, which read the procedures, so this one cannot import it."""
    return id_number[:3] + "*" * 11 + id_number[-4:]


def first_month_without_pension(died_on: date) -> str:
    """停发月份: the pension stops from the month after the death (``2017-10`` for 2017-09-12)."""
    year, month = (died_on.year + 1, 1) if died_on.month == 12 else (died_on.year, died_on.month + 1)
    return f"{year:04d}-{month:02d}"
