"""迁移示例 — a small process with two versions, and cases put at each of its steps, for the tests
of migrating running cases (engine, API and pages).

Version 1: 准备材料 (enterprise) → 等待回复 (a two-day timer) → 审核材料 (county) → 旧版复核 (county).
Version 2 adds 签署确认 after 准备材料, renames 审核材料 and removes 旧版复核: a case waiting there
cannot move.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from engine import Actor, Engine, SettableClock

KEY = "migration_sample"
#: a process that calls the sample (its case waits inside the called process)
PARENT = "migration_parent"
FIXTURES = Path(__file__).parent / "fixtures" / "migration"
#: the steps a version-1 case passes, in order
STEPS = ("prepare", "wait_reply", "review", "old_check")
TIMER = timedelta(days=2)


def version_file(number: int) -> dict[str, bytes]:
    return {f"{KEY}.bpmn": (FIXTURES / f"{KEY}_v{number}.bpmn").read_bytes()}


def deploy(engine: Engine, tx, number: int) -> None:
    with tx() as session:
        engine.deploy(session, version_file(number))


def deploy_parent(engine: Engine, tx) -> None:
    with tx() as session:
        engine.deploy(session, {f"{PARENT}.bpmn": (FIXTURES / f"{PARENT}.bpmn").read_bytes()})


class Cases:
    """Starts cases of the sample and walks them to a step, as the officials of its two lanes."""

    def __init__(self, engine: Engine, tx, clock: SettableClock, parties: dict[str, str], actors: dict):
        self.engine, self.tx, self.clock = engine, tx, clock
        self.parties = parties
        self.actors: dict[str, Actor] = actors  # lane → who acts there

    def at(self, step: str, count: int = 1, process: str = KEY) -> list[int]:
        """``count`` new cases of ``process``, each waiting at the sample's ``step`` (one of ``STEPS``)."""
        with self.tx() as session:
            cases = [
                self.engine.start(session, process, self.parties, actor=self.actors["enterprise"]).id
                for _ in range(count)
            ]
        if step == "prepare":
            return cases
        self.complete_all(cases, "prepare")
        if step == "wait_reply":
            return cases
        self.clock.advance(TIMER + timedelta(hours=1))
        self.fire_timers()
        if step == "review":
            return cases
        self.complete_all(cases, "review")
        return cases

    def fire_timers(self) -> None:
        while True:
            with self.tx() as session:
                if self.engine.fire_due_timers(session) == 0:
                    return

    def open_item(self, case: int, spec_id: str):
        with self.tx() as session:
            items = [i for i in self.engine.work_items(session, case, "open") if i.spec_id == spec_id]
        assert len(items) == 1, f"case {case}: expected one open {spec_id}, got {items}"
        return items[0]

    def complete(self, case: int, spec_id: str, data: dict | None = None) -> None:
        item = self.open_item(case, spec_id)
        actor = self.actors[item.lane]
        with self.tx() as session:
            self.engine.claim(session, item.id, actor)
            self.engine.complete(session, item.id, actor, data or {})

    def complete_all(self, cases: list[int], spec_id: str) -> None:
        for case in cases:
            self.complete(case, spec_id)

    def open_steps(self, case: int) -> list[str]:
        with self.tx() as session:
            return [item.spec_id for item in self.engine.work_items(session, case, "open")]
