"""Drive a case step by step as the officials who own each task."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from engine import Engine
from engine.registry import allocation, archives
from engine.registry.retirees import Retiree
from engine.registry.task_people import PeopleFilter, people_of

from . import campaign
from .campaign import Officials


@dataclass
class Driver:
    engine: Engine
    tx: Any
    officials: Officials

    def start(self, process: str, parties: dict, data: dict, title: str = "") -> int:
        with self.tx() as session:
            starter = self.officials.of(next(iter(parties.values())))
            return self.engine.start(session, process, parties, data, actor=starter, title=title).id

    def open_items(self, case: int, spec_id: str | None = None) -> list:
        with self.tx() as session:
            items = self.engine.work_items(session, case, state="open")
        return [i for i in items if spec_id is None or i.spec_id == spec_id]

    def open_specs(self, case: int) -> list[str]:
        return sorted(i.spec_id for i in self.open_items(case))

    def item(self, case: int, spec_id: str, owner: str | None = None):
        items = [i for i in self.open_items(case, spec_id) if owner is None or i.owner_org == owner]
        assert items, f"no open {spec_id} (owner {owner}); open: {self.open_specs(case)}"
        assert len(items) == 1, f"several open {spec_id}: {[(i.id, i.owner_org) for i in items]}"
        return items[0]

    def complete(self, case: int, spec_id: str, data: dict, owner: str | None = None):
        """Claim and complete the open task ``spec_id`` as an official of its owner."""
        return self.complete_item(self.item(case, spec_id, owner), data)

    def complete_item(self, item, data: dict):
        actor = self.officials.of(item.owner_org)
        with self.tx() as session:
            self.engine.claim(session, item.id, actor)
        with self.tx() as session:
            self.engine.complete(session, item.id, actor, data)
        return item

    def data(self, case: int, spec_id: str, owner: str | None = None) -> dict:
        """The case data the holder of the open task ``spec_id`` sees."""
        return self.item_data(self.item(case, spec_id, owner))

    def item_data(self, item) -> dict:
        with self.tx() as session:
            return self.engine.task_data(session, item.id, self.officials.of(item.owner_org))

    def by_county(self, case: int, spec_id: str) -> dict[str, object]:
        """The open ``spec_id`` items of a programme, keyed by the county they belong to."""
        return {self.item_data(i)["county"]["code"]: i for i in self.open_items(case, spec_id)}

    def status(self, case: int) -> str:
        with self.tx() as session:
            return self.engine.instance(session, case).status

    # -- the registry ---------------------------------------------------------------------------

    def register(self, people=None, **kwargs) -> None:
        """Organisations and people in the registry, as a roster import would leave them."""
        with self.tx() as session:
            campaign.register(session, people, **kwargs)

    def assign(self, item, community: str, names=None) -> int:
        """As the holder of an allocation task, assign the named people (all unassigned ones by
        default) to ``community``; the task is claimed first."""
        actor = self.officials.of(item.owner_org)
        with self.tx() as session:
            self.engine.claim(session, item.id, actor)
            people = people_of(self.engine.task_view(session, item.id, actor))
            now = self.engine.clock.now()
            if names is None:
                return allocation.assign(
                    session, people, community, now, filters=PeopleFilter(community="unassigned")
                ).assigned
            ids = list(session.scalars(select(Retiree.id).where(Retiree.name.in_(list(names)))))
            return allocation.assign(session, people, community, now, retiree_ids=ids).assigned

    def people(self, case: int, code: str, **where) -> list:
        """The registry rows of a county of the programme ``case`` (ordered by id)."""
        with self.tx() as session:
            query = select(Retiree).where(
                Retiree.instance_id == case, Retiree.destination_code == code, Retiree.excluded.is_(False)
            )
            for key, value in where.items():
                query = query.where(getattr(Retiree, key) == value)
            rows = list(session.scalars(query.order_by(Retiree.id)))
            session.expunge_all()
            return rows

    def allocate_all(self, case: int, code: str, community: str | None = None) -> None:
        """The county assigns everyone unassigned to one community and submits its allocation."""
        item = self.item(case, "allocate_to_communities", campaign.county_org(code))
        self.assign(item, community or campaign.community_org(code))
        self.complete_item(item, {})

    def fill_archives(self, case: int, code: str, volumes: int = 1, items: int = 12) -> None:
        """The enterprise fills every blank row of the county's archive transfer list."""
        item = self.by_county(case, "sort_archives")[code]
        actor = self.officials.of(item.owner_org)
        with self.tx() as session:
            people = people_of(self.engine.task_view(session, item.id, actor))
            archives.fill_blank(session, people.scope, volumes, items, self.engine.clock.now())
