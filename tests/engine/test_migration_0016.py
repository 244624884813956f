"""Migration 0016 fills in, for work items made before it, the process each task belongs to (from
the definition's BPMN files) and, for running cases, whom the task is about (from its data)."""

from __future__ import annotations

import json

import pytest
from alembic import command
from sqlalchemy import text

from engine.migrate import alembic_config

BPMN = (
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">'
    '<bpmn:process id="retiree_handover_programme" name="省属企业退休人员移交">'
    '<bpmn:userTask id="survey_retirees"/></bpmn:process>'
    '<bpmn:process id="county_handover" name="县（市、区）具体移交">'
    '<bpmn:userTask id="sign_specific_agreement"/></bpmn:process></bpmn:definitions>'
)
STATE = {
    "tasks": {"g-survey": {"data": {"enterprise": {"name": "平煤神马"}}}},
    "subprocesses": {
        "s1": {"tasks": {"g-sign": {"data": {"county": {"name": "郑州市金水区", "code": "410105"}}}}}
    },
}


def _migrate(db_engine, direction, revision: str) -> None:
    config = alembic_config(db_engine)
    with db_engine.begin() as connection:
        config.attributes["connection"] = connection
        direction(config, revision)


def _a_case_before_0016(db_engine) -> None:
    with db_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO process_definition (id, key, version, name, content_hash, deployed_at, "
                "deployed_by, lanes, executable, sources) VALUES (1, 'retiree_handover_programme', 1, "
                "'省属企业退休人员移交', 'h', '2017-03-01 00:00:00', 'x', '[]', true, :sources)"
            ),
            {"sources": json.dumps({"programme.bpmn": BPMN})},
        )
        connection.execute(
            text(
                "INSERT INTO process_instance (id, definition_id, process_key, title, status, parties, "
                "state, started_at, started_by, updated_at, revision) VALUES (1, 1, "
                "'retiree_handover_programme', '平煤神马 退休人员移交', 'running', '{}', :state, "
                "'2017-03-01 00:00:00', 'x', '2017-03-01 00:00:00', 1)"
            ),
            {"state": json.dumps(STATE)},
        )
        items = ((1, "g-survey", "survey_retirees"), (2, "g-sign", "sign_specific_agreement"))
        for item_id, guid, spec in items:
            connection.execute(
                text(
                    "INSERT INTO task (id, instance_id, process_key, task_guid, spec_id, name, user_role, "
                    "title, state, created_at, revision) VALUES (:id, 1, 'retiree_handover_programme', "
                    ":guid, :spec, '事项', 'official', '平煤神马 退休人员移交', 'open', "
                    "'2017-03-01 00:00:00', 1)"
                ),
                {"id": item_id, "guid": guid, "spec": spec},
            )


@pytest.fixture
def before_0016(db_engine):
    """The database at 0015 for the test, back at head after it (the worker's later tests need
    every table)."""
    _migrate(db_engine, command.downgrade, "0015")
    yield db_engine
    _migrate(db_engine, command.upgrade, "head")


def test_items_made_before_0016_get_their_own_process_and_subject(before_0016):
    db_engine = before_0016
    _a_case_before_0016(db_engine)
    _migrate(db_engine, command.upgrade, "0016")
    with db_engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, task_process, task_process_name, subject, subject_code FROM task ORDER BY id")
        ).all()
    assert [tuple(row) for row in rows] == [
        (1, "retiree_handover_programme", "省属企业退休人员移交", "平煤神马", None),
        (2, "county_handover", "县（市、区）具体移交", "郑州市金水区", "410105"),
    ]
