"""Who sees which retirees, and whose ID numbers in full: the owning enterprise and the receiving
county government; masked for everyone else who may see them; nobody else sees anyone."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import login

from .walk import JINSHUI, JINSHUI_PEOPLE, ZHONGYUAN, receive_in_one_community, retiree, sign_for_county

MASKED = re.compile(r"^\d{3}\*{11}[\dX]{4}$")
FULL = re.compile(r"^\d{17}[\dX]$")
PINGMEI = {"王建国", "李秀英", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴老", "郑干部"}
EVERYONE = PINGMEI | {"孙外企", "钱外企", "建设华"}

#: username → (the names they see, whether they see the ID numbers in full)
VIEWERS = {
    "enterprise": (PINGMEI, True),
    "viewer": (PINGMEI, True),  # the enterprise's read-only user
    "county": ({*JINSHUI_PEOPLE, "孙外企"}, True),  # everyone going to 金水区, of both enterprises
    "county2": ({"陈静", "杨磊", "钱外企"}, True),
    "community": (set(JINSHUI_PEOPLE), True),  # those allocated to it: it serves them
    "archive": ({*JINSHUI_PEOPLE, "孙外企"}, False),  # 金水区's archives
    "party": ({"王建国"}, False),  # 金水区's 组织部门: the party members going there, masked
    "supervisor": (EVERYONE, False),
    "admin": (EVERYONE, False),
}
OUTSIDERS = ("zhengzhou", "finance")


@pytest.fixture
def received(driver, programme) -> int:
    """金水区 received by one community; 中原区 signed."""
    receive_in_one_community(driver, programme, JINSHUI, 4)
    sign_for_county(driver, programme, ZHONGYUAN, 2)
    return programme


@pytest.mark.parametrize("username", VIEWERS)
def test_each_viewer_sees_their_retirees_masked_or_not(api, received, username):
    names, full = VIEWERS[username]
    found = api.retirees(username)
    assert {item["name"] for item in found["items"]} == names
    assert found["total"] == len(names)
    assert all((FULL if full else MASKED).match(item["id_number"]) for item in found["items"])


def test_the_mask_keeps_the_first_three_and_the_last_four(api, received, registered):
    full = {i["name"]: i["id_number"] for i in api.retirees("enterprise")["items"]}
    masked = {i["name"]: i["id_number"] for i in api.retirees("supervisor")["items"]}
    number = full["王建国"]
    assert masked["王建国"] == number[:3] + "*" * 11 + number[-4:]


def test_an_admin_of_an_enterprise_sees_other_enterprises_masked(api, received):
    found = {i["name"]: i["id_number"] for i in api.retirees("supervisor")["items"]}
    assert MASKED.match(found["孙外企"])


@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_see_nobody(api, client, received, registered, username):
    assert api.retirees(username) == {"items": [], "total": 0, "page": 1, "per_page": 100}
    someone = registered["王建国"]
    assert api.get(f"/retirees/{someone}", username).status_code == 404
    login(client, username)
    assert client.get(f"/retirees/{someone}").status_code == 404
    assert "王建国" not in client.get("/retirees").get_data(as_text=True)


def test_a_retiree_of_another_county_is_not_found(api, client, received, registered):
    assert api.get(f"/retirees/{registered['陈静']}", "county").status_code == 404
    login(client, "community")
    assert client.get(f"/retirees/{registered['陈静']}").status_code == 404
    assert client.get(f"/retirees/{registered['王建国']}").status_code == 200


def test_a_community_sees_nobody_before_it_has_received_them(api, programme):
    assert api.retirees("community")["total"] == 0


@pytest.mark.parametrize(("username", "full"), [("county", True), ("archive", False)])
def test_the_page_masks_like_the_api(client, received, registered, username, full):
    login(client, username)
    listing = client.get("/retirees").get_data(as_text=True)
    page = client.get(f"/retirees/{registered['王建国']}").get_data(as_text=True)
    numbers = set(re.findall(r'class="id-number">([^<]+)<', listing + page))
    assert numbers and all((FULL if full else MASKED).match(n) for n in numbers)


def test_statuses_are_shown_in_chinese(client, received, registered):
    login(client, "county")
    rows = re.findall(r"<tr>(.*?)</tr>", client.get("/retirees").get_data(as_text=True), re.S)
    wang = next(row for row in rows if "王建国" in row)
    assert "社区已接收" in wang and "未整理" in wang


@pytest.mark.parametrize("username", VIEWERS)
def test_a_masked_number_comes_without_birth_date_and_hukou(api, received, username):
    _names, full = VIEWERS[username]
    items = api.retirees(username)["items"]
    for item in items:
        number = item["id_number"]
        if full:
            assert item["birth_date"] == f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
            assert re.fullmatch(r"\d{6}", item["hukou_code"])
        else:
            assert (item["birth_date"], item["hukou_code"]) == (None, None)
    detail = api.get(f"/retirees/{items[0]['id']}", username).get_json()
    assert (detail["birth_date"] is not None) is full and (detail["hukou_code"] is not None) is full


@pytest.mark.parametrize(
    ("username", "full"), [("county", True), ("community", True), ("archive", False), ("supervisor", False)]
)
def test_the_retiree_page_shows_birth_date_and_hukou_only_with_the_full_number(
    client, sessions, received, registered, username, full
):
    wang = retiree(sessions, "王建国")
    login(client, username)
    page = client.get(f"/retirees/{registered['王建国']}?lang=en").get_data(as_text=True)
    assert (f"<dt>Born</dt><dd>{wang.birth_date.isoformat()}</dd>" in page) is full
    assert (f"<dt>Hukou</dt><dd>{wang.hukou_code} " in page) is full
    assert wang.retirement_date.isoformat() in page  # the rest is there for everyone
