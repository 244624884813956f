"""整体移交后新退休人员 — a person who retires after the hand-over, registered by the enterprise
one at a time (``engine.aftercare.newcomers``), goes straight to the destination county's
verification and allocation and to the community's reception, without a new programme (seed
五(一)). The case is started by the registration, not from a start form."""

from __future__ import annotations

from engine.procedures.declaration import Procedure, Step

#: the county checks the person's data and assigns them to a community
ALLOCATION = "allocate_new_retiree"
#: the community receives them (or returns them to the county's allocation)
RECEPTION = "receive_new_retiree"

PROCEDURE = Procedure(
    key="new_retiree",
    steps={
        ALLOCATION: Step(record="newcomer_allocated", people="county"),
        RECEPTION: Step(record="newcomer_received", people="reception", shows=(ALLOCATION,)),
    },
    shows=("county", "newcomer"),
)
