"""The forms of a version's user tasks, drawn as the officials see them, and the form editor's
preview over HTTP: who reads them, what is drawn, and the problems of a schema written by hand."""

from __future__ import annotations

import json
import re

import pytest

import forms

from .test_modeler import COUNTY, COUNTY_BPMN, as_user, data_attribute, post_json, versions

PREVIEW = "/processes/forms/preview"
COUNTY_FORMS = "/processes/county_handover/versions/1/forms"


def verify_form() -> dict:
    return json.loads(json.dumps(forms.load("verify_retiree_data").schema))


def preview(client, key: str, schema) -> tuple[int, dict]:
    text = schema if isinstance(schema, str) else json.dumps(schema, ensure_ascii=False)
    response = post_json(client, PREVIEW, {"key": key, "schema": text})
    return response.status_code, response.get_json()


# -- the preview ----------------------------------------------------------------------------------


def test_a_good_schema_is_drawn_with_its_title_and_field_labels(client, designer):
    schema = verify_form()
    schema["title"] = "核实退休人员信息（试行）"
    status, answer = preview(as_user(client, designer), "verify_retiree_data", schema)
    assert status == 200 and answer["problems"] == []
    html = answer["html"]
    assert "核实退休人员信息（试行）" in html
    assert "信息全部无误" in html and "身份证号" in html and "有误项目" in html
    assert "<fieldset disabled>" in html  # read only
    assert 'name="all_correct"' in html  # the official's inputs, by the task page's macros


def test_a_review_form_shows_its_two_buttons_instead_of_its_decision_field(client, designer):
    form = forms.load("agreement_review")
    status, answer = preview(as_user(client, designer), form.key, form.schema)
    assert status == 200, answer
    assert form.decision.yes in answer["html"] and form.decision.no in answer["html"]
    assert f'name="{form.decision.field}"' not in answer["html"]


def test_a_new_form_from_the_minimal_template_is_drawn(client, designer):
    template = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "新表单",
        "type": "object",
        "properties": {},
        "additionalProperties": False,
        "x-ui": {"order": []},
    }
    status, answer = preview(as_user(client, designer), "new_form", template)
    assert (status, answer["problems"]) == (200, [])
    assert "新表单" in answer["html"]


def test_text_that_is_not_json_is_listed_as_a_problem_and_not_drawn(client, designer):
    status, answer = preview(as_user(client, designer), "verify_retiree_data", '{"title": "核实",')
    assert status == 200
    assert answer["html"] is None
    assert len(answer["problems"]) == 1
    assert answer["problems"][0].startswith("verify_retiree_data.json: 不是有效的 JSON")


def test_a_field_left_out_of_the_order_is_listed_as_a_problem_and_not_drawn(client, designer):
    schema = verify_form()
    schema["x-ui"]["order"].remove("corrections")
    status, answer = preview(as_user(client, designer), "verify_retiree_data", schema)
    assert status == 200 and answer["html"] is None
    assert answer["problems"] == [
        "verify_retiree_data.json: 表单: x-ui.order 应依次列出全部字段 ['all_correct', 'corrections']"
    ]


def test_a_schema_json_schema_refuses_is_listed_as_a_problem(client, designer):
    schema = verify_form()
    schema["properties"]["all_correct"]["type"] = "yes-or-no"
    status, answer = preview(as_user(client, designer), "verify_retiree_data", schema)
    assert status == 200 and answer["html"] is None
    assert any("properties.all_correct.type" in problem for problem in answer["problems"]), answer


#: valid JSON Schema with something other than an object where the form's hints are read
UNREADABLE = {
    "a property that is true": ({"a": True}, {"order": ["a"]}),
    "x-ui that is a list": ({}, []),
    "a decision that is a word": ({}, {"order": [], "decision": "ok"}),
    "a decision without its buttons": (
        {"ok": {"type": "boolean", "title": "同意"}},
        {"order": ["ok"], "widgets": {"ok": "checkbox"}, "decision": {"field": "ok"}},
    ),
}


@pytest.mark.parametrize("case", UNREADABLE)
def test_a_form_whose_hints_are_not_objects_is_listed_as_a_problem_not_an_error(client, designer, case):
    properties, ui = UNREADABLE[case]
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "试表",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "x-ui": ui,
    }
    status, answer = preview(as_user(client, designer), "trial", schema)
    assert status == 200 and answer["html"] is None
    [problem] = answer["problems"]
    assert problem.startswith("trial.json: ") and "应为对象" in problem


@pytest.mark.parametrize(
    "body",
    [
        ["not", "an", "object"],
        {"schema": "{}"},
        {"key": "Bad Key", "schema": "{}"},
        {"key": "verify_retiree_data"},
        {"key": "verify_retiree_data", "schema": {"title": "an object, not its text"}},
    ],
)
def test_a_malformed_preview_request_is_refused_with_400(client, designer, body):
    response = post_json(as_user(client, designer), PREVIEW, body)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]


def test_the_preview_needs_the_csrf_token(client, designer):
    response = post_json(as_user(client, designer), PREVIEW, {"key": "a", "schema": "{}"}, token=False)
    assert response.status_code == 400


# -- the forms of a version -------------------------------------------------------------------------


def test_the_forms_page_draws_the_form_of_every_user_task_of_the_version(client, designer):
    html = as_user(client, designer).get(COUNTY_FORMS).get_data(as_text=True)
    tasks = re.findall(r'data-task="([a-z_0-9]+)"', html)
    # the county procedure's own tasks, and those of the procedures it calls
    assert {
        "verify_retiree_data",
        "sign_specific_agreement",
        "allocate_interim_people",
        "check_archives",
    } <= set(tasks)
    drawn = re.findall(r'class="task-form form-preview" data-form="([a-z_0-9]+)"', html)
    assert len(drawn) == len(tasks)  # every task of ours has a form, and each is drawn
    for key in ("verify_retiree_data", "agreement_review", "check_archives"):
        form = forms.load(key)
        assert key in drawn and form.title in html
        # as on the task page: a review's decision is its two buttons, not a field
        shown = [field for field in form.fields if not form.decision or field.name != form.decision.field]
        assert all(field.title in html for field in shown)
    assert "县（市、区）政府" in html  # the role of the lane, by its name


def test_a_form_deployed_with_the_bundle_is_the_one_its_version_shows(client, designer, sessions):
    schema = verify_form()
    schema["title"] = "核实退休人员信息（试行）"
    files = {
        COUNTY: COUNTY_BPMN,
        "verify_retiree_data.json": json.dumps(schema, ensure_ascii=False, indent=2),
    }
    response = post_json(as_user(client, designer), "/processes/deploy", {"files": files})
    assert response.status_code == 201, response.get_json()
    assert versions(sessions, "county_handover") == [1, 2]
    shown = {
        n: client.get(f"/processes/county_handover/versions/{n}/forms").get_data(as_text=True) for n in (1, 2)
    }
    assert "核实退休人员信息（试行）" in shown[2] and "核实退休人员信息（试行）" not in shown[1]
    assert forms.load("verify_retiree_data").title in shown[1]


def test_the_version_page_links_to_its_forms(client, designer):
    html = as_user(client, designer).get("/processes/county_handover/versions/1").get_data(as_text=True)
    assert f'href="{COUNTY_FORMS}"' in html


def test_the_modeler_page_carries_the_schemas_and_the_preview_url(client, designer):
    html = as_user(client, designer).get("/processes/county_handover/edit").get_data(as_text=True)
    editor = data_attribute(html, "form-editor")
    assert editor["previewUrl"] == PREVIEW
    # each form's text, its keys in the order of the file (the order of its fields)
    text = editor["schemas"]["verify_retiree_data"]
    assert json.loads(text) == forms.load("verify_retiree_data").schema
    assert list(json.loads(text)["properties"]) == ["all_correct", "corrections"]
    assert set(forms.keys()) <= set(editor["schemas"])


# -- who -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["designer", "supervisor", "admin"])
def test_designers_supervisors_and_administrators_read_the_forms_page(client, designer, username):
    assert as_user(client, username).get(COUNTY_FORMS).status_code == 200


def test_an_official_may_not_read_the_forms_page(client, designer):
    assert as_user(client, "county").get(COUNTY_FORMS).status_code == 403


@pytest.mark.parametrize("username", ["supervisor", "county"])
def test_only_designers_and_administrators_may_preview_a_form(client, designer, username):
    form = forms.load("verify_retiree_data")
    status, _answer = preview(as_user(client, username), form.key, form.schema)
    assert status == 403


def test_the_forms_page_of_a_version_that_does_not_exist_is_404(client, designer):
    assert as_user(client, designer).get("/processes/county_handover/versions/9/forms").status_code == 404
