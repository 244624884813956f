"""A procedure that fails while running says where and why, and the case stays as it was."""

from __future__ import annotations

import pytest

from engine import WorkflowError

BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="d" targetNamespace="t">
  <bpmn:process id="failing" isExecutable="true">
    <bpmn:laneSet id="ls"><bpmn:lane id="l" name="enterprise">
      <bpmn:flowNodeRef>s</bpmn:flowNodeRef><bpmn:flowNodeRef>ask</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>e</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="ask" name="填写">
      <bpmn:extensionElements><spiffworkflow:properties>
        <spiffworkflow:property name="due" value="list_milestones(milestones)[0][&quot;date&quot;]" />
      </spiffworkflow:properties></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="ask" />
    <bpmn:sequenceFlow id="f2" sourceRef="ask" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>
"""


def test_a_rule_refusing_inside_an_expression_explains_itself_in_chinese(engine, tx, officials):
    with tx() as session:
        engine.deploy(session, {"failing.bpmn": BPMN.encode()})
    with pytest.raises(WorkflowError, match="ask: .*未知的时间节点：M9") as failed, tx() as session:
        engine.start(session, "failing", officials.parties, {"milestones": {"M9": "2017-03-31"}})
    assert "Error evaluating expression" in str(failed.value)
    with tx() as session:
        assert engine.inbox(session, officials.enterprise, "claimable").total == 0
