"""The people a county's documents list, read from the registry (人员名单): the register, the
archive list and the receipt print the registry's rows of the county hand-over, never a list
carried in the case data.

Rows are read in batches (``yield_per``), so a 20,000-person list never holds 20,000 ORM objects
at once: each is written into its row of display strings and let go; totals are counted in SQL.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from engine.directory.organisations import organisation_names
from engine.registry import handover
from engine.registry.retirees import Retiree

#: registry rows read per round trip while a list is written
BATCH = 500
#: archive statuses the archive department has taken in (accepted, or accepted as an exception)
SETTLED_ARCHIVES = ("accepted", "excepted")


@dataclass(frozen=True)
class ArchivesReceived:
    """What the archive department has received: people and the volumes of their archives."""

    people: int
    volumes: int


@dataclass(frozen=True)
class Totals:
    """A county's lists' totals, counted in SQL: 共N人，其中党员M人; 共N人N卷，材料N份."""

    people: int
    party_members: int
    volumes: int
    materials: int


@dataclass(frozen=True)
class CountyPeople:
    """One county hand-over's people in the registry, as its documents read them."""

    session: Session
    scope: handover.CountyScope

    def rows(self) -> Iterator[Retiree]:
        """The county's people in registry order (by id), streamed."""
        return iter(self.session.scalars(self.scope.people().execution_options(yield_per=BATCH)))

    def totals(self) -> Totals:
        """People, party members, archive volumes and material items of the county's people."""
        party = func.sum(case((Retiree.party_member.is_(True), 1), else_=0))
        people, members, volumes, materials = self.session.execute(
            select(
                func.count(),
                party,
                func.sum(func.coalesce(Retiree.archive_volumes, 0)),
                func.sum(func.coalesce(Retiree.archive_items, 0)),
            ).where(*self.scope.where())
        ).one()
        return Totals(int(people or 0), int(members or 0), int(volumes or 0), int(materials or 0))

    def fingerprint(self, *also: Any) -> str:
        """SHA-256 of everything the county's lists are written from: every registry column of
        its people, in order, the names of their communities, and ``also`` (what else the rows
        show: the enterprise's name, supplements). Raw rows, no formatting: a 20,000-person list
        is hashed in a fraction of the time it takes to write its rows."""
        digest = hashlib.sha256(
            json.dumps([self.community_names(), also], sort_keys=True, default=str).encode()
        )
        columns = select(*Retiree.__table__.columns).where(*self.scope.where()).order_by(Retiree.id)
        for row in self.session.execute(columns.execution_options(yield_per=BATCH)):
            digest.update(repr(tuple(row)).encode("utf-8"))
        return digest.hexdigest()

    def community_names(self) -> dict[str, str]:
        """Organisation id → name of the communities the county allocated its people to."""
        communities = select(Retiree.community_org).where(*self.scope.where()).distinct()
        return organisation_names(self.session, self.session.scalars(communities))

    def archives_received(self) -> ArchivesReceived:
        """People whose archives were accepted (or excepted), and the sum of their volumes."""
        people, volumes = self.session.execute(
            select(func.count(), func.sum(func.coalesce(Retiree.archive_volumes, 0))).where(
                *self.scope.where(), Retiree.archive_status.in_(SETTLED_ARCHIVES)
            )
        ).one()
        return ArchivesReceived(int(people or 0), int(volumes or 0))
