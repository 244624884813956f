"""时间节点督办 — the campaign's milestones M1–M4 as timers; cases short of one are escalated to
the supervisor."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from engine.campaigns import campaign_settings
from engine.procedures.declaration import CaseStart, Procedure, StartRequest, Step

CODES = ("m1", "m2", "m3", "m4")


def start(request: StartRequest) -> CaseStart:
    answers = request.answers
    milestones = {code.upper(): answers[code] for code in CODES}
    data = {"campaign": {"name": answers["campaign_name"]}, "milestones": milestones}
    title = f"{answers['campaign_name']} 时间节点督办"
    return CaseStart({"supervisor": request.organisation_id}, data, title)


def start_settings(session: Session) -> dict[str, Any]:
    """The form offers the campaign settings' milestones (the supervisor may still change them)."""
    milestones = campaign_settings(session)["milestones"]
    return {code: milestones[code.upper()] for code in CODES}


PROCEDURE = Procedure(
    key="milestone_schedule",
    steps={"review_overdue_cases": Step(reviews="overdue_cases")},
    start=start,
    start_settings=start_settings,
)
