"""Demo: 金水区's festival visits (节日走访慰问).

The county government (login ``county``) has opened this year's 重阳 visits (or next 春节's, late
in the year); the plan came from the registry by the visit table — the roster's 特殊情况 and
everyone aged 80 or over — and each community of 金水区 with people in it has its list. The first
community (login ``community``) has claimed its task, visited three people (one referred to 低保,
one to medical services) and noted one not visited. Shown under "走访慰问"."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import Actor, Engine, procedures
from engine.aftercare.visits import VisitCampaign
from engine.aftercare.visits import sheets as visit_sheets
from engine.procedures import StartRequest
from engine.procedures.festival_visits import KEY
from engine.workflow.deadlines import CHINA_TZ

GOVERNMENT = Actor("county", "org-gov-410105", frozenset({"official"}))
COMMUNITY = Actor("community", "org-community-410105-1", frozenset({"official"}))
COUNTY = "410105"
#: what the first community's visitors found and did, person by person
VISITS = (
    ("独居，腿脚不便，生活勉强自理", "送米面油和慰问金500元", "subsistence"),
    ("患慢性病，近期血压偏高", "送慰问品，联系社区卫生服务中心上门随访", "medical"),
    ("身体尚好，子女常来照看", "送慰问金300元", "none"),
)
NOT_VISITED = "住院治疗，家属代收慰问品"


def seed(session: Session, engine: Engine) -> int:
    """Open the campaign and record a few visits, unless the county has a visit campaign; how many
    cases were added (0 or 1)."""
    if session.scalar(select(VisitCampaign).where(VisitCampaign.county_code == COUNTY)) is not None:
        return 0
    today = engine.clock.now().astimezone(CHINA_TZ).date()
    request = StartRequest(session, _answers(today), GOVERNMENT.organisation_id, "金水区人民政府", today)
    case = procedures.starting(KEY, request)
    instance = engine.start(session, KEY, case.parties, case.data, actor=GOVERNMENT, title=case.title)
    _visit_some(session, engine, instance.id, today)
    return 1


def _answers(today: date) -> dict:
    chongyang = date(today.year, 10, 28)
    if today <= chongyang:
        return {
            "festival": "重阳",
            "year": today.year,
            "due": chongyang.isoformat(),
            "notes": "重阳节前走访到人",
        }
    spring = date(today.year + 1, 2, 10)
    return {"festival": "春节", "year": today.year + 1, "due": spring.isoformat(), "notes": "春节前走访到人"}


def _visit_some(session: Session, engine: Engine, case_id: int, today: date) -> None:
    items = [
        i
        for i in engine.work_items(session, case_id, state="open")
        if i.owner_org == COMMUNITY.organisation_id
    ]
    if not items:
        return
    item = engine.claim(session, items[0].id, COMMUNITY)
    sheet = visit_sheets.held_sheet(session, item, COMMUNITY)
    people = [row.retiree for row in visit_sheets.page_of(session, sheet, per_page=len(VISITS) + 1).rows]
    now = engine.clock.now()
    for n, (person, (found, help_given, referral)) in enumerate(zip(people, VISITS, strict=False)):
        given = visit_sheets.Given(
            person.id, today - timedelta(days=n), "社区网格员王丽", found, help_given, referral
        )
        visit_sheets.record_visit(session, sheet, given, COMMUNITY, now, today)
    if len(people) > len(VISITS):
        visit_sheets.mark_not_visited(session, sheet, people[len(VISITS)].id, NOT_VISITED, COMMUNITY, now)
