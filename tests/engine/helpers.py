"""Small helpers for engine tests: reading fixture files, driving a task to completion."""

from __future__ import annotations

from pathlib import Path

from engine import Actor, Engine

ENGINE_FIXTURES = Path(__file__).parent.parent / "fixtures" / "engine"


def deciding_process(process_id: str, decision_id: str) -> bytes:
    """A one-step process whose business rule task runs decision ``decision_id`` (a DMN's test)."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
                  id="{process_id}_definitions" targetNamespace="http://yijiao.example/bpmn">
  <bpmn:process id="{process_id}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:businessRuleTask id="decide" name="Decide">
      <bpmn:extensionElements>
        <spiffworkflow:calledDecisionId>{decision_id}</spiffworkflow:calledDecisionId>
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming>
      <bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:businessRuleTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="decide" />
    <bpmn:sequenceFlow id="f2" sourceRef="decide" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>""".encode()


def fixture_files(*names: str) -> dict[str, bytes]:
    return {name: (ENGINE_FIXTURES / name).read_bytes() for name in names}


def deploy_samples(engine: Engine, tx) -> None:
    with tx() as session:
        engine.deploy(session, fixture_files("sample_handover.bpmn", "sample_milestone.bpmn"))


def open_item(engine: Engine, tx, instance_id: int, spec_id: str):
    with tx() as session:
        items = [i for i in engine.work_items(session, instance_id, state="open") if i.spec_id == spec_id]
    assert len(items) == 1, f"expected one open {spec_id}, got {items}"
    return items[0]


def claim_and_complete(engine: Engine, tx, item_id: int, actor: Actor, data: dict) -> None:
    with tx() as session:
        engine.claim(session, item_id, actor)
    with tx() as session:
        engine.complete(session, item_id, actor, data)


def claimed_sample_case(engine: Engine, tx, actor: Actor, parties: dict) -> tuple[int, object]:
    """A sample hand-over started by ``actor``, its first task claimed by them: (case, item)."""
    deploy_samples(engine, tx)
    with tx() as session:
        case = engine.start(session, "sample_handover", parties, actor=actor).id
    item = open_item(engine, tx, case, "compile_roster")
    with tx() as session:
        engine.claim(session, item.id, actor)
    return case, item
