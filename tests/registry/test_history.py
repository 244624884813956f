"""A retiree's page: personal data, destination, statuses and the hand-over history — the
programme case and the steps of it concerning their county."""

from __future__ import annotations

from tests.processes import campaign
from tests.web.conftest import login

from .walk import JINSHUI, ZHONGYUAN, receive_in_one_community, sign_for_county


def test_the_history_lists_the_programme_and_the_countys_steps_only(api, driver, programme, registered):
    receive_in_one_community(driver, programme, JINSHUI, 4)
    sign_for_county(driver, programme, ZHONGYUAN, 2)
    detail = api.get(f"/retirees/{registered['王建国']}", "county").get_json()
    assert detail["status"] == "received" and detail["history"]["case"]["id"] == programme
    steps = [(s["spec_id"], s["owner_org"]) for s in detail["history"]["steps"]]
    assert ("survey_retirees", campaign.ENTERPRISE) in steps
    assert ("sign_framework_agreement", "org-gov-410100") in steps  # 金水区's prefecture
    assert ("sign_framework_agreement", "org-gov-410400") not in steps
    assert ("sign_specific_agreement", campaign.county_org(JINSHUI)) in steps
    assert ("receive_retirees", "org-community-410105") in steps
    assert all(owner != campaign.county_org(ZHONGYUAN) for _spec, owner in steps)
    drafts = [s for s in detail["history"]["steps"] if s["spec_id"] == "draft_specific_agreement"]
    assert len(drafts) == 1 and drafts[0]["state"] == "completed" and drafts[0]["completed_at"]


def test_the_page_shows_the_person_and_links_the_case(client, driver, programme, registered):
    sign_for_county(driver, programme, JINSHUI, 4)
    login(client, "county")
    page = client.get(f"/retirees/{registered['刘洋']}").get_data(as_text=True)
    assert "刘洋" in page and "已签协议" in page and "未整理" in page
    assert "户口所在地与常年居住地不一致" in page  # why 金水区
    assert f'href="/cases/{programme}"' in page
    assert "审核并签订具体移交协议" in page


def test_no_history_before_the_case_is_visible_to_the_viewer(api, programme, registered):
    # 中原区 holds no task of the programme yet: it sees its people but not the case
    detail = api.get(f"/retirees/{registered['陈静']}", "county2").get_json()
    assert detail["history"] is None and detail["instance_id"] == programme


def test_an_excluded_cadre_has_only_the_programmes_own_steps(api, programme, registered):
    detail = api.get(f"/retirees/{registered['吴老']}", "enterprise").get_json()
    assert detail["destination_code"] is None
    assert {s["spec_id"] for s in detail["history"]["steps"]} == {"survey_retirees", "register_roster"}
