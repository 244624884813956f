"""Starting a case from a page: the start form's answers become the case's parties and data."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import NotYourTask
from engine.directory.organisations import Organisation, routing_directory
from engine.policy.rules import DEFAULT_MILESTONES

from ..auth.accounts import SignedIn


def organisation_choices(session: Session, kind: str) -> list[tuple[str, str]]:
    rows = session.scalars(
        select(Organisation)
        .where(Organisation.kind == kind, Organisation.active.is_(True))
        .order_by(Organisation.id)
    )
    return [(o.id, o.name) for o in rows]


def _chosen(session: Session, organisation_id: str, kind: str) -> str:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or organisation.kind != kind or not organisation.active:
        raise NotYourTask(f"{organisation_id} is not an active {kind}")
    return organisation.id


def _supervisor(session: Session) -> dict[str, str]:
    offices = organisation_choices(session, "supervisor")
    return {"supervisor": offices[0][0]} if offices else {}


def case_start(
    session: Session, process: str, answers: dict[str, Any], user: SignedIn, today: date
) -> tuple[dict, dict, str]:
    """(parties, data, title) of a new case of ``process`` from the validated start form."""
    organisation = user.organisation_id
    if process == "retiree_handover_programme":
        enterprise = {
            "name": answers["enterprise_name"],
            "location_code": answers["location_code"],
            "devolved_from_centre": answers["devolved_from_centre"],
            "industry": answers["industry"],
        }
        data = {
            "enterprise": enterprise,
            "milestones": dict(DEFAULT_MILESTONES),
            "directory": routing_directory(session),
        }
        return (
            {"enterprise": organisation, **_supervisor(session)},
            data,
            f"{enterprise['name']} 退休人员移交",
        )
    if process == "community_org_handover":
        county = _chosen(session, answers["receiving_government"], "receiving_government")
        community = {
            "name": answers["community_name"],
            "households": answers["households"],
            "setting": answers["setting"],
            "staff": answers["staff"],
        }
        data = {"community_org": community, "milestones": dict(DEFAULT_MILESTONES)}
        return {"enterprise": organisation, "receiving_government": county}, data, f"{community['name']} 移交"
    if process == "archive_lookup":
        archives = _chosen(session, answers["archive_department"], "archive_department")
        request = {key: answers[key] for key in ("retiree_name", "id_number", "purpose", "kind")}
        request["submitted_on"] = today.isoformat()
        return (
            {"community": organisation, "archive_department": archives},
            {"request": request},
            f"{request['retiree_name']} 档案{request['kind']}",
        )
    if process == "milestone_schedule":
        milestones = {code.upper(): answers[code] for code in ("m1", "m2", "m3", "m4")}
        data = {"campaign": {"name": answers["campaign_name"]}, "milestones": milestones}
        return {"supervisor": organisation}, data, f"{answers['campaign_name']} 时间节点督办"
    raise NotYourTask(f"process '{process}' cannot be started from a page")
