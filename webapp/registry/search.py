"""Searching the registry: the filters a page, an export or an API call carries, as one ``select()``.

``q`` is a name (matched anywhere in it, names starting with it first) or an ID number: all 18
characters, or its last 4 or more. A viewer who sees someone's number masked may look them up by
the whole number or the last 4 (what the mask shows), not by a longer tail, which would reveal
hidden digits one query at a time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.orm import Session

from engine.policy import resident_id
from engine.registry.access import Viewer, full_id_rows, visible
from engine.registry.retirees import ARCHIVE_STATUSES, STATUSES, Retiree

from ..paging import MAX_PAGE, positive_number

ID_QUERY = re.compile(r"^\d{3,17}[\dX]$")
#: a number as the registry masks it: its first three and last four characters
MASKED_QUERY = re.compile(r"^(\d{3})\*{11}(\d{3}[\dX])$")
MASK_SHOWS = 4
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class RetireeFilter:
    q: str | None = None
    enterprise: str | None = None
    county: str | None = None
    community: str | None = None
    status: str | None = None
    archive_status: str | None = None

    def args(self) -> dict[str, str]:
        """The filter as query-string arguments (for paging and export links)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int


@dataclass(frozen=True)
class RetireePage:
    items: list[Retiree]
    total: int
    page: int
    per_page: int


#: query parameter → what is wrong with it
Problems = dict[str, list[str]]


def parse(args: Mapping[str, str], default_per_page: int) -> tuple[RetireeFilter, Paging, Problems]:
    """Filters and paging from query arguments, and what was wrong with them (pages ignore it,
    the API answers 422); a wrong value is dropped, never half-applied."""
    problems: Problems = {}
    values = {f.name: (args.get(f.name) or "").strip() or None for f in fields(RetireeFilter)}
    for name, allowed in (("status", STATUSES), ("archive_status", ARCHIVE_STATUSES)):
        if values[name] is not None and values[name] not in allowed:
            problems[name] = [f"只能是 {'、'.join(allowed)} 之一"]
            values[name] = None
    page = min(positive_number(args, "page", 1, problems), MAX_PAGE)
    per_page = min(positive_number(args, "per_page", default_per_page, problems), MAX_PER_PAGE)
    return RetireeFilter(**values), Paging(page, per_page), problems


def query(viewer: Viewer, chosen: RetireeFilter) -> Select[tuple[Retiree]]:
    """The viewer's visible retirees that pass the filter, in a stable order."""
    statement = select(Retiree).where(visible(viewer), *_conditions(viewer, chosen))
    order: list[Any] = [Retiree.destination_code, Retiree.name, Retiree.id]
    if chosen.q and not ID_QUERY.match(chosen.q.upper()):
        order.insert(0, case((Retiree.name.startswith(chosen.q, autoescape=True), 0), else_=1))
    return statement.order_by(*order)


def _conditions(viewer: Viewer, chosen: RetireeFilter) -> list[ColumnElement[bool]]:
    conditions = [
        column == value
        for column, value in (
            (Retiree.enterprise_org, chosen.enterprise),
            (Retiree.destination_code, chosen.county),
            (Retiree.community_org, chosen.community),
            (Retiree.status, chosen.status),
            (Retiree.archive_status, chosen.archive_status),
        )
        if value
    ]
    if chosen.status is None:  # the deceased (已故) leave every active list: shown only when asked for
        conditions.append(Retiree.status != "deceased")
    if chosen.q:
        conditions.append(_matches(viewer, chosen.q))
    return conditions


def _matches(viewer: Viewer, q: str) -> ColumnElement[bool]:
    """Name; a masked number as the viewer reads it (``410***********1234``) or its last four
    digits; more of a number only among the people whose numbers the viewer sees in full — a
    full-number search must not confirm a guess about someone shown masked (issue 13: 234
    guesses recovered a number)."""
    number = resident_id.normalised(q.strip()).upper()
    masked = MASKED_QUERY.match(number)
    if masked:
        head, tail = masked.group(1), masked.group(2)
        return and_(Retiree.id_number.startswith(head), Retiree.id_number.endswith(tail))
    if not ID_QUERY.match(number):
        return Retiree.name.contains(q, autoescape=True)
    if len(number) == 18:
        return and_(full_id_rows(viewer), Retiree.id_number == number)
    tail = Retiree.id_number.endswith(number, autoescape=True)
    return tail if len(number) == MASK_SHOWS else and_(full_id_rows(viewer), tail)


def page(session: Session, viewer: Viewer, chosen: RetireeFilter, paging: Paging) -> RetireePage:
    statement = query(viewer, chosen)
    total = count(session, statement)
    offset = (paging.page - 1) * paging.per_page
    items = list(session.scalars(statement.limit(paging.per_page).offset(offset)))
    return RetireePage(items, total, paging.page, paging.per_page)


def count(session: Session, statement: Select) -> int:
    return session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))


@dataclass(frozen=True)
class Choices:
    """What the filter menus offer: the values found among the viewer's retirees."""

    enterprises: list[str]
    counties: list[str]
    communities: list[str]


def choices(session: Session, viewer: Viewer) -> Choices:
    def distinct(column) -> list[str]:
        found = session.scalars(select(column).where(visible(viewer), column.is_not(None)).distinct())
        return sorted(found)

    return Choices(
        distinct(Retiree.enterprise_org), distinct(Retiree.destination_code), distinct(Retiree.community_org)
    )
