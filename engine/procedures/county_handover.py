"""县（市、区）具体移交 — one receiving county's hand-over: specific agreement (M2), verification,
allocation to communities, receptions, party relations, staff, archives, fee, confirmation (M4)."""

from __future__ import annotations

from engine.procedures.declaration import Agreement, Mismatch, Procedure, Returned, Step

#: the county's allocation of its people to communities (made person by person in the registry)
ALLOCATION = "allocate_to_communities"
#: the community's reception of the people allocated to it
RECEPTION = "receive_retirees"
#: the county's check of its people's data, and the enterprise's corrections (per person and field)
VERIFICATION, CORRECTION = "verify_retiree_data", "correct_retiree_data"
#: the decision tables that say who pays the management fee (中央/省级财政) and how much a year
FEE_PAYER, FEE_RATE = "decide_fee_payer", "decide_fee_rate"
#: the diagram's check of the fee plan (核对拨付计划), which sends the plan back when it is off
FEE_PLAN_CHECK = Mismatch(
    "各期金额合计与年度管理费用不符",
    (("各期金额合计（元）", "fee_planned"), ("年度管理费用（元）", "fee_annual")),
)

PROCEDURE = Procedure(
    key="county_handover",
    steps={
        "draft_specific_agreement": Step(
            registry="specific_drafted",
            documents=("specific_agreement",),
            people="county",
            returned_by=(Returned("sign_specific_agreement", "approved"),),
            prefill={"retiree_count": ("county", "retiree_count"), "staff_to_hand_over": ("staff_due",)},
        ),
        "sign_specific_agreement": Step(
            registry="agreement_signed",
            progress="specific_signed",
            documents=("specific_agreement",),
            people="county",
            shows=("draft_specific_agreement",),
        ),
        VERIFICATION: Step(registry="data_verified", people="county", shows=(CORRECTION,)),
        CORRECTION: Step(registry="corrections_applied", people="county", shows=(VERIFICATION,)),
        ALLOCATION: Step(registry="allocation_accepted", people="allocation"),
        RECEPTION: Step(
            registry="reception_reported",
            progress="retirees_received",
            people="reception",
            shows=("allocation",),
        ),
        "transfer_party_relations": Step(
            registry="party_transferred",
            people="party_members",
            prefill={"party_member_count": ("county", "party_member_count")},
        ),
        "receive_party_relations": Step(
            registry="party_received",
            people="party_members",
            shows=("transfer_party_relations",),
            prefill={"received_count": ("transfer_party_relations", "party_member_count")},
        ),
        "hand_over_management_staff": Step(
            registry="staff_handed_over",
            documents=("staff_list",),
            shows=("draft_specific_agreement",),
            returned_by=(Returned("receive_management_staff", "accepted"),),
        ),
        "receive_management_staff": Step(
            documents=("staff_list",), shows=("hand_over_management_staff",), reviews="staff_pay"
        ),
        # the first year's plan; recording it opens the county's yearly fee cases (engine.fees)
        "record_management_fee": Step(
            registry="fee_planned",
            progress="fee_planned",
            opens_fee_cycle=True,
            shows=("fee_year", "fee_per_retiree"),
            returned_by=(FEE_PLAN_CHECK,),
        ),
        "confirm_county_handover": Step(
            registry="county_confirmed", progress="county_confirmed", people="county"
        ),
    },
    agreements={"specific_agreement": Agreement("draft_specific_agreement", "sign_specific_agreement")},
    document_sources={
        "specific_agreement": "draft_specific_agreement",
        "staff_list": "hand_over_management_staff",
    },
    elements=(FEE_PAYER, FEE_RATE, "check_allocation", "check_receptions", "reopen_allocation"),
    shows=("enterprise", "milestones", "county", "staff_due", "fee_annual", "fee_payer", "county_figures"),
)
