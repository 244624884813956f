"""The people a county's documents list, read from the registry (人员名单): the register, the
archive list and the receipt print the registry's rows of the county hand-over, never a list
carried in the case data.

Rows are read in batches (``yield_per``), so a 5,000-person list never holds 5,000 ORM objects
at once: each is written into its row of display strings and let go.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func, select
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
class CountyPeople:
    """One county hand-over's people in the registry, as its documents read them."""

    session: Session
    scope: handover.CountyScope

    def rows(self) -> Iterator[Retiree]:
        """The county's people in registry order (by id), streamed."""
        return iter(self.session.scalars(self.scope.people().execution_options(yield_per=BATCH)))

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
