"""养老金领取资格认证 — a county's yearly pension qualification certification campaign (seed
四(三)): the social insurance agency opens it with a deadline, every community marks its living
retirees, those not certified by the deadline are followed up, and the pension of those still not
certified is suspended. The lists and marks live in ``engine.aftercare.certification``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from engine.directory.organisations import Organisation
from engine.errors import InvalidTaskData
from engine.policy import divisions
from engine.procedures.declaration import CaseStart, Procedure, StartRequest, Step
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import ProcessInstance

KEY = "certification_campaign"
#: the community's certification, its follow-up, and the agency's suspension of pensions
CERTIFY, FOLLOW_UP, SUSPEND = "certify_retirees", "follow_up_certification", "suspend_pensions"
#: each task → the list it holds (``engine.aftercare.certification.marks``)
SHEETS = {CERTIFY: "certification", FOLLOW_UP: "follow_up", SUSPEND: "suspension"}
#: days after the deadline by which the follow-up and the suspension are due (the policy sets
#: none; ours)
FOLLOW_UP_DAYS, SUSPENSION_DAYS = 30, 45


def title(county_name: str, year: int) -> str:
    return f"{county_name}{year}年度养老金领取资格认证"


def start(request: StartRequest) -> CaseStart:
    """The agency's county, the year and the deadline; one campaign per county and year."""
    agency = request.session.get(Organisation, request.organisation_id)
    county = agency.division_code if agency is not None else None
    if not county:
        raise InvalidTaskData({"year": ["只有县（市、区）社会保险经办机构可以开展资格认证"]})
    year, deadline = int(request.answers["year"]), date.fromisoformat(request.answers["deadline"])
    if deadline.year != year or deadline < request.today:
        raise InvalidTaskData({"deadline": [f"认证截止日期须在 {year} 年内，且不早于今天"]})
    name = title(divisions.full_name(county), year)
    if _opened(request, name):
        raise InvalidTaskData({"year": [f"{name}已经开展"]})
    passes_at = datetime.combine(deadline + timedelta(days=1), time(), CHINA_TZ)
    campaign = {
        "county": county,
        "year": year,
        "deadline": deadline.isoformat(),
        "deadline_passes_at": passes_at.isoformat(),
        "follow_up_due": (deadline + timedelta(days=FOLLOW_UP_DAYS)).isoformat(),
        "suspension_due": (deadline + timedelta(days=SUSPENSION_DAYS)).isoformat(),
        "agency": request.organisation_id,
        "notes": request.answers.get("notes") or "",
    }
    parties = {"social_insurance_agency": request.organisation_id}
    government = request.session.scalar(
        select(Organisation.id).where(
            Organisation.kind == "receiving_government",
            Organisation.division_code == county,
            Organisation.active.is_(True),
        )
    )
    if government:  # the county government watches its campaign (the case is theirs to read too)
        parties["receiving_government"] = government
    return CaseStart(parties, {"campaign": campaign}, name)


def _opened(request: StartRequest, name: str) -> bool:
    return (
        request.session.scalar(
            select(ProcessInstance.id).where(
                ProcessInstance.process_key == KEY,
                ProcessInstance.title == name,
                ProcessInstance.status != "error",
            )
        )
        is not None
    )


PROCEDURE = Procedure(
    key=KEY,
    steps={
        CERTIFY: Step(record="certification", shows=("community",)),
        FOLLOW_UP: Step(record="certification_follow_up", shows=("follow_up",)),
        SUSPEND: Step(record="pension_suspension", shows=("uncertified",)),
    },
    start=start,
    shows=("campaign",),
)
