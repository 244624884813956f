"""管理费用承担: the fee_payer decision table, run through SpiffWorkflow on the restricted engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.util.task import TaskState

from engine.workflow.scripting import RestrictedScriptEngine
from engine.workflow.validation import ParsedSources, parse_sources

from .helpers import deciding_process

FEE_PAYER_DMN = Path(__file__).parent.parent.parent / "processes" / "fee_payer.dmn"

DECIDING_PROCESS = deciding_process("decide_fee_payer", "fee_payer")


@pytest.fixture(scope="module")
def parsed() -> ParsedSources:
    return parse_sources({"fee_payer.dmn": FEE_PAYER_DMN.read_bytes(), "decide.bpmn": DECIDING_PROCESS})


def decide(parsed: ParsedSources, enterprise: dict) -> BpmnWorkflow:
    wf = BpmnWorkflow(parsed.parser.get_spec("decide_fee_payer"), script_engine=RestrictedScriptEngine())
    wf.get_next_task(state=TaskState.READY).data.update(enterprise=enterprise)
    wf.do_engine_steps()
    return wf


def test_deploy_checks_accept_the_fee_payer_table():
    parsed = parse_sources({"fee_payer.dmn": FEE_PAYER_DMN.read_bytes()})
    assert parsed.decision_files == {"fee_payer": "fee_payer.dmn"}


def test_a_process_calling_the_table_depends_on_its_file(parsed):
    assert parsed.decisions["decide_fee_payer"] == {"fee_payer"}


@pytest.mark.parametrize(
    ("devolved", "industry", "payer"),
    [
        (True, "煤炭", "central"),
        (True, "有色金属", "central"),
        (True, "军工", "central"),
        (True, "其他", "provincial"),
        (False, "煤炭", "provincial"),
        (False, "有色金属", "provincial"),
        (False, "军工", "provincial"),
        (False, "其他", "provincial"),
    ],
)
def test_central_finance_pays_only_for_devolved_coal_nonferrous_and_military_enterprises(
    parsed, devolved, industry, payer
):
    wf = decide(parsed, {"name": "某企业", "devolved_from_centre": devolved, "industry": industry})
    assert wf.is_completed()
    assert wf.data["fee_payer"] == payer


@pytest.mark.parametrize("devolved", [True, False])
def test_an_industry_outside_the_list_is_paid_by_the_province(parsed, devolved):
    wf = decide(parsed, {"devolved_from_centre": devolved, "industry": "化工"})
    assert wf.data["fee_payer"] == "provincial"


def test_an_enterprise_without_the_devolved_flag_fails_the_decision(parsed):
    with pytest.raises(WorkflowTaskException):
        decide(parsed, {"industry": "煤炭"})
