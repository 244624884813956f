"""The engine refuses task data that its form refuses, with the form's Chinese messages."""

from __future__ import annotations

from typing import Any

import pytest

import forms
from engine import Engine, InvalidTaskData
from tests.engine.helpers import claim_and_complete, deploy_samples, open_item

from .helpers import FORM_FIXTURES, TEST_FORMS, fixture, load_form, retiree


def validator(
    form_key: str | None, data: dict[str, Any], _form_text: str | None = None
) -> dict[str, list[str]]:
    """``forms.engine_validator`` that also knows the test-only forms (roster_form.bpmn asks for one)."""
    if form_key in TEST_FORMS:
        return load_form(form_key).validate(data)
    return forms.engine_validator(form_key, data)


@pytest.fixture
def engine(clock) -> Engine:
    return Engine(clock=clock, validator=validator)


@pytest.fixture
def roster_task(engine, tx, officials):
    """The open register_roster task (form retiree_rows) of a new case of
    tests/fixtures/forms/roster_form.bpmn."""
    with tx() as session:
        engine.deploy(session, {"roster_form.bpmn": (FORM_FIXTURES / "roster_form.bpmn").read_bytes()})
        case = engine.start(session, "forms_roster", officials.parties, actor=officials.enterprise)
    return case.id, open_item(engine, tx, case.id, "register_roster")


def test_a_task_with_invalid_form_data_is_refused_with_chinese_messages(engine, tx, officials, roster_task):
    _, item = roster_task
    with pytest.raises(InvalidTaskData) as refused:
        claim_and_complete(
            engine, tx, item.id, officials.enterprise, {"roster": [retiree(sex="女", phone="110")]}
        )
    assert refused.value.errors == {
        "roster.0.sex": ["性别与身份证号不符"],
        "roster.0.phone": ["电话号码应为11位手机号，或带区号的固定电话（如 0371-12345678）"],
    }
    with tx() as session:
        assert engine.work_items(session, item.instance_id, state="open")[0].id == item.id


def test_a_task_with_valid_form_data_completes_and_the_case_moves_on(engine, tx, officials, roster_task):
    case_id, item = roster_task
    claim_and_complete(engine, tx, item.id, officials.enterprise, fixture("retiree_rows.good.json"))
    assert open_item(engine, tx, case_id, "survey_retirees").form_key == "survey_retirees"


def test_the_sample_process_validated_through_an_engine_mapping_its_form(clock, tx, officials):
    """A validator that maps another process's form key to ours (the sample's ``sample_roster``)."""
    engine = Engine(
        clock=clock,
        validator=lambda key, data, _text: forms.engine_validator(
            "register_roster" if key == "sample_roster" else key, data
        ),
    )
    deploy_samples(engine, tx)
    with tx() as session:
        case = engine.start(session, "sample_handover", officials.parties, actor=officials.enterprise)
    item = open_item(engine, tx, case.id, "compile_roster")
    with pytest.raises(InvalidTaskData) as refused:
        claim_and_complete(engine, tx, item.id, officials.enterprise, {"confirmed": False})
    assert refused.value.errors == {"confirmed": ["须确认"]}


def test_engine_validator_takes_any_data_for_a_task_without_a_form():
    assert forms.engine_validator(None, {"anything": 1}) == {}


def test_engine_validator_refuses_data_for_an_unknown_form():
    assert forms.engine_validator("no_such_form", {}) == {"": ["未知表单 no_such_form"]}
