"""Forms travel with the version they were deployed in (issue 16): a designer's new form reaches
new cases; a running case keeps showing and checking the form it started with."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO

import forms
from engine.policy import resident_id as ids
from tests.processes import campaign

from .conftest import PROCESSES, official

COMMUNITY = official("org-community-410105")
ARCHIVE = official(campaign.archive_org("410105"))
REVIEW = "review_lookup_request"


def deploy(api, *files: tuple[str, bytes]):
    data = {"file": [(BytesIO(content), name) for name, content in files]}
    return api.post("/processes", "designer", data=data, content_type="multipart/form-data")


def start_lookup(api) -> int:
    answers = {
        "retiree_name": "王建国",
        "id_number": ids.make("410105", date(1950, 1, 1), 301),
        "purpose": "办理养老金资格认证",
        "kind": "复制",
        "archive_department": campaign.archive_org("410105"),
    }
    body = {"process": "archive_lookup", "form": answers}
    return api.ok("post", "/instances", COMMUNITY, 201, json=body)["id"]


def review_task(api, case_id: int) -> dict:
    [item] = [
        t
        for t in api.ok("get", "/tasks?scope=claimable", ARCHIVE)["items"]
        if t["case"]["id"] == case_id and t["spec_id"] == "review_lookup_request"
    ]
    return api.ok("get", f"/tasks/{item['id']}", ARCHIVE)


def retitled_review(title: str) -> bytes:
    schema = forms.load(REVIEW).schema
    return json.dumps({**schema, "title": title}, ensure_ascii=False, indent=2).encode()


def lookup_bpmn() -> tuple[str, bytes]:
    return "archive_lookup.bpmn", (PROCESSES / "archive_lookup.bpmn").read_bytes()


def test_a_new_form_deployed_with_its_process_is_that_process_s_next_version(api):
    response = deploy(api, lookup_bpmn(), (f"{REVIEW}.json", retitled_review("审核查阅（复制）申请（新表）")))
    assert response.status_code == 201, response.json
    assert {"key": "archive_lookup", "version": 2, "changed": True} in response.json["deployments"]


def test_a_running_case_keeps_its_form_and_a_new_case_shows_the_new_one(api):
    old_case = start_lookup(api)
    old_title = forms.load(REVIEW).title
    deploy(api, lookup_bpmn(), (f"{REVIEW}.json", retitled_review("审核查阅（复制）申请（新表）")))
    new_case = start_lookup(api)
    assert review_task(api, old_case)["form"]["title"] == old_title
    assert review_task(api, new_case)["form"]["title"] == "审核查阅（复制）申请（新表）"


def test_a_form_deployed_again_unchanged_makes_no_version(api):
    files = (lookup_bpmn(), (f"{REVIEW}.json", retitled_review("审核查阅申请（新表）")))
    deploy(api, *files)
    response = deploy(api, *files)
    assert {"key": "archive_lookup", "version": 2, "changed": False} in response.json["deployments"]


def test_a_form_breaking_the_conventions_is_refused_naming_the_file(api):
    schema = forms.load(REVIEW).schema
    broken = json.dumps({**schema, "additionalProperties": True}).encode()
    response = deploy(api, lookup_bpmn(), (f"{REVIEW}.json", broken))
    assert response.status_code == 422
    [problem] = response.json["error"]["problems"]
    assert problem["file"] == f"{REVIEW}.json" and "additionalProperties" in problem["message"]


def test_a_form_no_task_shows_is_refused_not_stored_nowhere(api):
    response = deploy(api, lookup_bpmn(), ("lonely_form.json", retitled_review("无人使用")))
    assert response.status_code == 422
    [problem] = response.json["error"]["problems"]
    assert problem["file"] == "lonely_form.json" and "shown by no task" in problem["message"]


def test_a_task_naming_a_form_that_exists_nowhere_is_refused_at_deploy(api):
    name, content = lookup_bpmn()
    missing = content.replace(f'value="{REVIEW}"'.encode(), b'value="no_such_form"', 1)
    response = deploy(api, (name, missing))
    assert response.status_code == 422
    [problem] = response.json["error"]["problems"]
    assert problem["element"] == "review_lookup_request"
    assert "form 'no_such_form', which is neither in this bundle" in problem["message"]
