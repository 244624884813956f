"""A county of received people and its social insurance agency, for the certification campaign."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from engine.aftercare.certification import marks as marks
from engine.directory.organisations import Organisation
from engine.procedures import StartRequest
from engine.procedures.certification_campaign import KEY, start
from engine.registry.retirees import Retiree
from engine.workflow.models import WorkItem
from tests.processes import campaign

COUNTY = "410105"
AGENCY = "org-sia-410105"
FIRST, SECOND = campaign.community_org(COUNTY), campaign.community_org(COUNTY, second=True)
OTHER_COUNTY_COMMUNITY = campaign.community_org("410102")


def people(first: int = 4, second: int = 2) -> list[dict]:
    """``first`` people for the first community of 金水区 and ``second`` for the second one."""
    return [campaign.retiree(f"甲{n}", COUNTY, COUNTY, 100 + n) for n in range(first)] + [
        campaign.retiree(f"乙{n}", COUNTY, COUNTY, 200 + n) for n in range(second)
    ]


def receive(session, first: int = 4, second: int = 2) -> None:
    """The organisations, and the people received by the two communities of 金水区 (and one of
    中原区's, who is not the campaign's)."""
    if session.get(Organisation, AGENCY) is None:
        session.add(Organisation(id=AGENCY, name="金水区社会保险事业管理局", kind="social_insurance_agency",
                                 division_code=COUNTY))  # fmt: skip
    outsider = campaign.retiree("外县人", "410102", "410102", 300)
    campaign.register(session, [*people(first, second), outsider])
    for prefix, community in (("甲", FIRST), ("乙", SECOND), ("外", OTHER_COUNTY_COMMUNITY)):
        session.execute(
            update(Retiree)
            .where(Retiree.name.like(f"{prefix}%"))
            .values(status="received", community_org=community, address=f"{prefix}街1号")
        )


def open_campaign(drive, year: int = 2017, deadline: str = "2017-06-30") -> int:
    with drive.tx() as session:
        answers = {"year": year, "deadline": deadline}
        request = StartRequest(session, answers, AGENCY, "金水区社保局", date(2017, 3, 1))
        case = start(request)
        actor = drive.officials.of(AGENCY)
        return drive.engine.start(session, KEY, case.parties, case.data, actor=actor, title=case.title).id


def ids(session, prefix: str) -> list[int]:
    return list(
        session.scalars(select(Retiree.id).where(Retiree.name.like(f"{prefix}%")).order_by(Retiree.id))
    )


def mark_all(drive, item: WorkItem, prefix: str, outcome: str = "certified", on: date = date(2017, 5, 2)):
    """As the holder of ``item``, mark everyone named ``prefix…`` (claimed first)."""
    actor = drive.officials.of(item.owner_org)
    with drive.tx() as session:
        if session.get(WorkItem, item.id).claimed_by is None:
            drive.engine.claim(session, item.id, actor)
    with drive.tx() as session:
        sheet = marks.held_sheet(session, session.get(WorkItem, item.id), actor)
        given = [marks.Marking(i, outcome, "in_person" if outcome == "certified" else None, on)
                 for i in ids(session, prefix)]  # fmt: skip
        return marks.mark(session, sheet, given, actor, drive.engine.clock.now(), on)
