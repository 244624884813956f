"""A small world for changes and transfers: 金水区 (410105) and 中原区 (410102), each with its
government, archive department and two communities, and the roster's 金水区 people received by
金水区's first community."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from engine.directory.organisations import Organisation
from engine.procedures import StartRequest, starting
from engine.registry.retirees import Retiree
from engine.workflow.deadlines import CHINA_TZ
from tests.processes import campaign

HERE, THERE = "410105", "410102"
COMMUNITY = campaign.community_org(HERE)
NEIGHBOUR = campaign.community_org(HERE, second=True)
FAR_COMMUNITY = campaign.community_org(THERE)
GOVERNMENT, FAR_GOVERNMENT = campaign.county_org(HERE), campaign.county_org(THERE)
ARCHIVE, FAR_ARCHIVE = campaign.archive_org(HERE), campaign.archive_org(THERE)
NAMES = {HERE: "金水区", THERE: "中原区"}


def build(session) -> None:
    campaign.register(session)
    for code in (HERE, THERE):
        session.add(
            Organisation(
                id=campaign.county_org(code),
                name=f"{NAMES[code]}人民政府",
                kind="receiving_government",
                division_code=code,
            )
        )
        session.add(
            Organisation(
                id=campaign.archive_org(code),
                name=f"{NAMES[code]}档案局",
                kind="archive_department",
                division_code=code,
            )
        )
    session.flush()
    for person in session.scalars(
        select(Retiree).where(Retiree.destination_code == HERE, Retiree.excluded.is_(False))
    ):
        person.status, person.community_org, person.received_on = "received", COMMUNITY, date(2017, 6, 1)
        person.address = "金水区经三路12号院"


def person(session, name: str) -> Retiree:
    return session.scalars(select(Retiree).where(Retiree.name == name)).one()


def ask(drive, tx, process: str, community: str, answers: dict) -> int:
    """A community starts a transfer from its start form's answers, as the start page does."""
    actor = drive.officials.of(community)
    with tx() as session:
        today = drive.engine.clock.now().astimezone(CHINA_TZ).date()
        new = starting(process, StartRequest(session, answers, community, community, today))
        return drive.engine.start(session, process, new.parties, new.data, actor=actor, title=new.title).id
