"""Tasks over the API: the inbox tabs, a task with its form, claiming, releasing, completing."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.workflow.deadlines import CHINA_TZ
from tests.processes import campaign
from tests.processes import submissions as form

from .cases import (
    ENTERPRISE,
    active,
    claim_and_complete,
    community_agreement,
    start_community_org_handover,
    start_programme,
)
from .conftest import OUTSIDER, official

COUNTY = official(campaign.county_org("410402"))
COLLEAGUE = "colleague@" + campaign.ENTERPRISE
VIEWER = "viewer@" + campaign.ENTERPRISE


def inbox(api, username: str = ENTERPRISE, **query) -> dict:
    return api.ok("get", "/tasks", username, query_string=query)


@pytest.fixture
def three_surveys(api) -> list[int]:
    """Three programmes, each with its survey claimable by the enterprise (due M1)."""
    return [start_programme(api, title=f"第{n}批 退休人员移交")["id"] for n in (1, 2, 3)]


@pytest.fixture
def survey_task(api) -> dict:
    return active(api, start_programme(api)["id"], "survey_retirees")


# -- the inbox ---------------------------------------------------------------------------------


def test_claimable_lists_the_organisations_open_tasks(api, three_surveys):
    page = inbox(api)
    assert (page["total"], page["page"], page["per_page"]) == (3, 1, 20)
    assert {t["case"]["id"] for t in page["items"]} == set(three_surveys)
    assert {t["spec_id"] for t in page["items"]} == {"survey_retirees"}


def test_other_organisations_do_not_see_them(api, three_surveys):
    assert inbox(api, official(OUTSIDER))["total"] == 0


def test_claimed_tasks_move_from_claimable_to_mine(api, three_surveys):
    first = inbox(api)["items"][0]
    api.ok("post", f"/tasks/{first['id']}/claim", ENTERPRISE)
    assert [t["id"] for t in inbox(api, scope="mine")["items"]] == [first["id"]]
    assert inbox(api, scope="claimable")["total"] == 2


def test_done_lists_what_the_caller_completed(api, survey_task):
    claim_and_complete(api, survey_task, form.survey(3))
    [done] = inbox(api, scope="done")["items"]
    assert (done["id"], done["state"], done["completed_by"]) == (survey_task["id"], "completed", ENTERPRISE)


def test_the_inbox_is_paginated(api, three_surveys):
    first, second = inbox(api, per_page=2), inbox(api, per_page=2, page=2)
    assert (first["total"], len(first["items"]), len(second["items"])) == (3, 2, 1)
    assert {t["id"] for t in first["items"]}.isdisjoint(t["id"] for t in second["items"])


def test_a_page_holds_at_most_100_tasks(api, three_surveys):
    assert inbox(api, per_page=500)["per_page"] == 100


def test_the_inbox_filters_by_process_milestone_and_text(api, three_surveys):
    community = start_community_org_handover(api)["id"]
    [only] = inbox(api, process="community_org_handover")["items"]
    assert only["case"]["id"] == community
    assert inbox(api, milestone="M3")["total"] == 1
    assert inbox(api, milestone="M1")["total"] == 3
    assert [t["case"]["id"] for t in inbox(api, q="第2批")["items"]] == [three_surveys[1]]


def test_the_inbox_filters_overdue_tasks(api, clock, three_surveys):
    start_community_org_handover(api)  # due at M3, 2017-05-31
    clock.set(datetime(2017, 4, 5, 9, tzinfo=CHINA_TZ))  # past M1 (2017-03-31), before M3
    api.tokens.clear()  # a month later: yesterday's tokens have expired
    overdue = inbox(api, overdue="true")
    assert overdue["total"] == 3 and all(t["overdue"] for t in overdue["items"])
    assert [t["spec_id"] for t in inbox(api, overdue="false")["items"]] == ["draft_community_agreement"]


@pytest.mark.parametrize(
    "query, field",
    [
        ({"scope": "everything"}, "scope"),
        ({"overdue": "maybe"}, "overdue"),
        ({"page": "0"}, "page"),
        ({"per_page": "x"}, "per_page"),
    ],
)
def test_bad_inbox_parameters_are_named(api, query, field):
    response = api.get("/tasks", ENTERPRISE, query_string=query)
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid_data"
    assert list(response.json["error"]["fields"]) == [field]


# -- one task ----------------------------------------------------------------------------------


def test_a_task_shows_its_instructions_form_and_case_data(api, survey_task):
    task = api.ok("get", f"/tasks/{survey_task['id']}", ENTERPRISE)
    assert (task["spec_id"], task["lane"], task["owner_org"], task["milestone"]) == (
        "survey_retirees",
        "enterprise",
        campaign.ENTERPRISE,
        "M1",
    )
    assert task["state"] == "open" and task["claimed_by"] is None
    assert task["process"] == "retiree_handover_programme"
    assert task["case"]["id"] == survey_task["case"]["id"] and task["case"]["title"]
    assert "调查摸底" in task["instructions"]
    assert task["form"]["key"] == "survey_retirees"
    assert task["form"]["schema"]["type"] == "object"
    assert "total_retirees" in task["form"]["schema"]["properties"]
    started_as = {**campaign.ENTERPRISE_INFO, "name": "平煤神马"}  # the start form's name
    assert task["data"]["enterprise"] == started_as
    assert datetime.fromisoformat(task["due_at"]).astimezone(CHINA_TZ).date().isoformat() == "2017-03-31"
    assert task["may_act"] is True


def test_an_outsider_is_told_the_task_does_not_exist(api, survey_task):
    response = api.get(f"/tasks/{survey_task['id']}", official(OUTSIDER))
    assert (response.status_code, response.json["error"]["code"]) == (404, "not_found")


def test_the_json_is_utf8_text_not_escapes(api, survey_task):
    raw = api.get(f"/tasks/{survey_task['id']}", ENTERPRISE).get_data(as_text=True)
    assert "调查摸底" in raw and "\\u" not in raw


# -- claim, release, complete ------------------------------------------------------------------


def test_claiming_answers_the_claimed_task(api, survey_task):
    claimed = api.ok("post", f"/tasks/{survey_task['id']}/claim", ENTERPRISE)
    assert (claimed["id"], claimed["claimed_by"]) == (survey_task["id"], ENTERPRISE)


@pytest.fixture
def county_task(api) -> dict:
    """The county's first task of a community organisation hand-over (the enterprise may see it)."""
    case = start_community_org_handover(api)["id"]
    claim_and_complete(api, active(api, case, "draft_community_agreement"), community_agreement())
    return active(api, case, "sign_community_agreement")


def test_a_task_claimed_by_a_colleague_is_a_conflict(api, survey_task):
    api.ok("post", f"/tasks/{survey_task['id']}/claim", ENTERPRISE)
    response = api.post(f"/tasks/{survey_task['id']}/claim", COLLEAGUE)
    assert (response.status_code, response.json["error"]["code"]) == (409, "conflict")


def test_claiming_ones_own_task_again_changes_nothing(api, survey_task):
    api.ok("post", f"/tasks/{survey_task['id']}/claim", ENTERPRISE)
    assert api.ok("post", f"/tasks/{survey_task['id']}/claim", ENTERPRISE)["claimed_by"] == ENTERPRISE


def test_a_party_may_see_but_not_claim_another_organisations_task(api, county_task):
    assert api.ok("get", f"/tasks/{county_task['id']}", ENTERPRISE)["may_act"] is False
    response = api.post(f"/tasks/{county_task['id']}/claim", ENTERPRISE)
    assert (response.status_code, response.json["error"]["code"]) == (403, "forbidden")
    assert api.ok("post", f"/tasks/{county_task['id']}/claim", COUNTY)["claimed_by"] == COUNTY


def test_a_role_without_the_tasks_user_role_may_not_claim_it(api, survey_task):
    response = api.post(f"/tasks/{survey_task['id']}/claim", VIEWER)
    assert response.status_code == 403


@pytest.mark.parametrize("action", ["claim", "unclaim", "complete"])
def test_outsiders_acting_on_a_task_are_told_it_does_not_exist(api, survey_task, action):
    response = api.post(f"/tasks/{survey_task['id']}/{action}", official(OUTSIDER), json={"data": {}})
    assert (response.status_code, response.json["error"]["code"]) == (404, "not_found")


def test_releasing_a_task_returns_it_to_the_organisation(api, survey_task):
    api.ok("post", f"/tasks/{survey_task['id']}/claim", ENTERPRISE)
    released = api.ok("post", f"/tasks/{survey_task['id']}/unclaim", ENTERPRISE)
    assert released["claimed_by"] is None
    assert survey_task["id"] in [t["id"] for t in inbox(api, COLLEAGUE)["items"]]


def test_releasing_a_colleagues_claim_is_a_conflict(api, survey_task):
    api.ok("post", f"/tasks/{survey_task['id']}/claim", ENTERPRISE)
    response = api.post(f"/tasks/{survey_task['id']}/unclaim", COLLEAGUE)
    assert response.status_code == 409


def test_completing_an_unclaimed_task_asks_to_claim_it_first(api, survey_task):
    response = api.post(f"/tasks/{survey_task['id']}/complete", ENTERPRISE, json={"data": form.survey(3)})
    assert (response.status_code, response.json["error"]["code"]) == (409, "not_claimed")


def test_completing_a_colleagues_task_is_a_conflict(api, survey_task):
    api.ok("post", f"/tasks/{survey_task['id']}/claim", ENTERPRISE)
    response = api.post(f"/tasks/{survey_task['id']}/complete", COLLEAGUE, json={"data": form.survey(3)})
    assert (response.status_code, response.json["error"]["code"]) == (409, "conflict")


def test_invalid_form_data_is_refused_field_by_field(api, survey_task):
    api.ok("post", f"/tasks/{survey_task['id']}/claim", ENTERPRISE)
    data = {**form.survey(3), "total_retirees": "很多"}
    del data["archives_sorted"]
    response = api.post(f"/tasks/{survey_task['id']}/complete", ENTERPRISE, json={"data": data})
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "invalid_data"
    assert {"total_retirees", "archives_sorted"} <= set(error["fields"])
    assert all(isinstance(m, str) for messages in error["fields"].values() for m in messages)
    assert api.ok("get", f"/tasks/{survey_task['id']}", ENTERPRISE)["state"] == "open"


def test_form_data_must_be_an_object(api, survey_task):
    api.ok("post", f"/tasks/{survey_task['id']}/claim", ENTERPRISE)
    response = api.post(f"/tasks/{survey_task['id']}/complete", ENTERPRISE, json={"data": [1, 2]})
    assert (response.status_code, list(response.json["error"]["fields"])) == (422, ["data"])


def test_completing_answers_the_task_and_what_comes_next(api, survey_task):
    done = claim_and_complete(api, survey_task, form.survey(3))
    assert (done["id"], done["state"], done["completed_by"]) == (survey_task["id"], "completed", ENTERPRISE)
    assert [t["spec_id"] for t in done["next"]] == ["register_roster"]
    assert done["next"][0]["owner_org"] == campaign.ENTERPRISE


def test_the_same_completion_posted_twice_completes_once(api, survey_task):
    path = f"/tasks/{survey_task['id']}/complete"
    api.ok("post", f"/tasks/{survey_task['id']}/claim", ENTERPRISE)
    first = api.post(path, ENTERPRISE, json={"data": form.survey(3)})
    second = api.post(path, ENTERPRISE, json={"data": form.survey(3)})
    assert (first.status_code, second.status_code) == (200, 409)
    assert second.json["error"]["code"] == "conflict"
    case = api.ok("get", f"/instances/{survey_task['case']['id']}", ENTERPRISE)
    assert [e["action"] for e in case["history"]].count("complete") == 1
    assert [t["spec_id"] for t in case["active_tasks"]] == ["register_roster"]


@pytest.mark.parametrize(
    "path",
    ["/tasks/2147483648", "/instances/2147483648", "/retirees/99999999999999999999", "/documents/2147483648"],
)
def test_an_id_past_the_integer_columns_is_not_found(api, path):
    """Issue 13 (found by the fuzz test): PostgreSQL answered 500 "integer out of range"."""
    response = api.get(path, ENTERPRISE)
    assert response.status_code == 404


def test_the_largest_id_is_still_looked_up(api):
    assert api.get("/tasks/2147483647", ENTERPRISE).status_code == 404  # looked up: nobody has it
