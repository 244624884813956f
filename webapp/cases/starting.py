"""Starting a case from its start form: the organisations a form offers, and the answers made
into the case's parties, data and title by the procedure's own declaration (engine/procedures/),
for the page and the API alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import Engine, procedures
from engine.directory.organisations import Organisation
from engine.procedures import StartRequest
from engine.workflow import definitions
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import ProcessDefinition, ProcessInstance

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
    request = StartRequest(session, answers, user.organisation_id, user.organisation_name, today)
    new = procedures.starting(process, request)
    return engine.start(session, process, new.parties, new.data, actor=user.actor, title=new.title)


def startable_definition(session: Session, process: str, organisation_kind: str) -> ProcessDefinition | None:
    """``process``'s newest definition if organisations of that kind start it by hand, else None."""
    for definition in definitions.startable(session, organisation_kind):
        if definition.key == process:
            return definition
    return None


def start_defaults(session: Session, process: str, organisation_name: str) -> dict[str, Any]:
    """What a start form shows before anything is typed (the campaign settings over the
    procedure's own defaults)."""
    declared = procedures.procedure(process)
    if declared is None:
        return {}
    values = declared.start_defaults(organisation_name) if declared.start_defaults else {}
    if declared.start_settings is not None:
        values.update(declared.start_settings(session))
    return values
