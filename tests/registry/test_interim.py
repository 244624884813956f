"""过渡期管理 on the county's allocation page and through the API: "可暂由原企业退休管理机构或社会保险
经办机构对企业退休人员提供相关管理服务" (三) — the county places people with an interim manager until an
end date; the manager sees them in full; the case's county figures report them."""

from __future__ import annotations

import pytest

from engine.directory.organisations import Organisation, User
from tests.passwords import password_hash
from tests.processes import campaign
from tests.processes import submissions as form
from tests.web.conftest import login, post

from .walk import JINSHUI, retiree, sign_for_county

COUNTY = campaign.county_org(JINSHUI)
AGENCY = "org-sia-410105"


@pytest.fixture
def allocation(driver, programme, sessions):
    """金水区 verified, its allocation open; 金水区's social insurance agency has a login."""
    with sessions() as session, session.begin():
        session.add(
            Organisation(
                id=AGENCY, name="金水区社会保险事业管理局", kind="social_insurance_agency",
                division_code=JINSHUI, active=True,
            )
        )  # fmt: skip
        session.flush()
        session.add(
            User(
                username="insurance", name="社保经办人", organisation_id=AGENCY, roles=["official"],
                password_hash=password_hash("demo"), active=True, failed_logins=0,
            )
        )  # fmt: skip
    sign_for_county(driver, programme, JINSHUI, 4)
    driver.complete(programme, "verify_retiree_data", form.all_correct(), owner=COUNTY)
    return driver.item(programme, "allocate_to_communities", COUNTY)


def place(api, item, body):
    api.get("/retirees", "county")  # the county's token
    headers = {"Authorization": f"Bearer {api.tokens['county']}"}
    api.client.post(f"/api/v1/tasks/{item.id}/claim", headers=headers)
    return api.client.post(f"/api/v1/tasks/{item.id}/allocation", json=body, headers=headers)


def test_a_placement_without_an_end_date_is_refused_naming_the_field(api, allocation, sessions):
    """可暂由原企业退休管理机构或社会保险经办机构对企业退休人员提供相关管理服务 — for a period."""
    body = {"interim": {"manager": AGENCY}, "retirees": [retiree(sessions, "刘洋").id]}
    answer = place(api, allocation, body)
    assert (answer.status_code, list(answer.json["error"]["fields"])) == (422, ["interim_until"])


def test_the_social_insurance_agency_sees_the_people_it_manages_in_full(api, allocation, sessions):
    """可暂由…社会保险经办机构对企业退休人员提供相关管理服务。"""
    liu = retiree(sessions, "刘洋")
    body = {"interim": {"manager": AGENCY, "until": "2017-12-31"}, "retirees": [liu.id]}
    answer = place(api, allocation, body)
    assert answer.status_code == 200
    interim_sum = {"community_org": None, "community": "过渡期管理", "retiree_count": 1, "interim": True}
    assert interim_sum in answer.json["by_community"]
    seen = api.retirees("insurance")["items"]
    assert [(p["name"], p["id_number"]) for p in seen] == [("刘洋", liu.id_number)]


def test_the_allocation_page_places_ticked_people_with_the_enterprise(client, allocation, sessions):
    """可暂由原企业退休管理机构…对企业退休人员提供相关管理服务。"""
    login(client, "county")
    page = f"/tasks/{allocation.id}"
    post(client, f"{page}/claim", token_from=page)
    assert "金水区社会保险事业管理局" in client.get(page).get_data(as_text=True)  # a choice
    data = {
        "retiree": [str(retiree(sessions, "刘洋").id)],
        "interim_manager": campaign.ENTERPRISE,
        "interim_until": "2017-12-31",
        "action": "interim",
    }
    assert post(client, f"{page}/allocation", data=data, token_from=page).status_code == 302
    liu = retiree(sessions, "刘洋")
    assert (liu.interim_manager_org, str(liu.interim_until)) == (campaign.ENTERPRISE, "2017-12-31")


def test_the_case_page_reports_the_earliest_end_of_the_interim(client, api, allocation, programme, sessions):
    """可暂由原企业退休管理机构或社会保险经办机构对企业退休人员提供相关管理服务 — reported per county."""
    ids = [retiree(sessions, name).id for name in ("刘洋", "张伟")]
    place(api, allocation, {"interim": {"manager": AGENCY, "until": "2017-12-31"}, "retirees": ids[:1]})
    place(api, allocation, {"interim": {"manager": AGENCY, "until": "2017-10-31"}, "retirees": ids[1:]})
    login(client, "county")
    page = client.get(f"/cases/{programme}").get_data(as_text=True)
    assert "2017-10-31" in page and "2017-12-31" not in page
