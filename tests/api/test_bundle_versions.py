"""A process and its decision table deployed as one bundle make one new version; a case started on
the old version finishes on it, a new case runs on the new one (issue 16's API test)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from tests.processes import campaign

from .conftest import official

BUNDLE = Path(__file__).parents[1] / "fixtures" / "bundle"
FINANCE = official(campaign.FINANCE)


def bundle(task_name: str = "确认管理费标准", rate: int = 1000) -> dict:
    bpmn = (BUNDLE / "fee_check.bpmn").read_text(encoding="utf-8").replace("确认管理费标准", task_name)
    dmn = (BUNDLE / "check_rate.dmn").read_text(encoding="utf-8").replace(">1000<", f">{rate}<")
    files = [(BytesIO(bpmn.encode()), "fee_check.bpmn"), (BytesIO(dmn.encode()), "check_rate.dmn")]
    return {"file": files}


def deploy(api, data: dict) -> dict[str, tuple[int, bool]]:
    response = api.post("/processes", "designer", data=data, content_type="multipart/form-data")
    assert response.status_code == 201, response.json
    return {d["key"]: (d["version"], d["changed"]) for d in response.json["deployments"]}


def start(api) -> int:
    body = {"process": "fee_check", "parties": {"finance_bureau": campaign.FINANCE}, "data": {}}
    return api.ok("post", "/instances", FINANCE, 201, json=body)["id"]


def open_task(api, case_id: int) -> dict:
    [item] = [
        t for t in api.ok("get", "/tasks?scope=claimable", FINANCE)["items"] if t["case"]["id"] == case_id
    ]
    return api.ok("get", f"/tasks/{item['id']}", FINANCE)


def test_a_bundle_versions_the_process_with_its_decision_and_old_cases_finish_on_theirs(api):
    assert deploy(api, bundle())["fee_check"] == (1, True)
    old_case = start(api)
    assert deploy(api, bundle("确认管理费标准（新）", rate=1200))["fee_check"] == (2, True)
    new_case = start(api)

    old_task, new_task = open_task(api, old_case), open_task(api, new_case)
    assert (old_task["name"], old_task["data"]["rate"]) == ("确认管理费标准", 1000)
    assert (new_task["name"], new_task["data"]["rate"]) == ("确认管理费标准（新）", 1200)

    api.ok("post", f"/tasks/{old_task['id']}/claim", FINANCE)
    api.ok("post", f"/tasks/{old_task['id']}/complete", FINANCE, json={"data": {}})
    finished = api.ok("get", f"/instances/{old_case}", FINANCE)
    assert (finished["status"], finished["version"]) == ("completed", 1)
    assert api.ok("get", f"/instances/{new_case}", FINANCE)["version"] == 2


def test_the_same_bundle_again_is_a_no_op(api):
    deploy(api, bundle())
    assert deploy(api, bundle())["fee_check"] == (1, False)
