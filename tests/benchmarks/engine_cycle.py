"""Benchmark: one completion through the engine (with its database commit) vs bare SpiffWorkflow.

Bare cycle: deserialize, complete the READY user task, do_engine_steps, serialize.
Engine cycle: ``engine.complete`` in its own transaction (load, checks, the same SpiffWorkflow
work, work items, timers, audit, commit). Prints medians and their ratio; never fails.

    python -m tests.benchmarks.engine_cycle [cases]
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import UTC, datetime

from SpiffWorkflow.util.task import TaskState

from engine import Actor, Engine, SettableClock, instances, serialization
from engine.database import make_session_factory
from engine.scripting import RestrictedScriptEngine
from tests.benchmarks.common import database_urls, fresh_database, label
from tests.engine.helpers import fixture_files

ENTERPRISE = Actor("bench.user", "org-bench-enterprise")
PARTIES = {"enterprise": "org-bench-enterprise", "receiving_government": "org-bench-county"}
DATA = {"roster": {"names": [f"退休人员{i}" for i in range(50)]}}


def bare_cycle_ms(states: list[str]) -> float:
    """Median of the bare SpiffWorkflow load-complete-save cycle over ``states``."""
    script_engine = RestrictedScriptEngine()
    samples = []
    for state in states:
        started = time.perf_counter()
        workflow = serialization.loads(state, script_engine)
        (task,) = workflow.get_tasks(state=TaskState.READY, manual=True)
        task.data.update(DATA)
        task.run()
        workflow.do_engine_steps()
        serialization.dumps(workflow)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def engine_cycle(url: str, cases: int) -> tuple[float, float]:
    """(median bare ms, median engine ms) for ``cases`` completions on one database."""
    with fresh_database(url) as db_engine:
        sessions = make_session_factory(db_engine)
        engine = Engine(clock=SettableClock(datetime(2017, 3, 1, tzinfo=UTC)))
        with sessions() as session, session.begin():
            engine.deploy(session, fixture_files("sample_handover.bpmn"))
        items, states = [], []
        for _ in range(cases):
            with sessions() as session, session.begin():
                case = engine.start(session, "sample_handover", PARTIES, actor=ENTERPRISE)
                (item,) = engine.work_items(session, case.id, state="open")
                engine.claim(session, item.id, ENTERPRISE)
                items.append(item.id)
                states.append(instances.get(session, case.id).state)
        bare = bare_cycle_ms(states)
        samples = []
        for item_id in items:
            started = time.perf_counter()
            with sessions() as session, session.begin():
                engine.complete(session, item_id, ENTERPRISE, DATA)
            samples.append((time.perf_counter() - started) * 1000)
        return bare, statistics.median(samples)


def main(cases: int = 300) -> list[tuple[str, float, float]]:
    rows = []
    print(f"engine cycle vs bare SpiffWorkflow, {cases} completions each (median ms)")
    for url in database_urls():
        bare, full = engine_cycle(url, cases)
        rows.append((label(url), bare, full))
        print(
            f"  {label(url):10}  bare {bare:6.2f} ms   engine.complete+commit {full:6.2f} ms   "
            f"ratio {full / bare:4.2f}  (target ≤ 3)"
        )
    return rows


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
