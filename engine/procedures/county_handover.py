"""县（市、区）具体移交 — one receiving county's hand-over: specific agreement (M2), verification,
allocation to communities, receptions, party relations, staff, archives, fee, confirmation (M4)."""

from __future__ import annotations

from engine.procedures.declaration import Agreement, Procedure, Step

#: the county's allocation of its people to communities (its form: ``allocations``)
ALLOCATION = "allocate_to_communities"
#: the community's reception of the people allocated to it
RECEPTION = "receive_retirees"
#: the decision table that says who pays the management fee (中央/省级财政)
FEE_PAYER = "decide_fee_payer"

PROCEDURE = Procedure(
    key="county_handover",
    steps={
        "draft_specific_agreement": Step(documents=("specific_agreement",)),
        "sign_specific_agreement": Step(
            registry="agreement_signed", progress="specific_signed", documents=("specific_agreement",)
        ),
        "verify_retiree_data": Step(registry="data_verified"),
        ALLOCATION: Step(registry="allocation_accepted"),
        RECEPTION: Step(registry="reception_reported", progress="retirees_received"),
        "record_management_fee": Step(progress="fee_planned"),
        "disburse_fee_instalment": Step(progress="fee_disbursed"),
        "confirm_county_handover": Step(progress="county_confirmed"),
    },
    agreements={"specific_agreement": Agreement("draft_specific_agreement", "sign_specific_agreement")},
    document_sources={"specific_agreement": "draft_specific_agreement"},
    elements=(FEE_PAYER,),
)
