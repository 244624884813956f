"""Searching tasks and cases by a person (按人员查找待办): the registry finds the people a search
names — by name, by the masked ID number a viewer is shown, or by the full number where the
viewer sees it in full — among those the viewer may see (``access.visible``), so that a county
finds its own retirees' tasks and nothing of another county's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.directory.roles import Actor
from engine.policy import divisions
from engine.registry import access
from engine.registry.retirees import Retiree
from engine.workflow.worklist import InboxFilter, PersonFound

#: the most people one search goes on with (a search matching more is too broad to help)
MOST_PEOPLE = 200
#: ``410***********1234`` as the registry masks it (any number of stars, as typed)
MASKED_ID = re.compile(r"^([0-9]{3})\*+([0-9]{3}[0-9Xx])$")
FULL_ID = re.compile(r"^[0-9]{17}[0-9Xx]$")


def with_people(session: Session, actor: Actor, filters: InboxFilter) -> InboxFilter:
    """``filters`` with the people its search ``q`` names, as the actor may see them, and the
    Henan places whose name holds it (a community organisation's case is about 金水区 too)."""
    if not filters.q:
        return filters
    return replace(filters, people=people_named(session, actor, filters.q), places=places_named(filters.q))


def places_named(q: str) -> tuple[str, ...]:
    """The division codes of the Henan counties and prefectures whose full name holds ``q``."""
    q = q.strip()
    if len(q) < 2 or q.isdigit():
        return ()
    counties = divisions.henan_counties()
    codes = sorted(set(counties) | {divisions.prefecture_of(code) for code in counties})
    return tuple(code for code in codes if q in divisions.full_name(code))


def people_named(session: Session, actor: Actor, q: str) -> tuple[PersonFound, ...]:
    """The people ``q`` names that the actor may see (at most ``MOST_PEOPLE``)."""
    q = q.strip()
    viewer = access.viewer_of(session, actor)
    masked, full = MASKED_ID.match(q), FULL_ID.match(q)
    if full:
        # only where the viewer sees the number: a masked viewer must not learn whose it is
        found = Retiree.id_number == q.upper()
        query = select(Retiree).where(found, access.full_id_rows(viewer), access.visible(viewer))
    elif masked:
        pattern = f"{masked.group(1)}{'_' * 11}{masked.group(2).upper()}"
        query = select(Retiree).where(Retiree.id_number.like(pattern), access.visible(viewer))
    elif len(q) >= 2 and not q.isdigit():
        query = select(Retiree).where(Retiree.name == q, access.visible(viewer))
    else:
        return ()
    people = session.scalars(query.order_by(Retiree.id).limit(MOST_PEOPLE))
    return tuple(_found(person) for person in people)


def _found(person: Retiree) -> PersonFound:
    code = person.destination_code
    codes = (code, divisions.prefecture_of(code)) if code else ()
    return PersonFound(person.instance_id, codes, person.name)
