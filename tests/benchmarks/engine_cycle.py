"""Benchmark: one completion through the engine (with its database commit) vs bare SpiffWorkflow,
and every step of a county hand-over of 100 and of 20,000 registered retirees.

Sample: the bare cycle (deserialize, complete the READY user task, do_engine_steps, serialize, with
SpiffWorkflow's own serializer, spec included as SpiffWorkflow does by default) against
``engine.complete`` in its own transaction (load, checks, the same SpiffWorkflow work, work items,
timers, audit, commit); medians and their ratio.

County: N people registered in one county (as ``engine.registry.enrolment.enrol`` or a roster
import leaves them), a programme started on them and driven through ``engine.complete`` for every
step up to the county's confirmation, each completion in its own transaction (its claim in another,
untimed). The registry work officials do between steps (assigning everyone to a community, filling
the archive list) is timed apart. Prints each step's time and the stored workflow state
(``process_instance.state``) after it, the median step, the largest state and the ratios between
the sizes; targets at 20,000: every step ≤ 30 ms median, state ≤ 200 KB, both within 2× of 100.
Never fails.

    python -m tests.benchmarks.engine_cycle [cases [sizes...]]
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select

from engine import Actor, Engine, SettableClock
from engine.database import make_session_factory
from engine.listeners import domain_listeners, shown_task_data
from engine.policy.rules import count_management_staff, management_fee
from engine.registry import allocation, archives
from engine.registry.task_people import PeopleFilter, people_of
from engine.workflow import serialization
from engine.workflow.models import ProcessInstance
from engine.workflow.scripting import RestrictedScriptEngine
from tests.benchmarks.common import (
    completion_seconds,
    database_urls,
    fresh_database,
    kb,
    label,
    retirees,
    transactions,
)
from tests.engine.helpers import fixture_files
from tests.processes import campaign
from tests.processes import submissions as form
from tests.processes.driver import Driver

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


def _scenarios() -> list[Scenario]:
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
        engine = Engine(clock=clock, listeners=domain_listeners())
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


# -- a county hand-over of N registered people, step by step ----------------------------------------

COUNTY, PREFECTURE = "410105", "410100"  # 金水区, 郑州市
PROGRAMME_PARTIES = {"enterprise": campaign.ENTERPRISE, "supervisor": campaign.SUPERVISOR}


@dataclass
class CountyRun:
    """One county hand-over driven to its end: (task, ms, state bytes after) per completion, and
    the registry actions between them (what, ms)."""

    database: str
    size: int
    steps: list[tuple[str, float, int]] = field(default_factory=list)
    actions: list[tuple[str, float]] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(ms for _, ms, _ in self.steps)

    @property
    def slowest(self) -> tuple[str, float, int]:
        return max(self.steps, key=lambda step: step[1])

    @property
    def largest_state(self) -> int:
        return max(state for *_, state in self.steps)

    def over(self, ms: float) -> int:
        return sum(1 for _, took, _ in self.steps if took > ms)


@dataclass
class CountySteps:
    """Completes a programme's tasks as their owners, timing each ``engine.complete``."""

    drive: Driver
    run: CountyRun
    case: int = 0

    def complete(self, spec_id: str, data: dict) -> None:
        item = self.drive.item(self.case, spec_id)
        gc.collect()
        elapsed_ms = completion_seconds(self.drive, item, data) * 1000
        self.run.steps.append((spec_id, elapsed_ms, self.state_size()))

    def act(self, what: str, spec_id: str, action: Callable) -> None:
        """As the holder of the open ``spec_id`` (claimed first), ``action(session, people, now)``
        in one timed transaction, reading the task's list as the page does."""
        item = self.drive.item(self.case, spec_id)
        actor = self.drive.officials.of(item.owner_org)
        with self.drive.tx() as session:
            self.drive.engine.claim(session, item.id, actor)

        def act() -> None:
            with self.drive.tx() as session:
                people = people_of(self.drive.engine.task_view(session, item.id, actor))
                action(session, people, self.drive.engine.clock.now())

        self.run.actions.append((what, timed_ms(act)))

    def state_size(self) -> int:
        with self.drive.tx() as session:
            state = session.scalar(select(ProcessInstance.state).where(ProcessInstance.id == self.case))
        return len(state.encode())


def county_run(url: str, size: int) -> CountyRun:
    """Every step of one county hand-over of ``size`` registered people, on a fresh database."""
    import forms

    people = list(retirees(COUNTY, size))
    with fresh_database(url) as db_engine:
        tx = transactions(make_session_factory(db_engine))
        engine = Engine(
            clock=SettableClock(datetime(2017, 3, 1, 9, tzinfo=UTC)),
            validator=forms.engine_validator,
            listeners=domain_listeners(),
            shown_data=shown_task_data,
        )
        with tx() as session:
            engine.deploy_directory(session, PROCESSES)
            campaign.register(session, people, counties=(COUNTY,))
        drive = Driver(engine, tx, campaign.Officials())
        steps = CountySteps(drive, CountyRun(label(url), size))
        data = {
            "enterprise": campaign.ENTERPRISE_INFO,
            "milestones": campaign.MILESTONES,
            "directory": campaign.directory((COUNTY,), (PREFECTURE,)),
        }
        steps.case = drive.start("retiree_handover_programme", PROGRAMME_PARTIES, data)
        _drive_county(steps, people)
        return steps.run


def _drive_county(steps: CountySteps, people: list[dict]) -> None:
    size, staff_due, fee = len(people), count_management_staff(len(people)), management_fee(len(people))
    members = sum(1 for person in people if person["party_member"])
    steps.complete("survey_retirees", form.survey(size))
    steps.complete("register_roster", form.registered())
    steps.complete("draft_framework_agreement", form.framework_draft())
    steps.complete("sign_framework_agreement", form.approve())
    steps.complete("draft_specific_agreement", form.specific_draft(size, staff_due))
    steps.complete("sign_specific_agreement", form.approve())
    steps.complete("verify_retiree_data", form.all_correct())
    community = campaign.community_org(COUNTY)
    steps.act(
        "assign all to one community",
        "allocate_to_communities",
        lambda session, listed, now: allocation.assign(
            session, listed, community, now, filters=PeopleFilter(community="unassigned")
        ),
    )
    steps.complete("allocate_to_communities", {})
    steps.complete("receive_retirees", form.received(size))
    steps.complete("transfer_party_relations", form.party_transfer(members))
    steps.complete("receive_party_relations", form.party_received(members))
    staff = [(person["name"], person["id_number"]) for person in people[:staff_due]]
    steps.complete("hand_over_management_staff", form.staff(*staff))
    steps.complete("receive_management_staff", form.staff_accepted())
    steps.act(
        "fill blank archive rows",
        "sort_archives",
        lambda session, listed, now: archives.fill_blank(session, listed.scope, 1, 12, now),
    )
    steps.complete("sort_archives", form.archive_list())
    steps.complete("check_archives", form.archives_complete())
    steps.complete("issue_archive_receipt", form.archive_receipt(size))
    steps.complete("store_archives", form.archives_stored())
    steps.complete("record_management_fee", form.fee_plan(fee // 2, fee - fee // 2))
    steps.complete("confirm_county_handover", form.county_done())


def print_county_runs(runs: list[CountyRun]) -> None:
    """The runs of one database side by side: a column per size, then the figures to read."""
    print(f"county hand-over through engine.complete, one transaction each ({runs[0].database}): "
          "ms, and stored workflow state after the step")  # fmt: skip
    print(f"  {'step':28}" + "".join(f"{f'{run.size} people':>23}" for run in runs))
    for n, (spec_id, *_) in enumerate(runs[0].steps):
        cells = "".join(f"{run.steps[n][1]:10.1f} ms {kb(run.steps[n][2]):6.1f} KB" for run in runs)
        print(f"  {spec_id:28}{cells}")
    small, large = runs[0], runs[-1]
    print(f"  {'median step':28}" + "".join(f"{run.median_ms:10.1f} ms{'':10}" for run in runs)
          + "  (target ≤ 30 ms)")  # fmt: skip
    print(f"  {'largest state':28}" + "".join(f"{'':14}{kb(run.largest_state):6.1f} KB" for run in runs)
          + "  (target ≤ 200 KB)")  # fmt: skip
    print(f"  {'steps over 30 ms':28}" + "".join(f"{run.over(30):10d}{'':13}" for run in runs))
    for run in runs:
        name, ms, _ = run.slowest
        print(f"  slowest step at {run.size}: {name} {ms:.1f} ms")
    print(
        f"  {large.size} vs {small.size}: median step ×{large.median_ms / small.median_ms:.2f}, "
        f"largest state ×{large.largest_state / small.largest_state:.2f}  (target ≤ 2)"
    )
    print("  registry actions between the steps (one transaction each, the task's list read first):")
    for n, (what, _) in enumerate(runs[0].actions):
        print(f"  {what:28}" + "".join(f"{run.actions[n][1]:10.1f} ms{'':10}" for run in runs))


def main(cases: int = 300, sizes: tuple[int, ...] = (100, 20_000)) -> tuple[list[tuple], list[CountyRun]]:
    """(sample rows: name, database, bare ms, engine ms; county runs)."""
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
    runs = []
    for url in database_urls():
        measured = [county_run(url, size) for size in sizes]
        print_county_runs(measured)
        runs += measured
    return rows, runs


if __name__ == "__main__":
    numbers = [int(a) for a in sys.argv[1:]]
    main(numbers[0] if numbers else 300, tuple(numbers[1:]) or (100, 20_000))
