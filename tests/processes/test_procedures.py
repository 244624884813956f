"""The procedures' declarations (engine/procedures/) name only what the diagrams hold: every task
id a declaration keys on is an element of that procedure's own process in processes/, and every
effect it names is one the registry, the milestone units and the documents know."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

import forms
from engine.aftercare.records import RECORDS, STARTED
from engine.procedures import PROCEDURES, Procedure, Returned
from engine.progress.units import CHANGES, STARTS
from engine.registry.status import MOVES
from webapp.documents.kinds import KINDS

PROCESSES = Path(__file__).resolve().parents[2] / "processes"
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"


def elements_of_each_process() -> dict[str, set[str]]:
    """Process id → the ids of the flow elements inside it (not those of other processes)."""
    found: dict[str, set[str]] = {}
    for path in PROCESSES.glob("*.bpmn"):
        for process in etree.parse(str(path)).iter(f"{BPMN}process"):
            found[process.get("id")] = {e.get("id") for e in process.iter() if e.get("id")}
    return found


ELEMENTS = elements_of_each_process()


def named_ids(procedure: Procedure) -> set[str]:
    """Every task id the declaration keys on or points to."""
    agreements = {i for a in procedure.agreements.values() for i in (a.drafted_at, a.signed_at)}
    returns = {r.by for s in procedure.steps.values() for r in s.returned_by if isinstance(r, Returned)}
    named = {*procedure.steps, *agreements, *procedure.document_sources.values(), *procedure.elements}
    return named | returns


@pytest.mark.parametrize("key", sorted(PROCEDURES))
def test_every_id_a_declaration_names_is_an_element_of_its_process(key):
    assert key in ELEMENTS, f"no process '{key}' in processes/"
    assert named_ids(PROCEDURES[key]) - ELEMENTS[key] == set()


def test_every_process_of_processes_has_a_declaration():
    assert set(ELEMENTS) == set(PROCEDURES)


@pytest.mark.parametrize("key", sorted(PROCEDURES))
def test_every_effect_a_declaration_names_exists(key):
    procedure = PROCEDURES[key]
    steps = procedure.steps.values()
    assert {s.registry for s in steps if s.registry} - set(MOVES) == set()
    assert {s.progress for s in steps if s.progress} - set(CHANGES) == set()
    assert {s.record for s in steps if s.record} - set(RECORDS) == set()
    assert {kind for s in steps for kind in s.documents} - set(KINDS) == set()
    assert set(procedure.document_sources) | set(procedure.agreements) <= set(KINDS)
    assert procedure.started is None or procedure.started in STARTS


def test_every_move_and_change_is_declared_by_some_step():
    """A move nobody declares is dead code (or a task id renamed in a diagram only)."""
    steps = [s for p in PROCEDURES.values() for s in p.steps.values()]
    assert set(MOVES) == {s.registry for s in steps if s.registry}
    assert set(CHANGES) == {s.progress for s in steps if s.progress}
    assert set(STARTS) == {p.started for p in PROCEDURES.values() if p.started}
    assert set(RECORDS) == {s.record for s in steps if s.record}
    assert set(STARTED) <= set(PROCEDURES)


def test_a_process_has_a_start_mapping_exactly_when_it_has_a_start_form():
    with_form = {key for key in forms.keys() if key.startswith("start_")}
    assert {f"start_{key}" for key, p in PROCEDURES.items() if p.start} == with_form


def test_the_checker_sees_an_id_missing_from_the_diagram():
    from engine.procedures import Step

    renamed = Procedure(key="county_handover", steps={"sign_the_agreement": Step(progress="specific_signed")})
    assert named_ids(renamed) - ELEMENTS["county_handover"] == {"sign_the_agreement"}


def test_a_failed_fee_plan_check_names_both_figures():
    from engine.procedures.county_handover import FEE_PLAN_CHECK

    data = {"fee_planned": 3000, "fee_annual": 4000}
    assert FEE_PLAN_CHECK.applies(data) and not FEE_PLAN_CHECK.applies({**data, "fee_planned": 4000})
    expected = "各期金额合计与年度管理费用不符：各期金额合计（元） 3000，年度管理费用（元） 4000"
    assert FEE_PLAN_CHECK.message(data) == expected
