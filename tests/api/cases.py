"""Starting and stepping cases over the API, as the officials who own each step."""

from __future__ import annotations

from typing import Any

from tests.processes import campaign
from tests.processes import submissions as form

from .conftest import Api, official

ENTERPRISE = official(campaign.ENTERPRISE)
PROGRAMME_PARTIES = {"enterprise": campaign.ENTERPRISE, "supervisor": campaign.SUPERVISOR}
COMMUNITY_PARTIES = {"enterprise": campaign.ENTERPRISE, "receiving_government": campaign.county_org("410402")}


def start_programme(api: Api, title: str = "平煤神马 退休人员移交", **_unused: Any) -> dict:
    """A retiree hand-over programme started by the enterprise from its start form, as the page
    does (the server builds the parties and the organisation directory); the title is
    ``<enterprise name> 退休人员移交``."""
    answers = {
        "enterprise_name": title.removesuffix(" 退休人员移交"),
        "location_code": campaign.ENTERPRISE_INFO["location_code"],
        "devolved_from_centre": campaign.ENTERPRISE_INFO["devolved_from_centre"],
        "industry": campaign.ENTERPRISE_INFO["industry"],
    }
    body = {"process": "retiree_handover_programme", "form": answers}
    return api.ok("post", "/instances", ENTERPRISE, 201, json=body)


def roster_csv(people: list[dict]) -> bytes:
    """The roster template (登记表) filled with ``people`` (campaign rows), as an enterprise sends it."""
    import csv
    import io

    from engine.policy.rules import RETIREE_FIELDS
    from engine.registry.rosters.columns import HEADERS

    keys = RETIREE_FIELDS[: RETIREE_FIELDS.index("category") + 1]  # the template's columns up to 人员类别
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for person in people:
        row = dict(zip(HEADERS, (person[key] for key in keys), strict=False))
        row["党员"] = "是" if person["party_member"] else "否"
        row["常住地址"] = person.get("address", "")
        writer.writerow([row.get(header, "") for header in HEADERS])
    return out.getvalue().encode()


def upload_roster(api: Api, people: list[dict]) -> dict:
    """The enterprise's official imports ``people`` over the API (the registry then holds them)."""
    import io

    data = {"file": (io.BytesIO(roster_csv(people)), "登记表.csv")}
    return api.ok("post", "/rosters", ENTERPRISE, 201, data=data, content_type="multipart/form-data")


def start_community_org_handover(api: Api, title: str = "矿区社区管理委员会移交") -> dict:
    """The enterprise's community organisation handed to 新华区, from the start form."""
    answers = {
        "community_name": title.removesuffix("移交"),
        "households": 3300,
        "setting": "city",
        "staff": 14,
        "receiving_government": campaign.county_org("410402"),
    }
    body = {"process": "community_org_handover", "form": answers}
    return api.ok("post", "/instances", ENTERPRISE, 201, json=body)


def community_agreement() -> dict:
    return {
        "agreement_number": "豫社移〔2017〕3号",
        "content": "社区管理组织整体移交",
        "assets": [{"name": "社区办公楼", "kind": "房屋", "quantity": 1, "value": 1200000}],
        "signed_by": "李总",
        "signed_on": "2017-05-10",
    }


def active(api: Api, case_id: int, spec_id: str, as_: str = ENTERPRISE) -> dict:
    """The one active task ``spec_id`` of a case."""
    tasks = [
        t for t in api.ok("get", f"/instances/{case_id}", as_)["active_tasks"] if t["spec_id"] == spec_id
    ]
    assert len(tasks) == 1, tasks
    return tasks[0]


def claim_and_complete(api: Api, task: dict, data: dict) -> dict:
    """Claim and complete a task as an official of its owner; the completion's answer."""
    holder = official(task["owner_org"])
    api.ok("post", f"/tasks/{task['id']}/claim", holder)
    return api.ok("post", f"/tasks/{task['id']}/complete", holder, json={"data": data})


def survey(api: Api, case_id: int, people: int = 3) -> dict:
    """The programme's first step done: the enterprise's survey."""
    return claim_and_complete(api, active(api, case_id, "survey_retirees"), form.survey(people))
