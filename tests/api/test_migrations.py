"""POST /processes/<key>/migrations(/preview): designers move running cases to a new version."""

from __future__ import annotations

import contextlib

import pytest

from engine import Actor
from tests import migration_sample as sample
from tests.migration_sample import KEY, Cases
from tests.processes import campaign

from .cases import active, claim_and_complete
from .conftest import official

COUNTY = campaign.county_org("410105")
PARTIES = {
    "enterprise": campaign.ENTERPRISE,
    "receiving_government": COUNTY,
    "supervisor": campaign.SUPERVISOR,
}
PREVIEW = f"/processes/{KEY}/migrations/preview"
MIGRATE = f"/processes/{KEY}/migrations"
BODY = {"from_version": 1, "to_version": 2}


@pytest.fixture
def cases(app, clock) -> Cases:
    yijiao = app.extensions["yijiao"]

    @contextlib.contextmanager
    def tx():
        with yijiao["sessions"]() as session, session.begin():
            yield session

    sample.deploy(yijiao["engine"], tx, 1)
    actors = {
        "enterprise": Actor(official(campaign.ENTERPRISE), campaign.ENTERPRISE),
        "receiving_government": Actor(official(COUNTY), COUNTY),
    }
    return Cases(yijiao["engine"], tx, clock, PARTIES, actors)


def version(api, case: int) -> int:
    return api.ok("get", f"/instances/{case}", official(campaign.ENTERPRISE))["version"]


def test_bulk_migration_of_fifty_cases_reports_those_at_a_removed_task(api, cases):
    stuck = cases.at("old_check", 5)
    moving = cases.at("review", 15) + cases.at("wait_reply", 15) + cases.at("prepare", 15)
    sample.deploy(cases.engine, cases.tx, 2)

    preview = api.ok("post", PREVIEW, "designer", json=BODY)
    assert len(preview["cases"]) == 50
    refused = {c["id"]: c["refusals"] for c in preview["cases"] if not c["migratable"]}
    assert refused == {case: ["停在第 2 版已删除的任务 '旧版复核'"] for case in stuck}
    revisions = {str(c["id"]): c["revision"] for c in preview["cases"]}
    chosen = [c["id"] for c in preview["cases"]]

    body = {**BODY, "instances": chosen, "revisions": revisions}
    result = api.ok("post", MIGRATE, "designer", json=body)

    assert sorted(c["id"] for c in result["migrated"]) == sorted(moving)
    assert [(c["id"], c["refusals"]) for c in result["refused"]] == [(c, refused[c]) for c in stuck]
    assert {version(api, case) for case in moving} == {2}
    assert {version(api, case) for case in stuck} == {1}


def test_a_migrated_case_continues_on_the_new_version_over_the_api(api, cases):
    [case] = cases.at("prepare")
    sample.deploy(cases.engine, cases.tx, 2)
    api.ok("post", MIGRATE, "admin", json={**BODY, "instances": [case]})
    claim_and_complete(api, active(api, case, "prepare"), {})
    assert active(api, case, "new_sign")["name"] == "签署确认"


def test_the_preview_names_the_tasks_of_each_case(api, cases):
    [case] = cases.at("review")
    sample.deploy(cases.engine, cases.tx, 2)
    [preview] = api.ok("post", PREVIEW, "designer", json=BODY)["cases"]
    assert preview["migratable"] and preview["refusals"] == []
    assert preview["tasks"] == [
        {
            "process": KEY,
            "element": "review",
            "old": "审核材料",
            "new": "审核材料（新版）",
            "outcome": "changed",
        }
    ]
    assert version(api, case) == 1  # a preview changes nothing


@pytest.mark.parametrize("path", [PREVIEW, MIGRATE])
def test_only_designers_and_administrators_migrate(api, cases, path):
    sample.deploy(cases.engine, cases.tx, 2)
    response = api.post(path, official(campaign.ENTERPRISE), json=BODY)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"to_version": 2}, "from_version"),
        ({"from_version": 1, "to_version": "2"}, "to_version"),
        ({"from_version": 2, "to_version": 2}, "to_version"),
        ({**BODY, "instances": []}, "instances"),
        ({**BODY, "instances": [1, "x"]}, "instances.1"),
        ({**BODY, "instances": [2**31]}, "instances.0"),
        ({**BODY, "revisions": {"a": 1}}, "revisions.a"),
    ],
)
def test_a_bad_request_names_the_field(api, cases, body, field):
    response = api.post(PREVIEW, "designer", json=body)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]


def test_an_unknown_version_is_not_found(api, cases):
    response = api.post(PREVIEW, "designer", json={"from_version": 1, "to_version": 9})
    assert response.status_code == 404
