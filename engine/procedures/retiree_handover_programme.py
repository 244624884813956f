"""省属企业退休人员移交 — the programme of one enterprise: survey, roster, a framework agreement per
prefecture, a hand-over per receiving county, overall completion."""

from __future__ import annotations

from typing import Any

from engine.campaigns import campaign_settings
from engine.directory.organisations import routing_directory, supervisor_office
from engine.procedures.declaration import CaseStart, Procedure, StartRequest, Step

#: 登记造册: the enterprise's roster
REGISTER = "register_roster"
#: the script task that groups the roster by receiving county (its data: counties, prefectures),
#: after the service task that tallies the registered people
GROUPING, TALLY = "group_roster_by_county", "tally_registered_roster"


def start(request: StartRequest) -> CaseStart:
    answers = request.answers
    enterprise = {
        "name": answers["enterprise_name"],
        "location_code": answers["location_code"],
        "devolved_from_centre": answers["devolved_from_centre"],
        "industry": answers["industry"],
    }
    data = {
        "enterprise": enterprise,
        "milestones": campaign_settings(request.session)["milestones"],
        "directory": routing_directory(request.session),
    }
    parties = {"enterprise": request.organisation_id, **supervisor_office(request.session)}
    return CaseStart(parties, data, f"{enterprise['name']} 退休人员移交")


def start_defaults(organisation_name: str) -> dict[str, Any]:
    return {"enterprise_name": organisation_name, "devolved_from_centre": False}


PROCEDURE = Procedure(
    key="retiree_handover_programme",
    steps={
        REGISTER: Step(registry="link_roster", progress="roster_grouped", registered_roster=True),
        "report_overall_completion": Step(shows=("counties", "prefectures")),
    },
    shows=("enterprise", "milestones", "survey_retirees", "roster_summary"),
    elements=(GROUPING, TALLY),
    started="programme_started",
    start=start,
    start_defaults=start_defaults,
)
