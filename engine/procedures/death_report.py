"""死亡报告 — a community reports the death of one of its people (seed 四(七)): the original
enterprise is told, the county's social insurance agency stops the pension from the month after
the death (the registry person becomes 已故), the community helps the family apply for the
丧葬补助金 and 抚恤金, the agency decides the amounts and the community tells the family.

A case is opened by the community (start form: the registry person and the date) or by the
agency's civil affairs death list (``engine.aftercare.deaths.lists``); both open it at the
community's confirmation, where the death certificate is uploaded.

The policy sets no deadlines; ours (days from the day the death was reported) are ``DEADLINES``,
copied into the case when it opens (``death["deadlines"]``, read by the diagram's ``due``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from engine.aftercare.deaths import people as death_people
from engine.errors import InvalidTaskData
from engine.procedures.declaration import CaseStart, Procedure, StartRequest, Step
from engine.registry.retirees import Retiree

#: deadline → days from the day the death was reported (ours: the policy sets none)
DEADLINES = {
    "confirm": 5,
    "acknowledge": 15,
    "pension": 15,
    "application": 30,
    "grants": 60,
    "tell": 70,
}

#: the tasks, named once
CONFIRM = "confirm_death"
ACKNOWLEDGE = "acknowledge_death"
STOP_PENSION = "stop_pension"
ASSIST = "assist_survivor_application"
DECIDE = "decide_survivor_grants"
TELL = "tell_family"


def refuse(field: str, message: str) -> None:
    raise InvalidTaskData({field: [message]})


def opening(
    session: Session,
    retiree: Retiree,
    died_on: date,
    today: date,
    source: str,
    death_list: dict[str, int] | None = None,
) -> CaseStart:
    """The case reporting ``retiree``'s death (already checked: ``death_people.refusal``)."""
    agency = death_people.agency_of(session, retiree.destination_code or "")
    if agency is None:
        refuse("retiree_id", "本县（市、区）的社会保险经办机构未登记，无法报告死亡")
    parties = {
        "community": retiree.community_org,
        "enterprise": retiree.enterprise_org,
        "social_insurance_agency": agency,
    }
    death: dict[str, Any] = {
        "retiree_id": retiree.id,
        "county_code": retiree.destination_code,
        "source": source,
        "reported_on": today.isoformat(),
        "stop_from": death_people.first_month_without_pension(died_on),
        "deadlines": dict(DEADLINES),
    }
    if death_list:
        death["death_list"] = death_list
    person = death_people.person_of(retiree, died_on)
    return CaseStart(parties, {"person": person, "death": death}, f"{retiree.name} 死亡报告")


def start(request: StartRequest) -> CaseStart:
    """A community's report of one of its own living people (refused in Chinese otherwise)."""
    answers = request.answers
    retiree = request.session.get(Retiree, answers["retiree_id"])
    if retiree is None or retiree.community_org != request.organisation_id:
        refuse("retiree_id", "该人员不是本社区的服务对象，不能由本社区报告")
    died_on = date.fromisoformat(answers["died_on"])
    why = death_people.refusal(request.session, retiree, died_on, request.today)
    if why is not None:
        refuse(*why)
    return opening(request.session, retiree, died_on, request.today, "社区")


def due(death: dict[str, Any], deadline: str) -> date:
    """The day a deadline of a case falls on (as the diagram's ``due`` computes it)."""
    return date.fromisoformat(death["reported_on"]) + timedelta(days=death["deadlines"][deadline])


PROCEDURE = Procedure(
    key="death_report",
    start=start,
    shows=("person",),
    steps={
        CONFIRM: Step(record="death_confirmed", shows=("death",)),
        ACKNOWLEDGE: Step(),
        STOP_PENSION: Step(
            record="pension_stopped", shows=("death",), prefill={"stop_from": ("death", "stop_from")}
        ),
        ASSIST: Step(record="survivor_application"),
        DECIDE: Step(record="survivor_grants", shows=(ASSIST,)),
        TELL: Step(record="family_told", shows=(DECIDE,)),
    },
)
