"""What a progress page is asked for: the selection in its query string, checked against what the
signed-in supervisor may see. The dashboard, its unit lists and both exports read it alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.progress.behind import STATUSES
from engine.progress.figures import MILESTONES, requested
from engine.progress.selection import LEVELS, InvalidSelection, Scope, Selection
from engine.progress.units import DEFAULT_CAMPAIGN
from engine.workflow.models import ProcessInstance


@dataclass(frozen=True)
class Asked:
    """A page's selection and the caller's scope."""

    selection: Selection
    scope: Scope


def asked(session: Session, args: Mapping[str, str]) -> Asked:
    """The selection of ``args`` within the caller's oversight (``figures.requested``: a municipal
    office starts at its own prefecture); 403 for non-overseers; anything outside the scope, a
    malformed code or an unknown campaign is 404, as for anything that is not the caller's."""
    try:
        selection, scope = requested(session, current_user.actor, args)
    except InvalidSelection:
        abort(404)
    return Asked(selection, scope)


def args_of(selection: Selection) -> dict[str, str]:
    """The query string that asks for ``selection`` (the default campaign left out)."""
    args = {level: getattr(selection, level) for level in LEVELS if getattr(selection, level) is not None}
    if selection.campaign != DEFAULT_CAMPAIGN:
        args["campaign"] = selection.campaign
    return args


def milestone_of(args: Mapping[str, str]) -> str | None:
    milestone = args.get("milestone") or None
    if milestone is not None and milestone not in MILESTONES:
        abort(404)
    return milestone


def status_of(args: Mapping[str, str]) -> str:
    status = args.get("status") or "due"
    if status not in STATUSES:
        abort(404)
    return status


def case_titles(session: Session, instance_ids: set[int]) -> dict[int, str]:
    """The titles of the cases behind a list of units."""
    if not instance_ids:
        return {}
    rows = session.execute(
        select(ProcessInstance.id, ProcessInstance.title).where(ProcessInstance.id.in_(instance_ids))
    )
    return dict(rows.all())
