"""Drive a case step by step as the officials who own each task."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine import Engine

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
