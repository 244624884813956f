"""Demo: a death report in progress (死亡报告).

The first community of 金水区 (login ``community``) reported one of its people dead with the death
certificate; the enterprise (``enterprise``) has acknowledged it, the county's social insurance
agency (``agency``) has stopped the pension from the month after (the person is 已故 and gone
from the active lists); the community's task to help the family apply for the 丧葬补助金 and
抚恤金 is waiting."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import Actor, Engine, procedures
from engine.aftercare.deaths import people as death_people
from engine.aftercare.deaths.reports import DeathReport
from engine.procedures import StartRequest, death_report
from engine.registry.retirees import Retiree, living_in
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.documents import Document

COMMUNITY = Actor("community", "org-community-410105-1", frozenset({"official"}))
AGENCY = Actor("agency", "org-sia-410105", frozenset({"official"}))
#: days before today the death happened
DAYS_AGO = 3


def seed(session: Session, engine: Engine) -> int:
    """Report the death and take it to the family's application, unless the community has a report
    already; how many cases were added (0 or 1)."""
    if session.scalar(select(DeathReport.id).where(DeathReport.community_org == COMMUNITY.organisation_id)):
        return 0
    # the last of the community's people: the other demo pieces take the first ones
    statement = select(Retiree).where(living_in(COMMUNITY.organisation_id)).order_by(Retiree.id.desc())
    person = session.scalars(statement.limit(1)).first()
    if person is None:
        return 0
    today = engine.clock.now().astimezone(CHINA_TZ).date()
    died_on = max(today - timedelta(days=DAYS_AGO), person.birth_date)
    answers = {"retiree_id": person.id, "died_on": died_on.isoformat()}
    case = procedures.starting(
        "death_report", StartRequest(session, answers, COMMUNITY.organisation_id, "社区", today)
    )
    instance = engine.start(
        session, "death_report", case.parties, case.data, actor=COMMUNITY, title=case.title
    )
    _step(
        session, engine, instance.id, death_report.CONFIRM, COMMUNITY, {"confirmed": True}, certificate=True
    )
    owner = Actor("enterprise", person.enterprise_org, frozenset({"official"}))
    _step(session, engine, instance.id, death_report.ACKNOWLEDGE, owner, {"received": True})
    stop_from = death_people.first_month_without_pension(died_on)
    _step(session, engine, instance.id, death_report.STOP_PENSION, AGENCY, {"stop_from": stop_from})
    return 1


def _step(
    session: Session,
    engine: Engine,
    case: int,
    spec_id: str,
    actor: Actor,
    data: dict,
    certificate: bool = False,
) -> None:
    item = next(i for i in engine.work_items(session, case, state="open") if i.spec_id == spec_id)
    engine.claim(session, item.id, actor)
    if certificate:
        session.add(_certificate(item, actor, engine))
    engine.complete(session, item.id, actor, data)


def _certificate(item, actor: Actor, engine: Engine) -> Document:
    """The death certificate as the community scanned it (a one-page PDF)."""
    from weasyprint import HTML

    content = HTML(string="<h1>居民死亡医学证明（推断）书</h1><p>演示用扫描件</p>").write_pdf()
    return Document(
        instance_id=item.instance_id,
        work_item_id=item.id,
        kind="upload",
        title="死亡医学证明.pdf",
        filename="death_certificate.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by=actor.user_id,
        uploaded_at=engine.clock.now(),
        note="死亡证明",
    )
