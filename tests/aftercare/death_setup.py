"""People received by the communities of 金水区 and 中原区, their counties' social insurance
agencies, and death reports opened and stepped through the engine."""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import select, update

from engine import procedures
from engine.directory.organisations import Organisation
from engine.procedures import StartRequest
from engine.registry.retirees import Retiree
from engine.workflow.documents import Document
from tests.processes import campaign

COUNTY, COUNTY2 = "410105", "410102"
AGENCY, AGENCY2 = "org-sia-410105", "org-sia-410102"
COMMUNITY = campaign.community_org(COUNTY)
OTHER_COMMUNITY = campaign.community_org(COUNTY, second=True)
COMMUNITY2 = campaign.community_org(COUNTY2)
ENTERPRISE = campaign.ENTERPRISE
TODAY = date(2017, 3, 1)


def receive(session) -> None:
    """The agencies, and the roster's people of 金水区 and 中原区 received by their first community
    (张伟 by the second community of 金水区)."""
    for org, code in ((AGENCY, COUNTY), (AGENCY2, COUNTY2)):
        if session.get(Organisation, org) is None:
            session.add(Organisation(id=org, name=f"{code}社保经办机构", kind="social_insurance_agency",
                                     division_code=code))  # fmt: skip
    campaign.register(session)
    for code, community in ((COUNTY, COMMUNITY), (COUNTY2, COMMUNITY2)):
        session.execute(
            update(Retiree)
            .where(Retiree.destination_code == code, Retiree.category == "普通退休人员")
            .values(status="received", community_org=community)
        )
    session.execute(update(Retiree).where(Retiree.name == "张伟").values(community_org=OTHER_COMMUNITY))


def person(session, name: str) -> Retiree:
    return session.scalars(select(Retiree).where(Retiree.name == name)).one()


def report(drive, name: str, died_on: str = "2017-02-20", community: str = COMMUNITY) -> int:
    """The community reports ``name``'s death through the start form; the case's id."""
    with drive.tx() as session:
        answers = {"retiree_id": person(session, name).id, "died_on": died_on}
        case = procedures.starting("death_report", StartRequest(session, answers, community, "社区", TODAY))
        actor = drive.officials.of(community)
        return drive.engine.start(
            session, "death_report", case.parties, case.data, actor=actor, title=case.title
        ).id


def upload_certificate(drive, item) -> None:
    """A death certificate on the task, as the task page's upload stores it."""
    content = b"%PDF-1.4 death certificate"
    with drive.tx() as session:
        session.add(
            Document(
                instance_id=item.instance_id, work_item_id=item.id, kind="upload", title="死亡证明.pdf",
                filename="certificate.pdf", content_type="application/pdf", size=len(content),
                sha256=hashlib.sha256(content).hexdigest(), content=content,
                uploaded_by=drive.officials.of(item.owner_org).user_id, uploaded_at=drive.engine.clock.now(),
            )
        )  # fmt: skip


def confirm(drive, case: int) -> None:
    item = drive.item(case, "confirm_death")
    upload_certificate(drive, item)
    drive.complete_item(item, {"confirmed": True})
