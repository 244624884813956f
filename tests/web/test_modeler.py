"""The designers' modeler over HTTP: who opens it, what the page carries, and the JSON endpoints
that validate and deploy a bundle (CSRF on, as in the browser)."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from sqlalchemy import select

from engine.workflow.models import ProcessDefinition

from .conftest import PROCESSES, csrf_token, login

COUNTY = "county_handover.bpmn"
COUNTY_BPMN = (PROCESSES / COUNTY).read_text(encoding="utf-8")


def as_user(client, username: str):
    assert login(client, username).status_code == 302
    return client


def post_json(client, path: str, body: dict, *, token: bool = True):
    headers = {"X-CSRFToken": csrf_token(client, "/processes")} if token else {}
    return client.post(path, json=body, headers=headers)


def versions(sessions, key: str) -> list[int]:
    with sessions() as session:
        query = select(ProcessDefinition.version).where(ProcessDefinition.key == key)
        return sorted(session.scalars(query))


def data_attribute(html: str, name: str):
    match = re.search(rf"data-{name}='([^']*)'", html)
    assert match, f"no data-{name} on the page"
    return json.loads(unescape(match.group(1)))


# -- the page -------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["designer", "admin"])
def test_designers_and_administrators_open_the_county_procedure_in_the_modeler(client, designer, username):
    response = as_user(client, username).get("/processes/county_handover/edit")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "build/modeler.js" in html and "build/modeler.css" in html
    files = data_attribute(html, "files")
    assert files[COUNTY] == COUNTY_BPMN  # the deployed bytes, as they are
    # the bundle: the processes it calls and its decision tables, each a tab of the page
    assert {"archive_handover.bpmn", "interim_management.bpmn", "fee_payer.dmn"} <= set(files)
    assert 'data-main="county_handover.bpmn"' in html


@pytest.mark.parametrize("username", ["supervisor", "county", "enterprise"])
def test_others_may_not_open_the_modeler(client, designer, username):
    assert as_user(client, username).get("/processes/county_handover/edit").status_code == 403
    assert client.get("/processes/new").status_code == 403


def test_an_unknown_procedure_is_not_found(client, designer):
    assert as_user(client, designer).get("/processes/no_such_process/edit").status_code == 404


def test_the_modeler_needs_a_login(client, designer):
    response = client.get("/processes/county_handover/edit")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_page_gives_the_script_roles_forms_processes_decisions_and_chinese_texts(client, designer):
    html = as_user(client, designer).get("/processes/county_handover/edit").get_data(as_text=True)
    roles = {r["value"] for r in data_attribute(html, "roles")}
    assert {"enterprise", "receiving_government", "community"} <= roles
    assert "verify_retiree_data" in {f["value"] for f in data_attribute(html, "forms")}
    assert "archive_handover" in {p["value"] for p in data_attribute(html, "processes")}
    assert {"fee_payer", "management_fee_rate"} <= {d["value"] for d in data_attribute(html, "decisions")}
    texts = data_attribute(html, "texts")
    assert texts["role"] == "泳道对应的角色" and texts["valid"] == "校验通过，可以部署。"


def test_the_new_procedure_page_opens_empty(client, designer):
    html = as_user(client, designer).get("/processes/new").get_data(as_text=True)
    assert data_attribute(html, "files") == {}
    assert "data-upload" in html and "新建流程" in html


def test_the_procedure_list_links_each_procedure_to_the_modeler_for_designers_only(client, designer):
    html = as_user(client, designer).get("/processes").get_data(as_text=True)
    assert 'href="/processes/county_handover/edit">编辑</a>' in html
    client.post("/logout", data={"csrf_token": csrf_token(client, "/processes")})
    html = as_user(client, "supervisor").get("/processes").get_data(as_text=True)
    assert "/edit" not in html


# -- validate -------------------------------------------------------------------------------------


def test_an_unchanged_bundle_validates_without_problems(client, designer):
    response = post_json(as_user(client, designer), "/processes/validate", {"files": {COUNTY: COUNTY_BPMN}})
    assert response.status_code == 200
    assert response.get_json() == {"problems": []}


def test_a_lane_named_by_no_role_is_a_problem_naming_file_element_and_line(client, designer):
    renamed = COUNTY_BPMN.replace(
        '<bpmn:lane id="lane_community" name="community">', '<bpmn:lane id="lane_community" name="社区">'
    )
    response = post_json(as_user(client, designer), "/processes/validate", {"files": {COUNTY: renamed}})
    assert response.status_code == 422
    [problem] = response.get_json()["problems"]
    assert problem["file"] == COUNTY and problem["element"] == "lane_community"
    assert (
        problem["line"] == renamed.splitlines().index('      <bpmn:lane id="lane_community" name="社区">') + 1
    )
    assert "社区" in problem["message"]


def test_a_file_that_is_not_xml_is_a_problem_with_its_line(client, designer):
    response = post_json(
        as_user(client, designer), "/processes/validate", {"files": {"broken.bpmn": "<a>\n<b></a>"}}
    )
    assert response.status_code == 422
    [problem] = response.get_json()["problems"]
    assert problem["file"] == "broken.bpmn" and problem["line"] == 2


@pytest.mark.parametrize(
    "body, says",
    [
        ({}, "files"),
        ({"files": {}}, "files"),
        ({"files": {"notes.txt": "x"}}, "notes.txt"),
        ({"files": {COUNTY: 3}}, COUNTY),
        ({"files": {COUNTY: COUNTY_BPMN}, "lane_roles": {"county_handover": ["enterprise"]}}, "lane_roles"),
    ],
)
def test_a_malformed_request_is_refused_naming_what_is_wrong(client, designer, body, says):
    response = post_json(as_user(client, designer), "/processes/validate", body)
    assert response.status_code == 400
    assert says in response.get_json()["error"]["message"]


def test_validate_and_deploy_need_the_csrf_token(client, designer, sessions):
    as_user(client, designer)
    changed = COUNTY_BPMN.replace('name="核实退休人员基本信息"', 'name="核实退休人员信息"')
    for path in ("/processes/validate", "/processes/deploy"):
        assert post_json(client, path, {"files": {COUNTY: changed}}, token=False).status_code == 400
    assert versions(sessions, "county_handover") == [1]


@pytest.mark.parametrize("username", ["supervisor", "county"])
def test_only_designers_and_administrators_validate_and_deploy(client, designer, username, sessions):
    as_user(client, username)
    for path in ("/processes/validate", "/processes/deploy"):
        assert post_json(client, path, {"files": {COUNTY: COUNTY_BPMN}}).status_code == 403


# -- deploy ---------------------------------------------------------------------------------------


def test_deploying_a_changed_bundle_makes_version_2(client, designer, sessions):
    changed = COUNTY_BPMN.replace('name="核实退休人员基本信息"', 'name="核实退休人员信息"')
    fee_payer = (PROCESSES / "fee_payer.dmn").read_text(encoding="utf-8")
    response = post_json(
        as_user(client, designer),
        "/processes/deploy",
        {"files": {COUNTY: changed, "fee_payer.dmn": fee_payer}},
    )
    assert response.status_code == 201
    deployed = {d["key"]: d for d in response.get_json()["deployments"]}
    assert deployed["county_handover"] == {
        "key": "county_handover",
        "name": "县（市、区）具体移交",
        "version": 2,
        "changed": True,
    }
    assert versions(sessions, "county_handover") == [1, 2]
    with sessions() as session:
        newest = session.scalars(
            select(ProcessDefinition).where(
                ProcessDefinition.key == "county_handover", ProcessDefinition.version == 2
            )
        ).one()
        assert newest.deployed_by == "designer"
        assert newest.sources[COUNTY] == changed


def test_deploying_the_bundle_unchanged_keeps_the_version(client, designer, sessions):
    response = post_json(as_user(client, designer), "/processes/deploy", {"files": {COUNTY: COUNTY_BPMN}})
    assert response.status_code == 200
    assert all(not d["changed"] for d in response.get_json()["deployments"])
    assert versions(sessions, "county_handover") == [1]


def test_a_refused_deploy_answers_422_with_the_problems_and_deploys_nothing(client, designer, sessions):
    renamed = COUNTY_BPMN.replace('name="community">', 'name="">', 1).replace(
        'name="核实退休人员基本信息"', 'name="核实退休人员信息"'
    )
    response = post_json(as_user(client, designer), "/processes/deploy", {"files": {COUNTY: renamed}})
    assert response.status_code == 422
    assert [p["element"] for p in response.get_json()["problems"]] == ["lane_community"]
    assert versions(sessions, "county_handover") == [1]
