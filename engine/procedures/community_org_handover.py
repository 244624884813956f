"""企业所办社区管理组织移交 — a community organisation of the enterprise, its staff (M3) and, after the
三供一业 renovation, its assets, handed to the county."""

from __future__ import annotations

from engine.campaigns import campaign_settings
from engine.directory.organisations import Organisation, chosen_organisation
from engine.policy import divisions
from engine.policy.rules import community_size
from engine.procedures.declaration import Agreement, CaseStart, Procedure, Returned, StartRequest, Step

#: 社区管理组织移交协议: drafted (and signed) by the enterprise, signed by the county government
AGREEMENT = Agreement("draft_community_agreement", "sign_community_agreement")
AGREEMENT_DOCUMENT = ("community_agreement",)


def start(request: StartRequest) -> CaseStart:
    answers = request.answers
    county = chosen_organisation(request.session, answers["receiving_government"], "receiving_government")
    parties = {"enterprise": request.organisation_id, "receiving_government": county}
    settings = campaign_settings(request.session)
    community = {
        "name": answers["community_name"],
        "households": answers["households"],
        "setting": answers["setting"],
        "staff": answers["staff"],
        **_place(request.session, county),
        "parties": parties,
        # days after the 三供一业 renovation for the assets, fixed when the case starts: a later
        # change of the campaign settings reaches new cases only
        "asset_handover_days": settings["asset_handover_days"],
    }
    data = {
        "enterprise": {"name": request.organisation_name},
        "community_org": community,
        # 社区规模, shown to the official who decides on a stand-alone community or a merger
        "community_size": community_size(answers["households"], answers["setting"]),
        "milestones": settings["milestones"],
    }
    return CaseStart(parties, data, f"{community['name']} 移交")


def _place(session, county: str) -> dict[str, str]:
    """The county the organisation goes to, by its division code: the place its documents are
    about (``?community_org=410402``) and the prefecture whose office oversees them."""
    code = session.get(Organisation, county).division_code
    if not code:
        return {"code": county}
    return {"code": code, "prefecture_code": divisions.prefecture_of(code)}


PROCEDURE = Procedure(
    key="community_org_handover",
    steps={
        AGREEMENT.drafted_at: Step(
            documents=AGREEMENT_DOCUMENT, returned_by=(Returned(AGREEMENT.signed_at, "approved"),)
        ),
        AGREEMENT.signed_at: Step(documents=AGREEMENT_DOCUMENT, shows=(AGREEMENT.drafted_at,)),
        "hand_over_community_staff": Step(returned_by=(Returned("receive_community_staff", "accepted"),)),
        "receive_community_staff": Step(
            progress="community_staff_received", shows=("hand_over_community_staff",), reviews="staff_pay"
        ),
        # the agreement's asset list takes the arrangements the hand-over records
        "hand_over_assets": Step(
            documents=AGREEMENT_DOCUMENT, returned_by=(Returned("receive_assets", "accepted"),)
        ),
        "receive_assets": Step(documents=AGREEMENT_DOCUMENT, shows=("hand_over_assets",)),
    },
    agreements={"community_agreement": AGREEMENT},
    document_sources={"community_agreement": AGREEMENT.drafted_at},
    started="community_org_started",
    start=start,
)
