"""省辖市（省直管县）移交 — one prefecture's part of an enterprise's programme: its framework
agreement (M1), then the hand-overs of its own receiving counties, which wait for no other
prefecture's agreement."""

from __future__ import annotations

from engine.procedures.declaration import Procedure

#: the script task that keeps only the prefecture's own counties for their hand-overs
COUNTY_SELECTION = "select_prefecture_counties"

PROCEDURE = Procedure(
    key="prefecture_handover",
    elements=(COUNTY_SELECTION,),
    shows=("enterprise", "milestones", "prefecture"),
)
