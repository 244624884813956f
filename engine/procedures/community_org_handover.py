"""企业所办社区管理组织移交 — a community organisation of the enterprise, its staff (M3) and, after the
三供一业 renovation, its assets, handed to the county."""

from __future__ import annotations

from engine.directory.organisations import chosen_organisation
from engine.policy.rules import DEFAULT_MILESTONES, community_size
from engine.procedures.declaration import CaseStart, Procedure, StartRequest, Step


def start(request: StartRequest) -> CaseStart:
    answers = request.answers
    county = chosen_organisation(request.session, answers["receiving_government"], "receiving_government")
    community = {
        "name": answers["community_name"],
        "households": answers["households"],
        "setting": answers["setting"],
        "staff": answers["staff"],
    }
    data = {
        "community_org": community,
        # 社区规模, shown to the official who decides on a stand-alone community or a merger
        "community_size": community_size(answers["households"], answers["setting"]),
        "milestones": dict(DEFAULT_MILESTONES),
    }
    parties = {"enterprise": request.organisation_id, "receiving_government": county}
    return CaseStart(parties, data, f"{community['name']} 移交")


PROCEDURE = Procedure(
    key="community_org_handover",
    steps={"receive_community_staff": Step(progress="community_staff_received")},
    started="community_org_started",
    start=start,
)
