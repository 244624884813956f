"""过渡期管理人员移交社区 — the later move of the people a county placed under interim management
(三 "可暂由原企业退休管理机构或社会保险经办机构…提供相关管理服务"): before their interim ends the
county allocates them to communities (or extends it), and each community receives its people as
in the county hand-over. Called by the county hand-over with its data (``engine.registry.interim``)."""

from __future__ import annotations

from engine.procedures.declaration import Procedure, Step

#: the county's allocation of its interim people, and the communities' receptions of them
ALLOCATION, RECEPTION = "allocate_interim_people", "receive_retirees"
#: the timer that opens the county's allocation before the earliest interim end
NOTICE = "interim_ends_soon"

PROCEDURE = Procedure(
    key="interim_management",
    steps={
        ALLOCATION: Step(registry="interim_allocation_accepted", people="interim", shows=("interim",)),
        RECEPTION: Step(
            registry="reception_reported",
            progress="retirees_received",
            people="reception",
            shows=("allocation", "interim"),
        ),
    },
    elements=(NOTICE, "check_interim", "check_interim_allocation"),
    shows=("enterprise", "milestones", "county"),
)
