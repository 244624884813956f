"""Our procedures open in bpmn-js and Camunda Modeler without import warnings and pass bpmnlint's
recommended rules, as `node tools/lint_processes.mjs` reports them (processes/README.md)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = sorted((ROOT / "processes").glob("*.bpmn"))
CHECK = ROOT / "tools" / "lint_processes.mjs"
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"


def lint(*files: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "bpmnlint").is_dir():
        pytest.fail("the check needs Node and the npm packages: run `make setup` (npm ci)")
    return subprocess.run(
        [node, str(CHECK), *map(str, files)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_our_processes_open_without_warnings_and_pass_bpmnlint_recommended():
    result = lint(*PROCESSES)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr


def test_the_rules_are_bpmnlint_recommended_with_none_turned_off():
    assert json.loads((ROOT / ".bpmnlintrc").read_text()) == {"extends": "bpmnlint:recommended"}


def test_each_loop_collection_is_declared_in_its_process_under_the_name_of_the_case_data_it_reads():
    """SpiffWorkflow reads the collection from the case data by the reference's text; a process
    property (or a data input of the process) of that id gives modelers something to resolve it to."""
    for path in PROCESSES:
        for process in etree.parse(str(path)).iter(f"{BPMN}process"):
            names = {d.get("id"): d.get("name") for d in process.iterfind(f"{BPMN}property")}
            io = process.find(f"{BPMN}ioSpecification")
            if io is not None:
                names |= {
                    d.get("id"): d.get("name") for d in io if d.tag.endswith(("dataInput", "dataOutput"))
                }
            for kind in ("loopDataInputRef", "loopDataOutputRef"):
                for ref in process.iter(f"{BPMN}{kind}"):
                    assert names.get(ref.text) == ref.text, f"{path.name}: {kind} {ref.text} is not declared"


COUNTY = ROOT / "processes" / "county_handover.bpmn"
PROPERTY = re.compile(r'<bpmn:property id="allocations".*?</bpmn:property>\s*', re.S)
DEFINITIONS = '<bpmn:definitions xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '


def unnamed_start(xml: str) -> str:
    return xml.replace(
        '<bpmn:startEvent id="county_start" name="本县移交开始">', '<bpmn:startEvent id="county_start">'
    )


def undeclared_collection(xml: str) -> str:
    return PROPERTY.sub("", xml, count=1)


def start_drawn_twice(xml: str) -> str:
    shape = re.search(r'<bpmndi:BPMNShape id="county_start_di".*?</bpmndi:BPMNShape>', xml, re.S).group()
    return xml.replace(shape, shape + shape.replace('id="county_start_di"', 'id="county_start_again"'))


def unknown_camunda_element(xml: str) -> str:
    xml = xml.replace("<bpmn:definitions ", DEFINITIONS, 1)
    return xml.replace(
        "<spiffworkflow:instructionsForEndUser>",
        "<camunda:inputOutputs/>\n<spiffworkflow:instructionsForEndUser>",
        1,
    )


@pytest.mark.parametrize(
    "break_it, finding",
    [
        (unnamed_start, "county_start: label-required (error): Element is missing label/name"),
        (undeclared_collection, "receive_retirees: bpmn-js import: unresolved reference <allocations>"),
        (
            start_drawn_twice,
            "county_start: bpmn-js import: multiple DI elements defined for <bpmn:StartEvent",
        ),
        (
            unknown_camunda_element,
            "Camunda Modeler import: unparsable content <camunda:inputOutputs/> detected",
        ),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_the_check_reports_what_a_modeler_would(tmp_path, break_it, finding):
    original = COUNTY.read_text(encoding="utf-8")
    broken = break_it(original)
    assert broken != original
    copy = tmp_path / "county_handover.bpmn"
    copy.write_text(broken, encoding="utf-8")
    result = lint(copy)
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if finding in line], result.stdout
