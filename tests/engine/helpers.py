"""Small helpers for engine tests: reading fixture files, driving a task to completion."""

from __future__ import annotations

from pathlib import Path

from engine import Actor, Engine

ENGINE_FIXTURES = Path(__file__).parent.parent / "fixtures" / "engine"


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
