"""Files drawn in other tools (Camunda Modeler, bpmn-js, Zeebe exports) deployed over the API: each
defect seen uploading them, as a regression test (issue 16)."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pytest

from tests.processes import campaign

from .conftest import PROCESSES, official

FOREIGN = Path(__file__).parents[1] / "fixtures" / "foreign"
COUNTY = campaign.county_org("410105")
ENTERPRISE = official(campaign.ENTERPRISE)


def deploy(api, *files: tuple[str, bytes], lane_roles: dict | None = None, path: str = "/processes"):
    data: dict = {"file": [(BytesIO(content), name) for name, content in files]}
    if lane_roles is not None:
        data["lane_roles"] = json.dumps(lane_roles)
    return api.post(path, "designer", data=data, content_type="multipart/form-data")


def foreign(name: str) -> tuple[str, bytes]:
    return name, (FOREIGN / name).read_bytes()


def problems(response) -> list[dict]:
    assert response.status_code == 422, response.json
    return response.json["error"]["problems"]


def listed(api) -> dict[str, dict]:
    return {p["key"]: p for p in api.ok("get", "/processes", "designer")["processes"]}


def versions(response) -> dict[str, tuple[int, bool]]:
    assert response.status_code == 201, response.json
    return {d["key"]: (d["version"], d["changed"]) for d in response.json["deployments"]}


# -- lanes named by another tool ------------------------------------------------------------

APPROVAL_ROLES = {"Process_approval": {"Approver": "enterprise", "Manager": "receiving_government"}}


def test_lanes_named_by_another_tool_are_refused_until_mapped_to_roles(api):
    found = problems(deploy(api, foreign("approval-lanes.bpmn")))
    assert {(p["element"], "map the lane to one of the roles" in p["message"]) for p in found} == {
        ("Lane_1", True),
        ("Lane_2", True),
    }


def test_lanes_mapped_at_upload_route_the_case_to_the_mapped_roles(api):
    assert versions(deploy(api, foreign("approval-lanes.bpmn"), lane_roles=APPROVAL_ROLES))[
        "Process_approval"
    ] == (1, True)
    assert listed(api)["Process_approval"]["lanes"] == ["enterprise", "receiving_government"]
    parties = {"enterprise": campaign.ENTERPRISE, "receiving_government": COUNTY}
    body = {"process": "Process_approval", "parties": parties, "data": {}}
    case = api.ok("post", "/instances", ENTERPRISE, 201, json=body)
    tasks = api.ok("get", "/tasks?scope=claimable&process=Process_approval", ENTERPRISE)["items"]
    assert [(t["name"], t["case"]["id"]) for t in tasks] == [("Write the request", case["id"])]


def test_a_lane_mapping_is_remembered_for_the_next_version(api):
    deploy(api, foreign("approval-lanes.bpmn"), lane_roles=APPROVAL_ROLES)
    name, content = foreign("approval-lanes.bpmn")
    renamed = content.replace(b"Approve the request", b"Approve or refuse the request")
    assert versions(deploy(api, (name, renamed)))["Process_approval"] == (2, True)
    assert listed(api)["Process_approval"]["lanes"] == ["enterprise", "receiving_government"]


def test_a_lane_mapped_to_no_role_is_refused(api):
    roles = {"Process_approval": {"Approver": "boss", "Manager": "enterprise"}}
    [problem] = problems(deploy(api, foreign("approval-lanes.bpmn"), lane_roles=roles))
    assert problem["element"] == "Lane_1"
    assert "mapped to 'boss', which is not a role" in problem["message"]


def test_lane_roles_that_are_not_a_mapping_name_the_field(api):
    response = api.post(
        "/processes",
        "designer",
        data={"file": [(BytesIO(foreign("approval-lanes.bpmn")[1]), "a.bpmn")], "lane_roles": "[1]"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"lane_roles"}


def test_a_human_task_outside_every_lane_is_refused_at_deploy_not_left_unclaimable(api):
    [problem] = problems(deploy(api, foreign("task-outside-lane.bpmn")))
    assert problem["element"] == "Task_outside"
    assert "is in no lane, so no organisation could claim it" in problem["message"]
    assert "Process_outside" not in listed(api)


# -- timers, executability, collaborations --------------------------------------------------


def test_unquoted_iso_timers_are_refused_at_deploy_with_the_quoted_form(api):
    found = {p["element"]: p["message"] for p in problems(deploy(api, foreign("unquoted-timers.bpmn")))}
    assert set(found) == {"Wait_short", "Wait_cycle"}
    assert '"PT5M"' in found["Wait_short"] and '"R3/PT24H"' in found["Wait_cycle"]


def test_quoted_iso_timers_deploy_and_a_quoted_non_iso_one_is_refused(api):
    name, content = foreign("unquoted-timers.bpmn")
    quoted = content.replace(b">PT5M<", b'>"PT5M"<').replace(b">R3/PT24H<", b'>"R3/PT24H"<')
    assert versions(deploy(api, (name, quoted)))["Process_timers"] == (1, True)
    wrong = quoted.replace(b'"PT5M"', b'"PT5X"').replace(b"Process_timers", b"Process_wrong_timer")
    [problem] = problems(deploy(api, ("wrong.bpmn", wrong)))
    assert problem["element"] == "Wait_short"
    assert "'PT5X' is not an ISO 8601 duration" in problem["message"]


def test_a_process_without_is_executable_is_executable_as_in_spiffworkflow(api):
    name, content = foreign("approval-lanes.bpmn")
    assert b"isExecutable" not in content
    deploy(api, (name, content), lane_roles=APPROVAL_ROLES)
    assert listed(api)["Process_approval"]["executable"] is True


def test_a_collaboration_deploys_its_executable_pool_and_keeps_the_partner_pool_for_the_diagram(api):
    assert versions(deploy(api, foreign("collaboration.bpmn")))["Process_ours"] == (1, True)
    assert "Process_partner" not in listed(api)


# -- files known by what they define --------------------------------------------------------


def two_diagrams() -> tuple[bytes, bytes]:
    _, content = foreign("task-outside-lane.bpmn")
    inside = content.replace(b"<bpmn:flowNodeRef>Task_inside</bpmn:flowNodeRef>", b"").replace(
        b"<bpmn:flowNodeRef>EndEvent_1</bpmn:flowNodeRef>",
        b"<bpmn:flowNodeRef>Task_inside</bpmn:flowNodeRef><bpmn:flowNodeRef>Task_outside</bpmn:flowNodeRef>"
        b"<bpmn:flowNodeRef>EndEvent_1</bpmn:flowNodeRef>",
    )
    first = inside.replace(b"Process_outside", b"Process_1")
    second = inside.replace(b"Process_outside", b"Process_2").replace(b"Outside every lane", b"Second")
    return first, second


def test_two_uploads_named_diagram_bpmn_both_stay_deployed(api):
    first, second = two_diagrams()
    assert versions(deploy(api, ("diagram.bpmn", first)))["Process_1"] == (1, True)
    assert versions(deploy(api, ("diagram.bpmn", second)))["Process_2"] == (1, True)
    assert {"Process_1", "Process_2"} <= set(listed(api))
    changed = first.replace(b"Inside", b"Inside, changed")
    after = versions(deploy(api, ("diagram.bpmn", changed)))
    assert after["Process_1"] == (2, True) and after["Process_2"] == (1, False)


def test_a_process_id_uploaded_under_another_file_name_is_its_next_version(api):
    content = (PROCESSES / "archive_lookup.bpmn").read_bytes()
    renamed = content.replace("档案查阅（复制）申请".encode(), "档案查阅申请".encode(), 1)
    assert versions(deploy(api, ("exported from the modeler.bpmn", renamed)))["archive_lookup"] == (2, True)


# -- decision tables --------------------------------------------------------------------------


def test_a_decision_table_uploaded_alone_versions_every_process_that_calls_it(api):
    content = (PROCESSES / "fee_payer.dmn").read_bytes()
    changed = content.replace(b"</definitions>", b"<!-- reviewed --></definitions>")
    assert changed != content
    found = versions(deploy(api, ("fee_payer.dmn", changed)))
    assert found["county_handover"] == (2, True)
    assert found["archive_lookup"] == (1, False)


def test_a_decision_table_no_process_calls_is_refused_not_stored_nowhere(api):
    content = (
        (PROCESSES / "fee_payer.dmn")
        .read_bytes()
        .replace(b'decision id="fee_payer"', b'decision id="lonely_decision"')
    )
    [problem] = problems(deploy(api, ("lonely.dmn", content)))
    assert (problem["file"], problem["element"]) == ("lonely.dmn", "lonely_decision")
    assert "called by no process" in problem["message"]


def test_a_process_and_its_new_decision_deploy_together_as_one_bundle(api):
    dmn = (
        (PROCESSES / "fee_payer.dmn")
        .read_bytes()
        .replace(b'decision id="fee_payer"', b'decision id="payer_v2"')
    )
    bpmn = (PROCESSES / "county_handover.bpmn").read_bytes().replace(b">fee_payer<", b">payer_v2<")
    assert bpmn.count(b">payer_v2<") == 1
    found = versions(deploy(api, ("county_handover.bpmn", bpmn), ("payer.dmn", dmn)))
    assert found["county_handover"] == (2, True)
    assert versions(deploy(api, ("county_handover.bpmn", bpmn), ("payer.dmn", dmn)))["county_handover"] == (
        2,
        False,
    )


# -- messages a designer can act on ---------------------------------------------------------


def test_camunda_decision_ref_and_java_delegates_are_named_with_what_to_use_instead(api):
    found = {p["element"]: p["message"] for p in problems(deploy(api, foreign("camunda-decision-ref.bpmn")))}
    assert "camunda:decisionRef ('dish')" in found["Task_decide_dish"]
    assert "spiffworkflow:calledDecisionId" in found["Task_decide_dish"]
    assert "camunda:class" in found["Task_order"] and "script task" in found["Task_order"]


def test_zeebe_job_workers_and_called_elements_are_named_with_what_to_use_instead(api):
    found = {p["element"]: p["message"] for p in problems(deploy(api, foreign("zeebe-tasks.bpmn")))}
    assert "zeebe:taskDefinition" in found["Task_charge"]
    assert "set its calledElement attribute to 'shipping'" in found["Call_shipping"]


def test_a_call_activity_without_called_element_says_so(api):
    [problem] = problems(deploy(api, foreign("missing-called-element.bpmn")))
    assert problem["element"] == "Call_nothing"
    assert "names no process to call" in problem["message"]


def test_harmless_camunda_attributes_are_accepted(api):
    name, content = foreign("approval-lanes.bpmn")
    camunda = content.replace(
        b'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"',
        b'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"',
    ).replace(b'name="Approval"', b'name="Approval" camunda:historyTimeToLive="180"')
    assert versions(deploy(api, (name, camunda), lane_roles=APPROVAL_ROLES))["Process_approval"] == (1, True)


def test_a_data_association_to_nothing_is_named_not_shown_as_python_internals(api):
    name, content = foreign("approval-lanes.bpmn")
    associated = content.replace(
        b"<bpmn:outgoing>Flow_3</bpmn:outgoing>\n    </bpmn:userTask>",
        b'<bpmn:outgoing>Flow_3</bpmn:outgoing><bpmn:dataInputAssociation id="DataInputAssociation_1">'
        b"<bpmn:sourceRef>Property_1</bpmn:sourceRef><bpmn:targetRef>Input_1</bpmn:targetRef>"
        b"</bpmn:dataInputAssociation></bpmn:userTask>",
    )
    assert associated != content
    [problem] = problems(deploy(api, (name, associated), lane_roles=APPROVAL_ROLES))
    assert problem["element"] == "Task_approve"
    assert "reads 'Property_1' through a data association" in problem["message"]
    assert "0x" not in problem["message"] and "<Element" not in problem["message"]


@pytest.mark.parametrize("line_ending", [b"\n", b"\r\n"])
def test_a_declared_iso_8859_1_file_deploys_with_its_accents(api, line_ending):
    name, content = foreign("latin1-declared.bpmn")
    content = content.replace(b"\n", line_ending)
    assert versions(deploy(api, (name, content)))["Process_latin"] == (1, True)
    assert listed(api)["Process_latin"]["name"] == "Approbation générale"


def test_an_undeclared_non_utf8_file_is_refused_with_line_and_column(api):
    [problem] = problems(deploy(api, foreign("latin1-undeclared.bpmn")))
    assert problem["line"] == 3
    assert "line 3, column" in problem["message"] and "declares no encoding" in problem["message"]


# -- validate without deploying ---------------------------------------------------------------


def test_validate_lists_the_problems_and_deploys_nothing(api):
    response = deploy(api, foreign("unquoted-timers.bpmn"), path="/processes/validate")
    assert response.status_code == 200
    assert response.json["valid"] is False
    assert {p["element"] for p in response.json["problems"]} == {"Wait_short", "Wait_cycle"}
    good = deploy(api, foreign("collaboration.bpmn"), path="/processes/validate")
    assert good.json == {"valid": True, "problems": []}
    assert "Process_ours" not in listed(api)


# -- what Python reacts to stays in the diagram -------------------------------------------------


def test_renaming_a_task_id_python_depends_on_is_refused_naming_the_effect(api):
    content = (PROCESSES / "county_handover.bpmn").read_bytes()
    renamed = content.replace(b"verify_retiree_data", b"check_retiree_data")
    found = {p["element"]: p["message"] for p in problems(deploy(api, ("county_handover.bpmn", renamed)))}
    assert "verify_retiree_data" in found
    assert "the registry's people move (data_verified)" in found["verify_retiree_data"]
    assert "keep the id 'verify_retiree_data'" in found["verify_retiree_data"]
    assert listed(api)["county_handover"]["version"] == 1


def test_renaming_a_tasks_name_keeps_what_python_does(api):
    content = (PROCESSES / "county_handover.bpmn").read_bytes()
    renamed = content.replace("核实退休人员基本信息".encode(), "逐人核实退休人员信息".encode())
    assert versions(deploy(api, ("county_handover.bpmn", renamed)))["county_handover"] == (2, True)


def test_the_deployed_bytes_come_back_exactly_as_uploaded(app, api):
    from engine.workflow import definitions

    name, content = foreign("latin1-declared.bpmn")
    content = content.replace(b"\n", b"\r\n")
    deploy(api, (name, content))
    with app.extensions["yijiao"]["sessions"]() as session:
        [definition] = definitions.versions(session, "Process_latin")
        assert definitions.version_files(session, definition) == {name: content}
