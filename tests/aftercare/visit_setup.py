"""Two communities of 金水区 with people in and out of the visit plan, and a campaign over them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from engine.aftercare.visits import sheets as visit_sheets
from engine.directory.organisations import Organisation
from engine.procedures import StartRequest
from engine.procedures.festival_visits import KEY, start
from engine.registry.retirees import Retiree
from engine.workflow.models import WorkItem
from tests.processes import campaign

COUNTY = "410105"
GOVERNMENT = campaign.county_org(COUNTY)
FIRST, SECOND = campaign.community_org(COUNTY), campaign.community_org(COUNTY, second=True)
OTHER_COUNTY_COMMUNITY = campaign.community_org("410102")

#: name → (community, birth date, special situations); 重阳 2017 is due 2017-10-28
PEOPLE = {
    "甲特困": (FIRST, date(1950, 5, 1), ["特困"]),
    "甲高龄": (FIRST, date(1937, 10, 28), []),  # 80 on the due date
    "甲残疾": (FIRST, date(1955, 1, 1), ["残疾", "重病"]),
    "甲普通": (FIRST, date(1937, 10, 29), []),  # 79 on the due date: not in the plan
    "甲已故": (FIRST, date(1930, 1, 1), ["鳏寡"]),  # deceased before the campaign
    "乙鳏寡": (SECOND, date(1952, 3, 3), ["鳏寡"]),
    "外县高龄": (OTHER_COUNTY_COMMUNITY, date(1930, 1, 1), ["高龄"]),
}


def receive(session) -> None:
    """The people, received by their communities (甲已故 deceased)."""
    people = []
    for n, name in enumerate(PEOPLE):
        county = "410102" if name.startswith("外") else COUNTY
        people.append(campaign.retiree(name, county, county, 400 + n))
    campaign.register(session, people)
    if session.get(Organisation, GOVERNMENT) is None:
        session.add(Organisation(id=GOVERNMENT, name="金水区人民政府", kind="receiving_government",
                                 division_code=COUNTY))  # fmt: skip
    for name, (community, born, statuses) in PEOPLE.items():
        deceased = name.endswith("已故")
        session.execute(
            update(Retiree)
            .where(Retiree.name == name)
            .values(
                status="deceased" if deceased else "received",
                died_on=date(2017, 1, 5) if deceased else None,
                community_org=community,
                birth_date=born,
                special_status=statuses,
                address=f"{name}街1号",
            )
        )


def open_campaign(drive, festival: str = "重阳", due: str = "2017-10-28", name: str = "") -> int:
    with drive.tx() as session:
        answers = {"festival": festival, "year": 2017, "due": due, "name": name}
        request = StartRequest(session, answers, GOVERNMENT, "金水区人民政府", date(2017, 3, 1))
        case = start(request)
        actor = drive.officials.of(GOVERNMENT)
        return drive.engine.start(session, KEY, case.parties, case.data, actor=actor, title=case.title).id


def person(session, name: str) -> Retiree:
    return session.scalars(select(Retiree).where(Retiree.name == name)).one()


def held(drive, item: WorkItem):
    """The item claimed by an official of its owner: (actor, ) ready to record on its list."""
    actor = drive.officials.of(item.owner_org)
    with drive.tx() as session:
        if session.get(WorkItem, item.id).claimed_by is None:
            drive.engine.claim(session, item.id, actor)
    return actor


def visit(drive, item: WorkItem, name: str, referral: str = "none", on: str = "2017-03-01"):
    actor = held(drive, item)
    with drive.tx() as session:
        sheet = visit_sheets.held_sheet(session, session.get(WorkItem, item.id), actor)
        row = {"retiree_id": person(session, name).id, "visited_on": on, "visitor": "王社工",
               "found": "身体尚可", "help_given": "慰问金500元", "referral": referral}  # fmt: skip
        return visit_sheets.record_visit(
            session, sheet, visit_sheets.given(row), actor, drive.engine.clock.now(), date(2017, 3, 1)
        ).id


def skip(drive, item: WorkItem, name: str, reason: str = "住院治疗，家属代收慰问品"):
    actor = held(drive, item)
    with drive.tx() as session:
        sheet = visit_sheets.held_sheet(session, session.get(WorkItem, item.id), actor)
        visit_sheets.mark_not_visited(
            session, sheet, person(session, name).id, reason, actor, drive.engine.clock.now()
        )
