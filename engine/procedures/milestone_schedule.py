"""时间节点督办 — the campaign's milestones M1–M4 as timers; cases short of one are escalated to
the supervisor."""

from __future__ import annotations

from typing import Any

from engine.procedures.declaration import CaseStart, Procedure, StartRequest

CODES = ("m1", "m2", "m3", "m4")


def start(request: StartRequest) -> CaseStart:
    answers = request.answers
    milestones = {code.upper(): answers[code] for code in CODES}
    data = {"campaign": {"name": answers["campaign_name"]}, "milestones": milestones}
    title = f"{answers['campaign_name']} 时间节点督办"
    return CaseStart({"supervisor": request.organisation_id}, data, title)


def start_defaults(_organisation_name: str) -> dict[str, Any]:
    return {"m1": "2017-03-31", "m2": "2017-04-30", "m3": "2017-05-31", "m4": "2017-06-30"}


PROCEDURE = Procedure(key="milestone_schedule", start=start, start_defaults=start_defaults)
