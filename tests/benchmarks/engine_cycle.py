"""Benchmark: one completion through the engine (with its database commit) vs bare SpiffWorkflow.

Bare cycle: deserialize, complete the READY user task, do_engine_steps, serialize, with
SpiffWorkflow's own serializer (spec included in the state, as SpiffWorkflow does by default).
Engine cycle: ``engine.complete`` in its own transaction (load, checks, the same SpiffWorkflow
work, work items, timers, audit, commit). Prints medians and their ratio; never fails.

    python -m tests.benchmarks.engine_cycle [cases]
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from datetime import UTC, datetime

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from engine import Actor, Engine, SettableClock, serialization
from engine.database import make_session_factory
from engine.scripting import RestrictedScriptEngine
from tests.benchmarks.common import database_urls, fresh_database, label
from tests.engine.helpers import fixture_files

ENTERPRISE = Actor("bench.user", "org-bench-enterprise")
PARTIES = {"enterprise": "org-bench-enterprise", "receiving_government": "org-bench-county"}
DATA = {"roster": {"names": [f"退休人员{i}" for i in range(50)]}}


#: SpiffWorkflow's own serializer, as an application without our engine would use it
PLAIN = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG, serialization.data_registry()))


def bare_cycle(state: str, script_engine: RestrictedScriptEngine) -> None:
    """The bare SpiffWorkflow load-complete-save cycle on one serialised workflow."""
    workflow = PLAIN.deserialize_json(state)
    workflow.script_engine = script_engine
    (task,) = workflow.get_tasks(state=TaskState.READY, manual=True)
    task.data["compile_roster"] = DATA  # the engine keeps each form under its task id
    task.run()
    workflow.do_engine_steps()
    PLAIN.serialize_json(workflow)


def timed_ms(run) -> float:
    gc.collect()
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def engine_cycle(url: str, cases: int) -> tuple[float, float]:
    """(median bare ms, median engine ms) for ``cases`` completions on one database.

    The two are timed alternately, case by case, so that both meet the same machine noise.
    """
    with fresh_database(url) as db_engine:
        sessions = make_session_factory(db_engine)
        engine = Engine(clock=SettableClock(datetime(2017, 3, 1, tzinfo=UTC)))
        with sessions() as session, session.begin():
            engine.deploy(session, fixture_files("sample_handover.bpmn"))
        cases_ready = []
        for _ in range(cases):
            with sessions() as session, session.begin():
                case = engine.start(session, "sample_handover", PARTIES, actor=ENTERPRISE)
                (item,) = engine.work_items(session, case.id, state="open")
                engine.claim(session, item.id, ENTERPRISE)
                cases_ready.append((item.id, PLAIN.serialize_json(engine.workflow(session, case.id))))
        script_engine = RestrictedScriptEngine()
        bare, full = [], []

        def complete(item_id: int) -> None:
            with sessions() as session, session.begin():
                engine.complete(session, item_id, ENTERPRISE, DATA)

        for item_id, state in cases_ready:
            bare.append(timed_ms(lambda state=state: bare_cycle(state, script_engine)))
            full.append(timed_ms(lambda item_id=item_id: complete(item_id)))
        return statistics.median(bare), statistics.median(full)


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
