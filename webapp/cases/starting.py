"""Starting a case from its start form: the organisations a form offers, and the answers made
into the case's parties, data and title by the procedure's own declaration (engine/procedures/),
for the page and the API alike."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import Engine, procedures
from engine.directory.organisations import Organisation
from engine.procedures import CaseStart, StartRequest
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import ProcessInstance

from ..auth.accounts import SignedIn


def organisation_choices(session: Session, kind: str) -> list[tuple[str, str]]:
    rows = session.scalars(
        select(Organisation)
        .where(Organisation.kind == kind, Organisation.active.is_(True))
        .order_by(Organisation.id)
    )
    return [(o.id, o.name) for o in rows]


def start_from_form(
    session: Session, engine: Engine, process: str, answers: dict[str, Any], user: SignedIn
) -> ProcessInstance:
    """Start the case ``process``'s validated start form describes, as ``user`` (page and API)."""
    today = engine.clock.now().astimezone(CHINA_TZ).date()
    new = case_start(session, process, answers, (user.organisation_id, user.organisation_name), today)
    return engine.start(session, process, new.parties, new.data, actor=user.actor, title=new.title)


def case_start(
    session: Session, process: str, answers: dict[str, Any], organisation: tuple[str, str], today: date
) -> CaseStart:
    """The case ``process``'s validated start form describes, started by ``organisation`` (id, name)."""
    return procedures.starting(process, StartRequest(session, answers, *organisation, today))


def start_defaults(process: str, organisation_name: str) -> dict[str, Any]:
    """What a start form shows before anything is typed."""
    declared = procedures.procedure(process)
    if declared is None or declared.start_defaults is None:
        return {}
    return declared.start_defaults(organisation_name)
