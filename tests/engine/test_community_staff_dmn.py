"""社区移交工作人员数: the community_staff decision table (processes/community_staff.dmn) holds the
seed's numbers — 五(四)1 "1000户以下的，移交工作人员5人；1000户至2000户的，移交7人；2000户至3000户的，
移交9人；3000户以上的，每增加300户增加1人" — as a designer may edit it in dmn-js."""

from __future__ import annotations

from pathlib import Path

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from engine.workflow.scripting import RestrictedScriptEngine
from engine.workflow.validation import ParsedSources, parse_sources

from .helpers import deciding_process

COMMUNITY_STAFF_DMN = Path(__file__).parents[2] / "processes" / "community_staff.dmn"


@pytest.fixture(scope="module")
def parsed() -> ParsedSources:
    files = {
        "community_staff.dmn": COMMUNITY_STAFF_DMN.read_bytes(),
        "decide.bpmn": deciding_process("decide_community_staff", "community_staff"),
    }
    return parse_sources(files)


def staff_for(parsed: ParsedSources, households: int) -> int:
    spec = parsed.parser.get_spec("decide_community_staff")
    wf = BpmnWorkflow(spec, script_engine=RestrictedScriptEngine())
    wf.get_next_task(state=TaskState.READY).data.update(households=households)
    wf.do_engine_steps()
    assert wf.is_completed()
    return wf.last_task.data["community_staff_due"]


@pytest.mark.parametrize(
    ("households", "staff"),
    [
        (0, 5),
        (999, 5),
        (1000, 7),  # "1000户至2000户": 1000 opens the second band
        (1999, 7),
        (2000, 9),  # and 2000 the third
        (2999, 9),
        (3000, 9),  # "3000户以上" begins above 3000
        (3001, 9),
        (3299, 9),  # only a full 300 more adds one
        (3300, 10),
        (3301, 10),
        (3599, 10),
        (3600, 11),
        (6000, 19),
    ],
)
def test_community_staff_follow_the_household_bands_and_each_full_300_above_3000(parsed, households, staff):
    assert staff_for(parsed, households) == staff


def test_exactly_one_rule_answers_every_number_of_households(parsed):
    """The table's hit policy is UNIQUE: overlapping or missing bands would fail here."""
    for households in range(0, 4000, 50):
        assert staff_for(parsed, households) >= 5
