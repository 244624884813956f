"""A process's versions over the API (issue 16): each version with who deployed it, its hash, lanes,
cases and files; a file's exact bytes; the diff between two versions. For designers, supervisors and
administrators; an official is refused, an unknown process, version or file is not found."""

from __future__ import annotations

import contextlib
import json
from io import BytesIO
from pathlib import Path

import pytest

from tests.processes import campaign
from tests.processes.driver import Driver

from .conftest import PROCESSES, official

KEY = "archive_lookup"
PARTIES = {"community": "org-community-410105", "archive_department": campaign.archive_org("410105")}
REQUEST = {
    "retiree_name": "王建国",
    "purpose": "办理养老金资格认证",
    "kind": "复制",
    "submitted_on": "2017-09-01",
}
ORIGINAL = (PROCESSES / f"{KEY}.bpmn").read_bytes()


def version_2() -> bytes:
    """The review renamed; the bytes as a modeler writes them (CRLF, a trailing blank line)."""
    text = ORIGINAL.decode("utf-8").replace('name="审核查阅（复制）申请"', 'name="审核申请"')
    return text.replace("\n", "\r\n").encode("utf-8") + b"\r\n"


def upload(api, content: bytes, as_: str = "designer"):
    answer = api.post(
        "/processes",
        as_,
        data={"file": (BytesIO(content), f"{KEY}.bpmn")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 201, answer.json
    return answer


@pytest.fixture
def driver(app) -> Driver:
    yijiao = app.extensions["yijiao"]

    @contextlib.contextmanager
    def tx():
        with yijiao["sessions"]() as session, session.begin():
            yield session

    return Driver(yijiao["engine"], tx, campaign.Officials())


def versions(api, as_: str = "designer") -> dict[int, dict]:
    return {v["version"]: v for v in api.ok("get", f"/processes/{KEY}/versions", as_)["versions"]}


def test_each_version_lists_its_deployer_hash_lanes_and_files(api):
    upload(api, version_2())
    found = versions(api)
    assert list(found) == [2, 1]
    assert found[2]["deployed_by"] == "designer"
    assert found[1]["content_hash"] != found[2]["content_hash"] and len(found[2]["content_hash"]) == 64
    assert set(found[2]["lanes"]) == {"community", "archive_department"}
    [file] = found[2]["files"]
    assert file == {"name": f"{KEY}.bpmn", "url": f"/api/v1/processes/{KEY}/versions/2/files/{KEY}.bpmn"}


def test_cases_are_counted_on_the_version_they_run_on(api, driver):
    first = driver.start(KEY, PARTIES, {"request": REQUEST})
    driver.start(KEY, PARTIES, {"request": REQUEST})
    driver.complete(first, "review_lookup_request", {"approved": False, "reasons": "非本人申请"})
    driver.complete(first, "acknowledge_lookup_refusal", {"received": True})
    upload(api, version_2())
    for _ in range(3):
        driver.start(KEY, PARTIES, {"request": REQUEST})
    found = versions(api, "supervisor")
    assert found[1]["cases"] == {"running": 1, "completed": 1}
    assert found[2]["cases"] == {"running": 3, "completed": 0}


@pytest.mark.parametrize("number, content", [(1, ORIGINAL), (2, version_2())], ids=["v1", "v2 CRLF"])
def test_a_file_downloads_as_the_identical_bytes(api, number, content):
    upload(api, version_2())
    answer = api.get(f"/processes/{KEY}/versions/{number}/files/{KEY}.bpmn", "admin")
    assert answer.status_code == 200
    assert answer.data == content
    assert answer.headers["Content-Type"] == "application/xml"
    assert answer.headers["Content-Disposition"].startswith("attachment")


def test_the_diff_names_what_changed_with_both_values(api):
    upload(api, version_2())
    diff = api.ok("get", f"/processes/{KEY}/diff", "designer", query_string={"from": 1, "to": 2})
    assert (diff["key"], diff["from"], diff["to"]) == (KEY, 1, 2)
    assert diff["elements"] == [
        {
            "process": KEY,
            "id": "review_lookup_request",
            "kind": "userTask",
            "name": "审核申请",
            "status": "changed",
            "changes": [{"attribute": "name", "old": "审核查阅（复制）申请", "new": "审核申请"}],
        }
    ]
    assert diff["decisions"] == []


def test_a_changed_decision_table_shows_its_rules(api):
    dmn = (PROCESSES / "fee_payer.dmn").read_text(encoding="utf-8")
    before, after = (
        '<text>"provincial"</text></outputEntry>\n      </rule>\n    </decisionTable>',
        ('<text>"central"</text></outputEntry>\n      </rule>\n    </decisionTable>'),
    )
    assert before in dmn
    county = (PROCESSES / "county_handover.bpmn").read_bytes()
    answer = api.post(
        "/processes",
        "designer",
        data={
            "file": [
                (BytesIO(dmn.replace(before, after).encode("utf-8")), "fee_payer.dmn"),
                (BytesIO(county), "county_handover.bpmn"),
            ]
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 201, answer.json
    newest = max(versions_of(api, "county_handover"))
    diff = api.ok(
        "get", "/processes/county_handover/diff", "designer", query_string={"from": 1, "to": newest}
    )
    [decision] = diff["decisions"]
    assert (decision["id"], decision["status"]) == ("fee_payer", "changed")
    [rule] = decision["rules"]
    assert (rule["id"], rule["status"]) == ("not_devolved", "changed")
    assert rule["old"]["then"] == ['管理费用承担方: "provincial"'] and rule["new"]["then"] == [
        '管理费用承担方: "central"'
    ]


def test_lanes_mapped_to_roles_are_listed_and_a_new_mapping_is_a_change(api):
    content = (Path(__file__).parents[1] / "fixtures" / "foreign" / "approval-lanes.bpmn").read_bytes()
    first = {"Approver": "enterprise", "Manager": "receiving_government"}
    for roles in (first, {**first, "Manager": "prefecture_government"}):
        data = {
            "file": (BytesIO(content), "approval.bpmn"),
            "lane_roles": json.dumps({"Process_approval": roles}),
        }
        answer = api.post("/processes", "designer", data=data, content_type="multipart/form-data")
        assert answer.status_code == 201, answer.json
    listed = {
        v["version"]: v
        for v in api.ok("get", "/processes/Process_approval/versions", "supervisor")["versions"]
    }
    assert listed[1]["lane_roles"] == first
    assert listed[2]["lane_roles"]["Manager"] == "prefecture_government"
    query = {"from": 1, "to": 2}
    diff = api.ok("get", "/processes/Process_approval/diff", "supervisor", query_string=query)
    assert [(e["id"], e["kind"], e["changes"]) for e in diff["elements"]] == [
        (
            "Lane_2",
            "lane",
            [{"attribute": "role", "old": "receiving_government", "new": "prefecture_government"}],
        )
    ]


def versions_of(api, key: str) -> list[int]:
    return [v["version"] for v in api.ok("get", f"/processes/{key}/versions", "designer")["versions"]]


@pytest.mark.parametrize(
    "query, fields",
    [({"from": "x", "to": 2}, ["from"]), ({"to": 1}, ["from"]), ({"from": 1, "to": 0}, ["to"])],
)
def test_a_bad_version_number_in_a_diff_is_named(api, query, fields):
    answer = api.get(f"/processes/{KEY}/diff", "designer", query_string=query)
    assert answer.status_code == 422
    assert list(answer.json["error"]["fields"]) == fields


@pytest.mark.parametrize(
    "path",
    [
        "/processes/no_such_process/versions",
        f"/processes/{KEY}/versions/9/files/{KEY}.bpmn",
        f"/processes/{KEY}/versions/1/files/other.bpmn",
        f"/processes/{KEY}/diff?from=1&to=9",
    ],
)
def test_an_unknown_process_version_or_file_is_not_found(api, path):
    answer = api.get(path, "designer")
    assert answer.status_code == 404 and answer.json["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "path",
    [
        f"/processes/{KEY}/versions",
        f"/processes/{KEY}/versions/1/files/{KEY}.bpmn",
        f"/processes/{KEY}/diff?from=1&to=1",
    ],
)
@pytest.mark.parametrize("username", [official(campaign.ENTERPRISE), "viewer@" + campaign.ENTERPRISE])
def test_others_than_designers_supervisors_and_admins_are_refused(api, path, username):
    answer = api.get(path, username)
    assert answer.status_code == 403 and answer.json["error"]["code"] == "forbidden"


def test_the_answers_match_the_openapi_document(api, client):
    from jsonschema import Draft202012Validator

    upload(api, version_2())
    document = client.get("/api/v1/openapi.json").json
    cases = [
        ("/processes/{key}/versions", f"/processes/{KEY}/versions"),
        ("/processes/{key}/diff", f"/processes/{KEY}/diff?from=1&to=2"),
    ]
    for template, path in cases:
        content = document["paths"][template]["get"]["responses"]["200"]["content"]
        schema = content["application/json"]["schema"]
        errors = list(Draft202012Validator(schema).iter_errors(api.ok("get", path, "designer")))
        assert errors == [], template
