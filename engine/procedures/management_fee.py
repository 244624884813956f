"""管理费用年度拨付 — one year of a county's management fee: planned (the first year in the county
hand-over, later years at their own rate), paid instalment by instalment on its planned dates by
the provincial finance, and acknowledged by the county. Opened by the worker (``engine.fees``)."""

from __future__ import annotations

from engine.procedures.county_handover import FEE_PLAN_CHECK
from engine.procedures.declaration import Procedure, Step

#: the decision table of the year's amount per retiree, and the count of the county's people
FEE_RATE, FEE_RETIREES = "decide_fee_rate", "count_fee_retirees"

PROCEDURE = Procedure(
    key="management_fee",
    steps={
        "record_management_fee": Step(
            registry="fee_planned",
            shows=("fee_per_retiree", "fee_retirees", "fee_annual"),
            returned_by=(FEE_PLAN_CHECK,),
        ),
        "disburse_fee_instalment": Step(
            progress="fee_disbursed",
            shows=("instalment", "instalments"),
            prefill={"amount": ("instalment", "amount")},
        ),
        "confirm_fee_received": Step(
            shows=("instalments", "disbursements", "fee_planned"),
            prefill={"received_total": ("fee_planned",)},
        ),
    },
    elements=(FEE_RATE, FEE_RETIREES),
    shows=("county", "enterprise", "fee_year", "fee_payer"),
)
