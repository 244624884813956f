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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from engine import Actor, Engine, SettableClock
from engine.database import make_session_factory
from engine.listeners import domain_listeners
from engine.workflow import serialization
from engine.workflow.definitions import read_directory
from engine.workflow.scripting import RestrictedScriptEngine
from tests.benchmarks.common import database_urls, fresh_database, label
from tests.engine.helpers import fixture_files

ENTERPRISE = Actor("bench.user", "org-ent-pingmei")
PROCESSES = Path(__file__).resolve().parent.parent.parent / "processes"


@dataclass(frozen=True)
class Scenario:
    """A process and the first task a benchmark completes in each of its cases."""

    name: str
    files: Callable[[], dict[str, bytes]]
    process: str
    parties: dict
    data: Callable[[], dict]
    task: str
    form: dict
    validator: Callable | None = None


def _county_start() -> dict:
    from engine.policy import rules
    from tests.processes import campaign

    grouped = rules.group_roster(campaign.roster(), campaign.ENTERPRISE_INFO, campaign.directory())
    return {
        "county": grouped["counties"][0],
        "enterprise": campaign.ENTERPRISE_INFO,
        "milestones": campaign.MILESTONES,
    }


def _scenarios() -> list[Scenario]:
    import forms
    from tests.processes import submissions

    return [
        Scenario(
            "sample (4 steps)",
            lambda: fixture_files("sample_handover.bpmn"),
            "sample_handover",
            {"enterprise": "org-ent-pingmei", "receiving_government": "org-bench-county"},
            dict,
            "compile_roster",
            {"roster": {"names": [f"退休人员{i}" for i in range(50)]}},
        ),
        Scenario(
            "county_handover",
            lambda: read_directory(PROCESSES),
            "county_handover",
            {"enterprise": "org-ent-pingmei"},
            _county_start,
            "draft_specific_agreement",
            submissions.specific_draft(4, 1),
            forms.engine_validator,
        ),
    ]


#: SpiffWorkflow's own serializer, as an application without our engine would use it
PLAIN = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG, serialization.data_registry()))


def bare_cycle(state: str, script_engine: RestrictedScriptEngine, scenario: Scenario) -> None:
    """The bare SpiffWorkflow load-complete-save cycle on one serialised workflow."""
    workflow = PLAIN.deserialize_json(state)
    workflow.script_engine = script_engine
    (task,) = workflow.get_tasks(state=TaskState.READY, manual=True)
    task.data[scenario.task] = scenario.form  # as the engine does: each form under its task id
    task.run()
    workflow.do_engine_steps()
    PLAIN.serialize_json(workflow)


def timed_ms(run) -> float:
    gc.collect()
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def engine_cycle(url: str, cases: int, scenario: Scenario) -> tuple[float, float]:
    """(median bare ms, median engine ms) for ``cases`` completions on one database.

    The two are timed alternately, case by case, so that both meet the same machine noise.
    """
    with fresh_database(url) as db_engine:
        sessions = make_session_factory(db_engine)
        clock = SettableClock(datetime(2017, 3, 1, tzinfo=UTC))
        engine = Engine(clock=clock, validator=scenario.validator, listeners=domain_listeners())
        with sessions() as session, session.begin():
            engine.deploy(session, scenario.files())
        cases_ready = []
        for _ in range(cases):
            with sessions() as session, session.begin():
                case = engine.start(
                    session, scenario.process, scenario.parties, scenario.data(), actor=ENTERPRISE
                )
                (item,) = engine.work_items(session, case.id, state="open")
                engine.claim(session, item.id, ENTERPRISE)
                cases_ready.append((item.id, PLAIN.serialize_json(engine.workflow(session, case.id))))
        script_engine = RestrictedScriptEngine()
        bare, full = [], []

        def complete(item_id: int) -> None:
            with sessions() as session, session.begin():
                engine.complete(session, item_id, ENTERPRISE, scenario.form)

        for item_id, state in cases_ready:
            bare.append(timed_ms(lambda state=state: bare_cycle(state, script_engine, scenario)))
            full.append(timed_ms(lambda item_id=item_id: complete(item_id)))
        return statistics.median(bare), statistics.median(full)


def main(cases: int = 300) -> list[tuple[str, str, float, float]]:
    rows = []
    print(f"engine cycle vs bare SpiffWorkflow, {cases} completions each (median ms)")
    for scenario in _scenarios():
        for url in database_urls():
            bare, full = engine_cycle(url, cases, scenario)
            rows.append((scenario.name, label(url), bare, full))
            print(
                f"  {scenario.name:17} {label(url):10}  bare {bare:6.2f} ms   "
                f"engine.complete+commit {full:6.2f} ms   ratio {full / bare:4.2f}  (target ≤ 3)"
            )
    return rows


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
