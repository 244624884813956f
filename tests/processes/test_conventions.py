"""Every procedure follows the conventions of processes/README.md (checked on the files)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

import forms
from engine import LANE_ROLES

PROCESSES = Path(__file__).resolve().parent.parent.parent / "processes"
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}
FILES = sorted(PROCESSES.glob("*.bpmn"))
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def user_tasks() -> list:
    return [
        pytest.param(path.name, task, id=f"{path.stem}:{task.get('id')}")
        for path in FILES
        for task in etree.parse(str(path)).iterfind(".//bpmn:userTask", NS)
    ]


def properties(task) -> dict[str, str]:
    return {p.get("name"): p.get("value") for p in task.iterfind(".//spiffworkflow:property", NS)}


def test_the_procedures_are_there():
    assert {p.stem for p in FILES} == {
        "retiree_handover_programme",
        "prefecture_handover",
        "framework_agreement",
        "county_handover",
        "archive_handover",
        "interim_management",
        "management_fee",
        "archive_lookup",
        "community_org_handover",
        "milestone_schedule",
        # after the hand-over (issue 17)
        "death_report",
        "certification_campaign",
        "festival_visits",
        "community_transfer",
        "county_transfer",
        "new_retiree",
    }


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_process_is_executable_with_lanes_named_by_role(path):
    tree = etree.parse(str(path))
    for process in tree.iterfind(".//bpmn:process", NS):
        assert process.get("isExecutable") == "true"
        lanes = {lane.get("name") for lane in process.iterfind(".//bpmn:lane", NS)}
        assert lanes and lanes <= LANE_ROLES


@pytest.mark.parametrize("file, task", user_tasks())
def test_every_user_task_has_chinese_instructions(file, task):
    instructions = task.findtext(".//spiffworkflow:instructionsForEndUser", namespaces=NS) or ""
    assert len(CHINESE.findall(instructions)) >= 10, f"{task.get('id')} needs instructions in Chinese"
    assert CHINESE.search(task.get("name") or "")


@pytest.mark.parametrize("file, task", user_tasks())
def test_every_user_task_has_a_form_that_exists(file, task):
    assert properties(task).get("form") in forms.keys()


@pytest.mark.parametrize("file, task", user_tasks())
def test_every_user_task_has_a_milestone_or_a_service_deadline(file, task):
    props = properties(task)
    assert props.get("milestone") in {"M1", "M2", "M3", "M4"} or props.get("due")


def test_every_form_is_used_by_a_task():
    used = {properties(param.values[1]).get("form") for param in user_tasks()}
    task_forms = {key for key in forms.keys() if not key.startswith("start_")}  # start_*: starting a case
    assert task_forms - used == set()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_element_is_drawn(path):
    tree = etree.parse(str(path))
    drawn = {shape.get("bpmnElement") for shape in tree.iterfind(".//bpmndi:BPMNShape", NS)}
    drawn |= {edge.get("bpmnElement") for edge in tree.iterfind(".//bpmndi:BPMNEdge", NS)}
    nodes = {
        el.get("id")
        for el in tree.iterfind(".//bpmn:process//*[@id]", NS)
        if etree.QName(el).localname.endswith(("Task", "Event", "Gateway", "Activity", "Process", "Flow"))
        and etree.QName(el).localname not in {"multiInstanceLoopCharacteristics"}
        and not etree.QName(el).localname.endswith("EventDefinition")
    }
    assert nodes - drawn == set()
