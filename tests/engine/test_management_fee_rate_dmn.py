"""管理费用标准: the yearly amount per retiree, a decision table a designer edits when the national
standard comes (issue 14, 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from engine.workflow.scripting import RestrictedScriptEngine
from engine.workflow.validation import ParsedSources, parse_sources

from .helpers import deciding_process

RATE_DMN = Path(__file__).parent.parent.parent / "processes" / "management_fee_rate.dmn"

DECIDING_PROCESS = deciding_process("decide_fee_rate", "management_fee_rate")


def rate(table: bytes, year: int) -> int:
    parsed: ParsedSources = parse_sources({"management_fee_rate.dmn": table, "rate.bpmn": DECIDING_PROCESS})
    wf = BpmnWorkflow(parsed.parser.get_spec("decide_fee_rate"), script_engine=RestrictedScriptEngine())
    wf.get_next_task(state=TaskState.READY).data.update(fee_year=year)
    wf.do_engine_steps()
    return wf.data["fee_per_retiree"]


@pytest.mark.parametrize("year", [2017, 2018, 2030])
def test_the_provisional_standard_is_1000_yuan_a_year_from_2017(year):
    """六(二)2: "管理费用暂按每人1000元的标准计算"."""
    assert rate(RATE_DMN.read_bytes(), year) == 1000


def test_a_year_before_the_campaign_has_no_standard():
    with pytest.raises(KeyError):  # no row matches: the fee case stops at the step that needs it
        rate(RATE_DMN.read_bytes(), 2016)


def test_the_national_standard_is_one_table_edit():
    """ "待国家层面……有关费用标准出台后，按国家相关政策、标准予以调整": close the open row, add one."""
    table = RATE_DMN.read_text(encoding="utf-8")
    national = table.replace("<text>&gt;= 2017</text>", "<text>2017 &lt;= ? &lt;= 2025</text>").replace(
        "    </decisionTable>",
        '      <rule id="national_standard"><inputEntry id="n_year"><text>&gt;= 2026</text></inputEntry>'
        '<outputEntry id="n_amount"><text>1200</text></outputEntry></rule>\n    </decisionTable>',
    )
    assert rate(national.encode("utf-8"), 2025) == 1000
    assert rate(national.encode("utf-8"), 2026) == 1200
