"""Demo: information changes and an inter-county transfer (信息变更、迁移).

The first community of 金水区 (login ``community``) has changed one of its people's address and
phone after a home visit (the person's page shows the change history); and it has asked for
another of its people, who moved to 中原区, to be transferred there: the case waits for 中原区's
government (login ``county2``) to accept and allocate a community, after which the receiving
community, then the two archive departments take their turns."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import Actor, Engine, procedures
from engine.aftercare import changes
from engine.aftercare.changes import RetireeChange
from engine.aftercare.transfers.cases import RetireeTransfer
from engine.procedures import StartRequest
from engine.registry.retirees import Retiree, living_in
from engine.workflow.deadlines import CHINA_TZ

COMMUNITY = Actor("community", "org-community-410105-1", frozenset({"official"}))
CHANGE = {
    "address": "经八路街道花园路社区26号楼3单元502室",
    "phone": "13838210456",
    "reason": "入户走访核实：已搬至子女家同住，更换了手机号",
}
TRANSFER = {
    "to_county": "410102",
    "new_address": "林山寨街道百花社区12号楼2单元301室",
    "reason": "随子女迁居中原区",
}


def seed(session: Session, engine: Engine) -> int:
    """Make the change and ask for the transfer, each unless already there; how many were added
    (changes written count once)."""
    people = list(
        session.scalars(
            select(Retiree).where(living_in(COMMUNITY.organisation_id)).order_by(Retiree.id).limit(2)
        )
    )
    if len(people) < 2:
        return 0
    return _change(session, engine, people[0]) + _transfer(session, engine, people[1])


def _change(session: Session, engine: Engine, person: Retiree) -> int:
    done = select(RetireeChange.id).where(RetireeChange.reason == CHANGE["reason"])
    if session.scalar(done) is not None:
        return 0
    changes.change(session, COMMUNITY, person.id, CHANGE, engine.clock.now())
    return 1


def _transfer(session: Session, engine: Engine, person: Retiree) -> int:
    if session.scalar(select(RetireeTransfer.id).where(RetireeTransfer.kind == "county")) is not None:
        return 0
    today = engine.clock.now().astimezone(CHINA_TZ).date()
    answers = {"retiree_id": person.id, **TRANSFER}
    request = StartRequest(session, answers, COMMUNITY.organisation_id, "经八路街道花园路社区", today)
    case = procedures.starting("county_transfer", request)
    engine.start(session, "county_transfer", case.parties, case.data, actor=COMMUNITY, title=case.title)
    return 1
