"""Demo: 金水区's 2017 pension qualification certification (资格认证).

The county's social insurance agency (login ``agency``) opens the year's campaign with its
deadline; each community of 金水区 with living people gets its list, and the first community
(login ``community``) has claimed its task and certified a few of its people, in person and on
home visits. The progress shows under "养老金领取资格认证"."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import Actor, Engine, procedures
from engine.aftercare.certification import CertificationCampaign
from engine.aftercare.certification import marks as marks
from engine.procedures import StartRequest
from engine.procedures.certification_campaign import KEY
from engine.workflow.deadlines import CHINA_TZ

AGENCY = Actor("agency", "org-sia-410105", frozenset({"official"}))
COMMUNITY = Actor("community", "org-community-410105-1", frozenset({"official"}))
COUNTY = "410105"
#: how many of the first community's people the demo has certified, and how
CERTIFIED = (("in_person", 4), ("home_visit", 2), ("remote", 1))


def seed(session: Session, engine: Engine) -> int:
    """Open the campaign and certify a few people, unless a campaign of the county is there; how
    many cases were added (0 or 1)."""
    today = engine.clock.now().astimezone(CHINA_TZ).date()
    opened = select(CertificationCampaign).where(
        CertificationCampaign.county_code == COUNTY, CertificationCampaign.year == today.year
    )
    if session.scalar(opened) is not None:
        return 0
    answers = {
        "year": today.year,
        "deadline": date(today.year, 6, 30).isoformat(),
        "notes": "请各社区6月底前完成",
    }
    if today > date(today.year, 6, 30):
        answers["deadline"] = date(today.year, 12, 31).isoformat()
    request = StartRequest(session, answers, AGENCY.organisation_id, "金水区社会保险事业管理局", today)
    case = procedures.starting(KEY, request)
    instance = engine.start(session, KEY, case.parties, case.data, actor=AGENCY, title=case.title)
    _certify_some(session, engine, instance.id, today)
    return 1


def _certify_some(session: Session, engine: Engine, case_id: int, today: date) -> None:
    items = [
        i
        for i in engine.work_items(session, case_id, state="open")
        if i.owner_org == COMMUNITY.organisation_id
    ]
    if not items:
        return
    item = engine.claim(session, items[0].id, COMMUNITY)
    sheet = marks.held_sheet(session, item, COMMUNITY)
    people = [person for person, _mark in marks.page_of(session, sheet, per_page=20).rows]
    given, at = [], 0
    for method, count in CERTIFIED:
        given += [marks.Marking(person.id, "certified", method, today) for person in people[at : at + count]]
        at += count
    if given:
        marks.mark(session, sheet, given, COMMUNITY, engine.clock.now(), today)
