"""Case data: later steps never rewrite what earlier tasks completed with; types survive storage."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from SpiffWorkflow.util.task import TaskState

from .helpers import claim_and_complete, deploy_samples, open_item


def completed_data(engine, tx, case, spec_id):
    with tx() as session:
        workflow = engine.workflow(session, case)
    return [t.data for t in workflow.get_tasks(state=TaskState.COMPLETED) if t.task_spec.bpmn_id == spec_id]


def test_a_script_editing_nested_data_leaves_the_completed_task_unchanged(engine, tx, officials):
    deploy_samples(engine, tx)
    with tx() as session:
        case = engine.start(session, "sample_handover", officials.parties, actor=officials.enterprise).id
    item = open_item(engine, tx, case, "compile_roster")
    claim_and_complete(engine, tx, item.id, officials.enterprise, {"roster": {"names": ["王芳"]}})
    (compiled,) = completed_data(engine, tx, case, "compile_roster")
    (recorded,) = completed_data(engine, tx, case, "record_roster")
    assert compiled["compile_roster"] == {"roster": {"names": ["王芳"]}}
    assert recorded["roster"] == {"names": ["王芳"], "rounds": 1}


def test_the_callers_dict_is_copied_in(engine, tx, officials):
    deploy_samples(engine, tx)
    with tx() as session:
        case = engine.start(session, "sample_handover", officials.parties, actor=officials.enterprise).id
    item = open_item(engine, tx, case, "compile_roster")
    submitted = {"roster": {"names": ["王芳"]}}
    with tx() as session:
        engine.claim(session, item.id, officials.enterprise)
        engine.complete(session, item.id, officials.enterprise, submitted)
        submitted["roster"]["names"].append("偷偷加上")
        engine.workflow(session, case)  # nothing the caller did after complete reaches the case
    (compiled,) = completed_data(engine, tx, case, "compile_roster")
    assert compiled["compile_roster"]["roster"]["names"] == ["王芳"]


def test_task_data_handed_out_is_a_copy(engine, tx, officials):
    deploy_samples(engine, tx)
    with tx() as session:
        case = engine.start(
            session,
            "sample_handover",
            officials.parties,
            {"county": {"name": "金水区"}},
            actor=officials.enterprise,
        ).id
    item = open_item(engine, tx, case, "compile_roster")
    with tx() as session:
        seen = engine.task_data(session, item.id, officials.enterprise)
        seen["county"]["name"] = "改掉"
        assert engine.task_data(session, item.id, officials.enterprise)["county"] == {"name": "金水区"}


def test_dates_and_decimals_survive_storage(engine, tx, officials):
    deploy_samples(engine, tx)
    data = {"signed_on": date(2017, 4, 28), "at": datetime(2017, 4, 28, 10, 0), "fee": Decimal("1000.00")}
    with tx() as session:
        case = engine.start(
            session, "sample_handover", officials.parties, data, actor=officials.enterprise
        ).id
    item = open_item(engine, tx, case, "compile_roster")
    with tx() as session:
        seen = engine.task_data(session, item.id, officials.enterprise)
    assert (seen["signed_on"], seen["at"], seen["fee"]) == (data["signed_on"], data["at"], data["fee"])


def test_submitted_form_is_kept_under_the_tasks_id(engine, tx, officials):
    deploy_samples(engine, tx)
    with tx() as session:
        case = engine.start(session, "sample_handover", officials.parties, actor=officials.enterprise).id
    item = open_item(engine, tx, case, "compile_roster")
    claim_and_complete(engine, tx, item.id, officials.enterprise, {"roster": {"names": ["王芳"]}})
    verify = open_item(engine, tx, case, "verify_retirees")
    with tx() as session:
        seen = engine.task_data(session, verify.id, officials.county)
    assert seen["compile_roster"]["roster"]["names"] == ["王芳"]
    assert "verify_retirees" not in seen  # the task being worked on has not submitted yet
