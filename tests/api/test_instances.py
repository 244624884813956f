"""Cases over the API: started by a party, read by the organisations in them, not by outsiders."""

from __future__ import annotations

import hashlib

import pytest

from engine.workflow.documents import Document
from tests.processes import campaign
from tests.processes import submissions as form

from .cases import (
    COMMUNITY_PARTIES,
    ENTERPRISE,
    PROGRAMME_PARTIES,
    active,
    claim_and_complete,
    community_agreement,
    start_community_org_handover,
    start_programme,
    survey,
)
from .conftest import OUTSIDER, official

COUNTY = official(campaign.county_org("410402"))


def test_the_enterprise_starts_its_programme(api):
    started = start_programme(api)
    assert started["process"] == "retiree_handover_programme"
    assert (started["version"], started["status"]) == (1, "running")
    assert started["title"] == "平煤神马 退休人员移交"
    assert isinstance(started["id"], int)


def test_a_started_case_answers_with_its_location(api):
    response = start_community_org_handover_response(api, ENTERPRISE)
    assert response.status_code == 201
    assert response.headers["Location"].endswith(f"/api/v1/instances/{response.json['id']}")


def start_community_org_handover_response(api, username):
    answers = {
        "community_name": "矿区社区管理委员会",
        "households": 3300,
        "setting": "city",
        "staff": 14,
        "receiving_government": campaign.county_org("410402"),
    }
    return api.post("/instances", username, json={"process": "community_org_handover", "form": answers})


def test_only_an_organisation_of_the_start_lane_may_start_a_case(api):
    """Issue 13 (3): the same rule as the page — a county cannot start an enterprise's programme."""
    response = api.post(
        "/instances", official(OUTSIDER), json={"process": "retiree_handover_programme", "form": START_FORM}
    )
    assert (response.status_code, response.json["error"]["code"]) == (404, "not_found")


def test_an_administrator_does_not_start_an_enterprises_case(api):
    assert start_community_org_handover_response(api, "admin").status_code == 404


@pytest.mark.parametrize(
    ("process", "parties", "data"),
    [
        (  # the probe: a forged directory and county parties, to sign M1 as 郑州 and M2 as 金水区
            "retiree_handover_programme",
            {"enterprise": campaign.ENTERPRISE, "supervisor": campaign.SUPERVISOR},
            {"directory": {"410105": {"receiving_government": campaign.ENTERPRISE}}},
        ),
        ("community_org_handover", COMMUNITY_PARTIES, {}),
    ],
)
def test_a_case_with_a_start_form_is_never_started_from_the_callers_parties_and_data(
    api, process, parties, data
):
    """Issue 13 (3): parties and the organisation directory are built by the server."""
    body = {"process": process, "parties": parties, "data": data}
    response = api.post("/instances", ENTERPRISE, json=body)
    assert response.status_code == 422 and list(response.json["error"]["fields"]) == ["form"]


def test_a_county_does_not_pose_as_a_community_to_ask_for_an_archive(api):
    """Issue 13 (3): ``county2`` sent a look-up request to 金水区档案馆 as a community."""
    answers = {"retiree_name": "王建国", "archive_department": campaign.archive_org("410105")}
    response = api.post("/instances", official(OUTSIDER), json={"process": "archive_lookup", "form": answers})
    assert response.status_code == 404


def test_the_supervisor_s_schedule_is_not_started_by_an_enterprise(api):
    """Issue 13 (3): the enterprise started ``milestone_schedule`` as the supervisor."""
    answers = {"campaign_name": "伪造", "m1": "2017-03-31", "m2": "2017-04-30"}
    answers |= {"m3": "2017-05-31", "m4": "2017-06-30"}
    response = api.post("/instances", ENTERPRISE, json={"process": "milestone_schedule", "form": answers})
    assert response.status_code == 404


def test_a_start_without_a_process_names_the_field(api):
    response = api.post("/instances", ENTERPRISE, json={"parties": PROGRAMME_PARTIES})
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"process"}


def test_a_process_nobody_deployed_is_not_found(api):
    response = api.post(
        "/instances", ENTERPRISE, json={"process": "no_such_process", "parties": PROGRAMME_PARTIES}
    )
    assert (response.status_code, response.json["error"]["code"]) == (404, "not_found")


@pytest.mark.parametrize("data", [["x"], [], "text"])
def test_case_data_must_be_an_object(api, data):
    body = {"process": "community_org_handover", "parties": COMMUNITY_PARTIES, "data": data}
    response = api.post("/instances", ENTERPRISE, json=body)
    assert (response.status_code, response.json["error"]["code"]) == (422, "invalid_data")


def test_a_case_shows_its_tasks_history_and_parties(api):
    case = start_programme(api)["id"]
    survey(api, case)
    detail = api.ok("get", f"/instances/{case}", ENTERPRISE)
    assert (detail["id"], detail["process"], detail["version"], detail["status"]) == (
        case,
        "retiree_handover_programme",
        1,
        "running",
    )
    assert detail["parties"] == PROGRAMME_PARTIES
    [done] = detail["completed_tasks"]
    assert (done["spec_id"], done["completed_by"], done["owner_org"]) == (
        "survey_retirees",
        ENTERPRISE,
        campaign.ENTERPRISE,
    )
    [now_open] = detail["active_tasks"]
    assert now_open["spec_id"] == "register_roster"
    assert now_open["due_at"].startswith("2017-03-31")
    assert [e["action"] for e in detail["history"]] == ["start", "claim", "complete"]
    completion = detail["history"][-1]
    assert (completion["actor"], completion["task_id"]) == (ENTERPRISE, done["id"])
    assert len(completion["data_hash"]) == 64
    assert detail["documents"] == [] and detail["waiting_for"] == []


def test_an_outsider_is_told_the_case_does_not_exist(api):
    case = start_programme(api)["id"]
    response = api.get(f"/instances/{case}", official(OUTSIDER))
    assert (response.status_code, response.json["error"]["code"]) == (404, "not_found")
    assert api.get("/instances/999999", ENTERPRISE).status_code == 404


def test_a_supervisor_sees_every_case(api):
    case = start_community_org_handover(api)["id"]
    assert api.ok("get", f"/instances/{case}", "supervisor")["id"] == case


@pytest.fixture
def document(app, api) -> dict:
    """A case with a receipt uploaded on its first task."""
    case = start_community_org_handover(api)["id"]
    task = active(api, case, "draft_community_agreement")
    content = b"%PDF-1.4 receipt"
    yijiao = app.extensions["yijiao"]
    with yijiao["sessions"]() as session, session.begin():
        document = Document(
            instance_id=case,
            work_item_id=task["id"],
            kind="upload",
            title="资产清单.pdf",
            filename="assets.pdf",
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
            uploaded_by=ENTERPRISE,
            uploaded_at=yijiao["engine"].clock.now(),
        )
        session.add(document)
        session.flush()
        return {"case": case, "id": document.id, "content": content}


def test_a_case_lists_its_documents_with_their_urls(api, document):
    [listed] = api.ok("get", f"/instances/{document['case']}", ENTERPRISE)["documents"]
    assert (listed["kind"], listed["title"]) == ("upload", "资产清单.pdf")
    assert listed["url"] == f"/api/v1/documents/{document['id']}"


def test_a_party_downloads_a_document(api, document):
    response = api.get(f"/documents/{document['id']}", COUNTY)
    assert response.status_code == 200
    assert response.data == document["content"]
    assert response.mimetype == "application/pdf"


def test_an_outsider_cannot_download_a_document(api, document):
    response = api.get(f"/documents/{document['id']}", official(OUTSIDER))
    assert (response.status_code, response.json["error"]["code"]) == (404, "not_found")


@pytest.fixture
def waiting(api) -> int:
    """A community organisation hand-over waiting for the enterprise's renovation (三供一业)."""
    case = start_community_org_handover(api)["id"]
    steps = [
        ("draft_community_agreement", community_agreement()),
        ("sign_community_agreement", form.approve()),
        (
            "decide_community_arrangement",
            {"arrangement": "merged", "households": 3300, "setting": "city", "merged_into": "湛河社区"},
        ),
        ("merge_into_community", {"target_community": "湛河社区", "adjusted_on": "2017-05-20"}),
        ("hand_over_community_staff", {"staff": []}),
        ("receive_community_staff", form.staff_accepted()),
    ]
    for spec_id, data in steps:
        claim_and_complete(api, active(api, case, spec_id), data)
    return case


def test_a_case_shows_the_message_it_waits_for(api, waiting):
    detail = api.ok("get", f"/instances/{waiting}", ENTERPRISE)
    assert detail["waiting_for"] == [{"message": "renovation_finished", "lane": "enterprise"}]
    assert detail["active_tasks"] == []


def test_the_enterprise_reports_the_renovation_and_the_assets_follow(api, waiting):
    path = f"/instances/{waiting}/messages/renovation_finished"
    detail = api.ok("post", path, ENTERPRISE, json={"payload": {"finished_on": "2017-08-30"}})
    assert [t["spec_id"] for t in detail["active_tasks"]] == ["hand_over_assets"]
    assert detail["waiting_for"] == []
    assert detail["history"][-1]["action"] == "message"
    task = api.ok("get", f"/tasks/{detail['active_tasks'][0]['id']}", ENTERPRISE)
    assert task["data"]["renovation"] == {"finished_on": "2017-08-30"}


def test_only_the_organisation_waited_on_sends_the_message(api, waiting):
    response = api.post(f"/instances/{waiting}/messages/renovation_finished", COUNTY, json={"payload": {}})
    assert (response.status_code, response.json["error"]["code"]) == (403, "forbidden")


def test_an_outsider_cannot_message_a_case(api, waiting):
    response = api.post(f"/instances/{waiting}/messages/renovation_finished", official(OUTSIDER), json={})
    assert response.status_code == 404


def test_a_message_the_case_does_not_wait_for_is_a_conflict(api):
    case = start_community_org_handover(api)["id"]
    response = api.post(f"/instances/{case}/messages/renovation_finished", ENTERPRISE)
    assert (response.status_code, response.json["error"]["code"]) == (409, "conflict")


# -- starting from the start form, as the page does --------------------------------------------
START_FORM = {
    "enterprise_name": "平煤神马",
    "location_code": "410402",
    "devolved_from_centre": False,
    "industry": "煤炭",
}
PROGRAMME = "retiree_handover_programme"


def test_a_programme_started_from_its_start_form_gets_the_page_s_parties_data_and_title(api):
    response = api.post("/instances", ENTERPRISE, json={"process": PROGRAMME, "form": START_FORM})
    assert response.status_code == 201, response.json
    started = response.json
    assert started["title"] == "平煤神马 退休人员移交"
    assert started["parties"] == {"enterprise": campaign.ENTERPRISE, "supervisor": campaign.SUPERVISOR}
    detail = api.get(f"/instances/{started['id']}", ENTERPRISE).json
    assert [t["name"] for t in detail["active_tasks"]] == ["调查摸底"]


def test_a_start_form_with_a_wrong_field_is_refused_naming_it(api):
    answers = {**START_FORM, "location_code": "999999"}
    response = api.post("/instances", ENTERPRISE, json={"process": PROGRAMME, "form": answers})
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["form.location_code"]


def test_an_organisation_that_may_not_start_a_process_by_hand_gets_404(api):
    response = api.post("/instances", COUNTY, json={"process": PROGRAMME, "form": START_FORM})
    assert response.status_code == 404
