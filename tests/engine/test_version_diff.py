"""版本比较: a readable diff between two versions of a process — elements added, removed and changed
(which attributes), in the process and the processes its bundle holds, and decision-table rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.versions.diff import Change, diff_versions

PROCESSES = Path(__file__).resolve().parents[2] / "processes"

BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="{pid}" name="{name}" isExecutable="true">{body}</bpmn:process>
</bpmn:definitions>"""

LANES = """<bpmn:laneSet id="lanes">
  <bpmn:lane id="lane_a" name="enterprise"><bpmn:flowNodeRef>start</bpmn:flowNodeRef>{a}</bpmn:lane>
  <bpmn:lane id="lane_b" name="receiving_government">{b}</bpmn:lane>
</bpmn:laneSet>"""

#: a start, one user task ``review`` and an end, joined by flows ``f1`` and ``f2``
BASE = {
    "lanes": LANES.format(a="<bpmn:flowNodeRef>review</bpmn:flowNodeRef>", b=""),
    "start": '<bpmn:startEvent id="start" name="开始"/>',
    "review": """<bpmn:userTask id="review" name="审核">
      <bpmn:extensionElements>
        <spiffworkflow:instructionsForEndUser>审核材料</spiffworkflow:instructionsForEndUser>
        <spiffworkflow:properties>
          <spiffworkflow:property name="form" value="review"/>
          <spiffworkflow:property name="due" value="today + timedelta(days=5)"/>
        </spiffworkflow:properties>
      </bpmn:extensionElements>
    </bpmn:userTask>""",
    "end": '<bpmn:endEvent id="end" name="结束"/>',
    "f1": '<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>',
    "f2": '<bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>',
}


def bpmn(parts: dict[str, str], pid: str = "p", name: str = "流程") -> str:
    return BPMN.format(pid=pid, name=name, body="\n".join(parts.values()))


def with_(**replaced: str) -> dict[str, str]:
    return {**BASE, **replaced}


def diff_of(old: dict[str, str], new: dict[str, str]):
    return diff_versions({"p.bpmn": bpmn(old)}, {"p.bpmn": bpmn(new)}, "p")


def summary(diff) -> set[tuple[str, str]]:
    return {(e.id, e.status) for e in diff.elements}


def changes_of(diff, element_id: str) -> dict[str, tuple[str | None, str | None]]:
    [element] = [e for e in diff.elements if e.id == element_id]
    return {c.attribute: (c.old, c.new) for c in element.changes}


def test_identical_versions_do_not_differ():
    diff = diff_of(BASE, dict(BASE))
    assert diff.empty and diff.elements == () and diff.decisions == ()


def test_a_file_s_name_and_layout_do_not_count():
    text = (PROCESSES / "archive_lookup.bpmn").read_text(encoding="utf-8")
    moved = text.replace('<dc:Bounds x="', '<dc:Bounds x="1', 3)
    assert diff_versions({"a.bpmn": text}, {"renamed.bpmn": moved.encode()}, "archive_lookup").empty


USER_TASK = '<bpmn:userTask id="check" name="复核"/>'
CHANGED = BASE["review"]


@pytest.mark.parametrize(
    "new, attribute, old_value, new_value",
    [
        (with_(review=CHANGED.replace('name="审核"', 'name="初审"')), "name", "审核", "初审"),
        (with_(review=CHANGED.replace('value="review"', 'value="review_v2"')), "form", "review", "review_v2"),
        (with_(review=CHANGED.replace("审核材料", "核对材料")), "instructions", "审核材料", "核对材料"),
        (
            with_(review=CHANGED.replace("days=5", "days=7")),
            "due",
            "today + timedelta(days=5)",
            "today + timedelta(days=7)",
        ),
        (
            with_(lanes=LANES.format(a="", b="<bpmn:flowNodeRef>review</bpmn:flowNodeRef>")),
            "lane",
            "enterprise",
            "receiving_government",
        ),
        (
            with_(review=CHANGED.replace("userTask", "manualTask")),
            "kind",
            "userTask",
            "manualTask",
        ),
    ],
    ids=["name", "form", "instructions", "due", "lane", "kind"],
)
def test_a_changed_task_names_the_attribute_with_both_values(new, attribute, old_value, new_value):
    diff = diff_of(BASE, new)
    assert summary(diff) == {("review", "changed")}
    assert changes_of(diff, "review") == {attribute: (old_value, new_value)}


def test_an_added_task_is_added_and_its_neighbours_flows_changed():
    new = with_(
        f2='<bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="check"/>',
        check=USER_TASK,
        f3='<bpmn:sequenceFlow id="f3" sourceRef="check" targetRef="end"/>',
    )
    diff = diff_of(BASE, new)
    assert summary(diff) == {("check", "added"), ("f3", "added"), ("f2", "changed"), ("end", "changed")}
    assert changes_of(diff, "f2") == {"target": ("end", "check")}
    assert changes_of(diff, "end") == {"incoming": ("f2", "f3")}
    added = next(e for e in diff.elements if e.id == "check")
    assert (added.kind, added.name, added.process) == ("userTask", "复核", "p")


def test_a_removed_task_is_removed():
    old = with_(check=USER_TASK)
    diff = diff_of(old, BASE)
    assert summary(diff) == {("check", "removed")}


TIMER = """<bpmn:intermediateCatchEvent id="wait" name="等待">
  <bpmn:timerEventDefinition id="t">
    <bpmn:timeDuration>"{duration}"</bpmn:timeDuration>
  </bpmn:timerEventDefinition>
</bpmn:intermediateCatchEvent>"""
GATEWAY = '<bpmn:exclusiveGateway id="ok" name="同意？" default="{default}"/>'
CONDITION = (
    '<bpmn:sequenceFlow id="yes" sourceRef="ok" targetRef="end">'
    "<bpmn:conditionExpression>{condition}</bpmn:conditionExpression></bpmn:sequenceFlow>"
)
CALL = '<bpmn:callActivity id="call" name="调用" calledElement="{called}"/>'
RULE_TASK = """<bpmn:businessRuleTask id="fee" name="费用">
  <bpmn:extensionElements><spiffworkflow:calledDecisionId>{decision}</spiffworkflow:calledDecisionId></bpmn:extensionElements>
</bpmn:businessRuleTask>"""
CAMUNDA_TASK = '<bpmn:userTask id="camunda_task" camunda:formKey="{form}"/>'
LOOP = """<bpmn:userTask id="each" name="逐县">
  <bpmn:multiInstanceLoopCharacteristics isSequential="{sequential}">
    <bpmn:loopDataInputRef>counties</bpmn:loopDataInputRef>
  </bpmn:multiInstanceLoopCharacteristics>
</bpmn:userTask>"""


@pytest.mark.parametrize(
    "element, template, before, after, attribute, expected",
    [
        (
            "wait",
            TIMER,
            {"duration": "PT1H"},
            {"duration": "PT2H"},
            "timer",
            ('timeDuration: "PT1H"', 'timeDuration: "PT2H"'),
        ),
        (
            "yes",
            CONDITION,
            {"condition": "ok == True"},
            {"condition": "ok"},
            "condition",
            ("ok == True", "ok"),
        ),
        ("ok", GATEWAY, {"default": "a"}, {"default": "b"}, "default", ("a", "b")),
        ("call", CALL, {"called": "old_p"}, {"called": "new_p"}, "called_process", ("old_p", "new_p")),
        ("fee", RULE_TASK, {"decision": "fee_a"}, {"decision": "fee_b"}, "decision", ("fee_a", "fee_b")),
        ("camunda_task", CAMUNDA_TASK, {"form": "a"}, {"form": "b"}, "form", ("a", "b")),
        (
            "each",
            LOOP,
            {"sequential": "false"},
            {"sequential": "true"},
            "loop",
            ("parallel; loopDataInputRef: counties", "sequential; loopDataInputRef: counties"),
        ),
    ],
    ids=["timer", "condition", "default flow", "called process", "decision", "camunda form key", "loop"],
)
def test_each_attribute_a_designer_changes_is_reported(element, template, before, after, attribute, expected):
    old, new = with_(extra=template.format(**before)), with_(extra=template.format(**after))
    diff = diff_of(old, new)
    assert changes_of(diff, element) == {attribute: expected}


def test_the_processes_of_the_bundle_are_compared_too():
    called_old = bpmn({"t": '<bpmn:userTask id="sign" name="签订"/>'}, pid="called", name="协议")
    called_new = bpmn({"t": '<bpmn:userTask id="sign" name="签署"/>'}, pid="called", name="协议")
    other = bpmn({"t": '<bpmn:task id="x"/>'}, pid="other", name="其他")
    old = {"p.bpmn": bpmn(BASE), "called.bpmn": called_old}
    new = {"p.bpmn": bpmn(BASE), "c.bpmn": called_new, "other.bpmn": other}
    diff = diff_versions(old, new, "p")
    assert diff.processes() == ["called", "other"]
    assert [(e.id, e.status) for e in diff.of("called")] == [("sign", "changed")]
    assert [(e.id, e.kind, e.status) for e in diff.of("other")] == [("other", "process", "added")]


def test_each_diagram_is_marked_with_what_its_side_shows():
    old = with_(gone=USER_TASK)
    new = with_(review=CHANGED.replace('name="审核"', 'name="初审"'), new='<bpmn:task id="fresh"/>')
    diff = diff_of(old, new)
    assert diff.marks("old") == {"review": "changed", "check": "removed"}
    assert diff.marks("new") == {"review": "changed", "fresh": "added"}


DMN = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="{ns}" id="defs" name="d" namespace="n">
  <decision id="fee_payer" name="管理费用承担">
    <decisionTable id="t" hitPolicy="{hit}">
      <input id="i1" label="原中央下放">
        <inputExpression id="e1"><text>devolved</text></inputExpression>
      </input>
      <output id="o1" label="承担方" name="payer"/>
      {rules}
    </decisionTable>
  </decision>
</definitions>"""
DMN_13 = "https://www.omg.org/spec/DMN/20191111/MODEL/"
DMN_12 = "http://www.omg.org/spec/DMN/20180521/MODEL/"


def rule(rule_id: str, when: str, then: str) -> str:
    return (
        f'<rule id="{rule_id}"><inputEntry id="{rule_id}_i"><text>{when}</text></inputEntry>'
        f'<outputEntry id="{rule_id}_o"><text>{then}</text></outputEntry></rule>'
    )


CENTRAL = rule("central", "True", '"central"')
PROVINCIAL = rule("provincial", "False", '"provincial"')


def dmn(*rules: str, hit: str = "UNIQUE", ns: str = DMN_13) -> str:
    return DMN.format(ns=ns, hit=hit, rules="\n".join(rules))


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (dmn(CENTRAL), dmn(CENTRAL, PROVINCIAL), [("provincial", "added")]),
        (dmn(CENTRAL, PROVINCIAL), dmn(CENTRAL), [("provincial", "removed")]),
        (dmn(CENTRAL), dmn(CENTRAL.replace('>"central"<', '>"provincial"<')), [("central", "changed")]),
        (dmn(CENTRAL, ns=DMN_12), dmn(CENTRAL.replace("True", "False"), ns=DMN_12), [("central", "changed")]),
    ],
    ids=["rule added", "rule removed", "rule changed", "DMN 1.2"],
)
def test_decision_table_rules_added_removed_and_changed(old, new, expected):
    diff = diff_versions({"p.bpmn": bpmn(BASE), "f.dmn": old}, {"p.bpmn": bpmn(BASE), "g.dmn": new}, "p")
    [decision] = diff.decisions
    assert (decision.id, decision.name, decision.status) == ("fee_payer", "管理费用承担", "changed")
    assert [(r.id, r.status) for r in decision.rules] == expected


def test_a_changed_rule_reads_as_its_condition_and_outcome():
    old, new = dmn(CENTRAL), dmn(CENTRAL.replace('>"central"<', '>"provincial"<'))
    [decision] = diff_versions({"f.dmn": old}, {"f.dmn": new}, "p").decisions
    [changed] = decision.rules
    assert changed.old.text == '原中央下放: True → 承担方: "central"'
    assert changed.new.text == '原中央下放: True → 承担方: "provincial"'


def test_a_table_s_hit_policy_is_a_change_of_the_decision():
    [decision] = diff_versions({"f.dmn": dmn(CENTRAL)}, {"f.dmn": dmn(CENTRAL, hit="FIRST")}, "p").decisions
    assert decision.changes == (Change("hit_policy", "UNIQUE", "FIRST"),)
    assert decision.rules == ()


def test_a_decision_added_to_the_bundle_is_added():
    [decision] = diff_versions(
        {"p.bpmn": bpmn(BASE)}, {"p.bpmn": bpmn(BASE), "f.dmn": dmn(CENTRAL)}, "p"
    ).decisions
    assert (decision.id, decision.status) == ("fee_payer", "added")


def test_a_file_in_another_declared_encoding_is_read_as_declared():
    text = bpmn(with_(review=CHANGED.replace('name="审核"', 'name="Prüfung"')))
    latin = (
        text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
        .replace("审核材料", "x")
        .replace("流程", "p")
    )
    latin = latin.replace("开始", "s").replace("结束", "e")
    utf8 = latin.replace('encoding="ISO-8859-1"', 'encoding="UTF-8"').replace("Prüfung", "Prüfen")
    diff = diff_versions({"p.bpmn": latin.encode("iso-8859-1")}, {"p.bpmn": utf8.encode("utf-8")}, "p")
    assert changes_of(diff, "review") == {"name": ("Prüfung", "Prüfen")}


def test_the_county_procedure_against_itself_has_no_difference():
    files = {p.name: p.read_bytes() for p in PROCESSES.iterdir() if p.suffix in (".bpmn", ".dmn")}
    assert diff_versions(files, dict(files), "county_handover").empty


def test_a_lane_mapped_to_another_role_is_a_changed_lane():
    files = {"p.bpmn": bpmn(BASE)}
    old_roles = {"p": {"enterprise": "enterprise"}}
    new_roles = {"p": {"enterprise": "prefecture_government"}}
    diff = diff_versions(files, dict(files), "p", old_roles, new_roles)
    assert summary(diff) == {("lane_a", "changed")}
    assert changes_of(diff, "lane_a") == {"role": ("enterprise", "prefecture_government")}
