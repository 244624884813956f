"""Deploying definitions: versions by content, no-op redeploys, instances keep their version."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engine import InvalidDefinition
from engine.directory.audit import AuditEvent
from engine.workflow.models import ProcessDefinition

from .helpers import ENGINE_FIXTURES, claim_and_complete, deploy_samples, fixture_files, open_item


def renamed_verify_task() -> dict[str, bytes]:
    xml = (ENGINE_FIXTURES / "sample_handover.bpmn").read_text(encoding="utf-8")
    return {"sample_handover.bpmn": xml.replace("核实退休人员信息", "核实退休人员基本信息").encode()}


def test_first_deploy_creates_version_one_with_lanes(engine, tx):
    with tx() as session:
        deployments = engine.deploy(session, fixture_files("sample_handover.bpmn"))
    assert [(d.key, d.version, d.changed) for d in deployments] == [("sample_handover", 1, True)]
    with tx() as session:
        (definition,) = engine.processes(session)
        assert definition.name == "示例移交"
        assert definition.lanes == ["enterprise", "receiving_government"]
        assert definition.executable
        assert len(definition.content_hash) == 64


def test_deploying_unchanged_content_is_a_no_op(engine, tx):
    deploy_samples(engine, tx)
    with tx() as session:
        deployments = engine.deploy(session, fixture_files("sample_handover.bpmn"))
    assert {(d.key, d.version, d.changed) for d in deployments} == {
        ("sample_handover", 1, False),
        ("sample_milestone", 1, False),
        ("sample_reminder", 1, False),
    }
    with tx() as session:
        assert session.scalar(select(func.count()).select_from(ProcessDefinition)) == 3
        deploys = session.scalar(select(func.count()).where(AuditEvent.action == "deploy"))
        assert deploys == 3


def test_changed_content_becomes_the_next_version(engine, tx):
    deploy_samples(engine, tx)
    with tx() as session:
        deployments = {d.key: d for d in engine.deploy(session, renamed_verify_task())}
    assert (deployments["sample_handover"].version, deployments["sample_handover"].changed) == (2, True)
    assert deployments["sample_milestone"].changed is False


def test_running_instance_stays_on_the_version_it_started_on(engine, tx, officials):
    deploy_samples(engine, tx)
    with tx() as session:
        old_case = engine.start(session, "sample_handover", officials.parties, actor=officials.enterprise).id
    with tx() as session:
        engine.deploy(session, renamed_verify_task())
        new_case = engine.start(session, "sample_handover", officials.parties, actor=officials.enterprise).id
    for case in (old_case, new_case):
        item = open_item(engine, tx, case, "compile_roster")
        claim_and_complete(engine, tx, item.id, officials.enterprise, {"roster": {"names": ["王芳"]}})
    assert open_item(engine, tx, old_case, "verify_retirees").name == "核实退休人员信息"
    assert open_item(engine, tx, new_case, "verify_retirees").name == "核实退休人员基本信息"
    with tx() as session:
        versions = {
            case: session.get(ProcessDefinition, engine.instance(session, case).definition_id).version
            for case in (old_case, new_case)
        }
    assert versions == {old_case: 1, new_case: 2}


def test_a_bad_file_deploys_nothing_even_beside_good_ones(engine, tx):
    files = fixture_files("sample_handover.bpmn") | {"broken.bpmn": b"<bpmn:definitions"}
    with pytest.raises(InvalidDefinition) as refused, tx() as session:
        engine.deploy(session, files)
    assert refused.value.problems[0].file == "broken.bpmn"
    with tx() as session:
        assert engine.processes(session) == []


def test_a_file_that_is_not_utf8_and_declares_nothing_is_refused_by_name_line_and_column(engine, tx):
    with pytest.raises(InvalidDefinition) as refused, tx() as session:
        engine.deploy(session, {"gbk.bpmn": "<流程/>".encode("gbk")})
    [problem] = refused.value.problems
    assert (problem.file, problem.line) == ("gbk.bpmn", 1)
    assert "byte 0xC1 at line 1, column 2" in problem.message
    assert "declares no encoding, so it must be UTF-8" in problem.message


def test_deploy_directory_reads_bpmn_and_dmn_files(engine, tx, tmp_path):
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "sample_handover.bpmn").write_bytes(
        (ENGINE_FIXTURES / "sample_handover.bpmn").read_bytes()
    )
    (tmp_path / "notes.txt").write_text("not a definition")
    with tx() as session:
        deployments = engine.deploy_directory(session, tmp_path)
    assert [d.key for d in deployments] == ["sample_handover"]


BAD = ENGINE_FIXTURES.parent / "bad"
GOOD = ENGINE_FIXTURES.parent / "good"


@pytest.mark.parametrize("bad_file", sorted(p.name for p in BAD.iterdir()))
def test_each_bad_definition_is_refused_with_file_and_line_and_deploys_nothing(engine, tx, bad_file):
    files = fixture_files("sample_handover.bpmn") | {bad_file: (BAD / bad_file).read_bytes()}
    with pytest.raises(InvalidDefinition) as refused, tx() as session:
        engine.deploy(session, files)
    (problem,) = refused.value.problems
    assert problem.file == bad_file and problem.line and problem.message
    with tx() as session:
        assert engine.processes(session) == []
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_call_activities_and_decision_tables_deploy_together(engine, tx):
    files = {p.name: p.read_bytes() for p in GOOD.iterdir()}
    with tx() as session:
        deployed = {d.key: d.version for d in engine.deploy(session, files)}
        sources = {d.key: sorted(d.sources) for d in engine.processes(session)}
    assert deployed and all(version == 1 for version in deployed.values())
    assert any(len(files) > 1 for files in sources.values())  # a caller carries what it calls


def test_changing_a_called_process_versions_its_callers_too(engine, tx):
    files = {p.name: p.read_bytes() for p in GOOD.iterdir()}
    with tx() as session:
        engine.deploy(session, files)
    changed = {"archive.bpmn": files["archive.bpmn"].replace(b"Register the volumes", b"Count the volumes")}
    with tx() as session:
        versions = {d.key: (d.version, d.changed) for d in engine.deploy(session, changed)}
    assert versions["archive_batch"] == (2, True)
    assert versions["sample_county_handover"] == (2, True)
