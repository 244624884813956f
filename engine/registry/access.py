"""Who sees which retirees, and whose ID numbers they see in full (登记信息的查看范围).

Visible: an enterprise its own retirees; a receiving government those going to its county
(``destination_code`` = its division code); a community those received by it; an archive
department those going to the counties whose archives it takes (the routing directory's
``archive_department``); a 组织部门 the party members going to the counties whose party
relations it receives (``organisation_department``), masked; administrators and provincial
supervisors everyone, a municipal office those going to the counties of its prefecture. Nobody
else sees anyone, and a retiree one may not see does not exist for them.

Full ID numbers and phones: only the owning enterprise, the receiving government of the
retiree's county, who hand over and take over the person, and the community the county allocated
them to, which serves them from then on (DESIGN.md, "People live in the registry"), or the social
insurance agency that manages them until a community can (过渡期管理, ``interim``; it sees them,
in full, until they are received); the archive
department of the county sees them in full in its archive tasks only (``for_archive_work``).
Everyone else reads ``410***********1234`` and no phone. They do not see the birth date and hukou
code either: with the mask's first three and last four digits, those two spell out all of the
number but three digits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import Session

from engine.directory.access import oversight
from engine.directory.organisations import Organisation, routing_directory
from engine.directory.roles import Actor
from engine.errors import NotFound
from engine.policy import divisions
from engine.registry.retirees import HANDED_OVER, Retiree

MASK = "*" * 11


@dataclass(frozen=True)
class Viewer:
    """The person looking, with what the registry needs to know of their organisation."""

    organisation_id: str
    kind: str | None
    division_code: str | None
    overseer: bool
    #: the counties whose archives the organisation takes (archive departments only)
    archive_counties: tuple[str, ...] = ()
    #: a municipal office's prefecture (an overseer of one prefecture only)
    oversees_prefecture: str | None = None
    #: the counties whose party relations the organisation receives (组织部门 only)
    party_counties: tuple[str, ...] = ()


def viewer_of(session: Session, actor: Actor) -> Viewer:
    organisation = session.get(Organisation, actor.organisation_id)
    kind = organisation.kind if organisation is not None else None
    served: tuple[str, ...] = ()
    if kind in ("archive_department", "organisation_department"):
        entries = routing_directory(session).items()
        served = tuple(code for code, roles in entries if roles.get(kind) == organisation.id)
    scope = oversight(session, actor)
    return Viewer(
        actor.organisation_id,
        kind,
        organisation.division_code if organisation is not None else None,
        scope is not None,
        served if kind == "archive_department" else (),
        scope.prefecture if scope is not None else None,
        served if kind == "organisation_department" else (),
    )


def visible(viewer: Viewer) -> ColumnElement[bool]:
    """The registry rows the viewer may see, as a WHERE clause."""
    if viewer.overseer and viewer.oversees_prefecture:
        counties = divisions.henan_counties()
        return Retiree.destination_code.in_(
            [c for c in counties if divisions.prefecture_of(c) == viewer.oversees_prefecture]
        )
    if viewer.overseer:
        return true()
    if viewer.kind == "community":
        return Retiree.community_org == viewer.organisation_id
    if viewer.kind == "archive_department":
        return Retiree.destination_code.in_(viewer.archive_counties)
    if viewer.kind == "organisation_department":
        return Retiree.destination_code.in_(viewer.party_counties) & Retiree.party_member.is_(True)
    return full_id_rows(viewer)


def full_id_rows(viewer: Viewer) -> ColumnElement[bool]:
    """The rows whose ID numbers the viewer sees in full, as a WHERE clause."""
    if viewer.kind == "enterprise":
        return Retiree.enterprise_org == viewer.organisation_id
    if viewer.kind == "receiving_government" and viewer.division_code:
        return Retiree.destination_code == viewer.division_code
    if viewer.kind == "community":
        return Retiree.community_org == viewer.organisation_id
    if viewer.kind == "social_insurance_agency":  # 过渡期管理: it serves them until a community does
        return (Retiree.interim_manager_org == viewer.organisation_id) & (Retiree.status.not_in(HANDED_OVER))
    return false()


def sees_full_id(viewer: Viewer, retiree: Retiree, for_archive_work: bool = False) -> bool:
    """Whether the viewer sees this person's ID number and phone in full (see the module's doc)."""
    if viewer.kind == "enterprise":
        return retiree.enterprise_org == viewer.organisation_id
    if viewer.kind == "receiving_government":
        return bool(viewer.division_code) and retiree.destination_code == viewer.division_code
    if viewer.kind == "community":
        return retiree.community_org == viewer.organisation_id
    if viewer.kind == "archive_department" and for_archive_work:
        return retiree.destination_code in viewer.archive_counties
    if viewer.kind == "social_insurance_agency":
        return retiree.interim_manager_org == viewer.organisation_id and retiree.status not in HANDED_OVER
    return False


def mask(id_number: str) -> str:
    """``410105195001011234`` → ``410***********1234``."""
    return id_number[:3] + MASK + id_number[-4:]


@dataclass(frozen=True)
class Identity:
    """What of a retiree's identifying details a viewer is shown: the ID number, full or masked;
    birth date and hukou code, or None where the number is masked."""

    id_number: str
    birth_date: date | None
    hukou_code: str | None
    #: phone and 常住地址: how to reach the person, shown with the full number only
    phone: str | None = None
    address: str | None = None


def identity(viewer: Viewer, retiree: Retiree, for_archive_work: bool = False) -> Identity:
    if sees_full_id(viewer, retiree, for_archive_work):
        full = retiree
        return Identity(full.id_number, full.birth_date, full.hukou_code, full.phone, full.address)
    return Identity(mask(retiree.id_number), None, None)


def visible_retiree(session: Session, viewer: Viewer, retiree_id: int) -> Retiree:
    """The retiree, or ``NotFound`` when there is none or they are not the viewer's to see."""
    found = session.scalar(select(Retiree).where(Retiree.id == retiree_id, visible(viewer)))
    if found is None:
        raise NotFound(f"retiree {retiree_id} does not exist")
    return found


#: an 18-digit resident ID number inside a text (as typed, its last character may be a small x)
ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9Xx])")


def mask_all(text: str) -> str:
    """``text`` with every ID number in it masked, whoever it belongs to (logs, administrators'
    views)."""
    return ID_NUMBER.sub(lambda m: mask(m.group(0).upper()), text)


def masked_data(
    session: Session, viewer: Callable[[], Viewer], data: Any, for_archive_work: bool = False
) -> Any:
    """``data`` (case data a page or answer shows) with the ID number of every registered person
    the viewer may not see in full masked, wherever it stands: whatever a procedure put in its
    data, the registry's rule holds. ``viewer`` is asked for only when someone registered is in
    the data (it costs queries)."""
    numbers = sorted(set(ID_NUMBER.findall(json.dumps(data, ensure_ascii=False, default=str))))
    if not numbers:
        return data
    people = list(session.scalars(select(Retiree).where(Retiree.id_number.in_(numbers[:1000]))))
    if not people:
        return data
    looking = viewer()
    hidden = {p.id_number for p in people if not sees_full_id(looking, p, for_archive_work)}
    return _replaced(data, hidden) if hidden else data


def _replaced(value: Any, hidden: set[str]) -> Any:
    if isinstance(value, dict):
        return {key: _replaced(item, hidden) for key, item in value.items()}
    if isinstance(value, list):
        return [_replaced(item, hidden) for item in value]
    if isinstance(value, str):
        return ID_NUMBER.sub(lambda m: mask(m.group(0)) if m.group(0) in hidden else m.group(0), value)
    return value
