"""A process with no human step runs to its end when it starts: the case is completed then, not
left "running" for ever (issue 16: `instances.create` read the status before its default)."""

from __future__ import annotations

AUTOMATIC = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  id="automatic_definitions" targetNamespace="http://yijiao.example/bpmn">
  <bpmn:process id="automatic" name="自动完成" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:scriptTask id="note" name="记录"><bpmn:incoming>f1</bpmn:incoming>
      <bpmn:outgoing>f2</bpmn:outgoing><bpmn:script>noted = True</bpmn:script></bpmn:scriptTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="note"/>
    <bpmn:sequenceFlow id="f2" sourceRef="note" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>""".encode()


def test_a_case_that_completes_at_its_start_is_completed(engine, tx, clock):
    with tx() as session:
        engine.deploy(session, {"automatic.bpmn": AUTOMATIC})
        case = engine.start(session, "automatic", {"enterprise": "org-ent"})
        assert (case.status, case.completed_at) == ("completed", clock.now())
