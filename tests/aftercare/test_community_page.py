"""A community's own page, the 离休/省管 people it records, and the county's and agency's views of it."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from engine.aftercare.community.records import CommunityRecord
from engine.clock import SettableClock
from engine.directory.organisations import Organisation, User
from engine.policy import resident_id
from engine.registry.access import mask
from engine.registry.retirees import Retiree
from engine.workflow.deadlines import CHINA_TZ
from tests.passwords import password_hash
from tests.processes import campaign
from tests.web import conftest as web
from tests.web.conftest import login, post

app, client, driver, people = web.app, web.client, web.driver, web.people  # fixtures

COMMUNITY = "org-community-410105"
OTHER = campaign.community_org("410105", second=True)
AGENCY = "org-sia-410105"
CADRE_ID = resident_id.make("410105", datetime(1930, 5, 1).date(), 11)


@pytest.fixture
def clock(app):
    moment = SettableClock(datetime(2017, 4, 2, 9, 0, tzinfo=CHINA_TZ))
    app.extensions["yijiao"]["engine"].clock = moment
    return moment


@pytest.fixture
def town(app, people, clock):
    """The county's second community and its agency, each with a login; the roster's 金水区 people
    received by the first community."""
    with app.extensions["yijiao"]["sessions"]() as session, session.begin():
        campaign.register(session, people=[])
        session.add(
            Organisation(
                id=AGENCY, name="金水区社保中心", kind="social_insurance_agency", division_code="410105"
            )
        )
        session.flush()
        for username, org in (("community_b", OTHER), ("agency", AGENCY)):
            session.add(
                User(
                    username=username,
                    name=username,
                    organisation_id=org,
                    roles=["official"],
                    password_hash=password_hash("demo"),
                    active=True,
                    failed_logins=0,
                )
            )


def newcomer(client, n: int = 41, **changes) -> dict:
    values = campaign.retiree("孙新民", "410105", "410105", n)
    values.pop("special_status")
    values.pop("party_member")
    values.update(address="经三路12号院", phone="13812345678", **changes)
    return values


def registered_and_received(client, driver, values: dict) -> Retiree:
    login(client, "enterprise")
    assert post(client, "/aftercare/newcomers", values, token_from="/aftercare/newcomers").status_code == 302
    with driver.tx() as session:
        person = session.scalar(select(Retiree).where(Retiree.id_number == values["id_number"]))
        session.expunge(person)
    driver.complete(
        person.instance_id, "allocate_new_retiree", {"data_checked": True, "community_org": COMMUNITY}
    )
    return person


def test_an_enterprise_registers_a_new_retiree_who_the_community_then_sees_in_full(client, driver, town):
    person = registered_and_received(client, driver, newcomer(client))
    driver.complete(
        person.instance_id,
        "receive_new_retiree",
        {"received": True, "info_database_built": True, "contact_card_issued": True},
    )
    login(client, "community")
    page = client.get("/aftercare/community").get_data(as_text=True)
    assert person.id_number in page and "13812345678" in page and "经三路12号院" in page
    assert "由本社区接收" in page  # a recent event


def test_the_registration_form_names_the_wrong_field(client, town):
    login(client, "enterprise")
    values = newcomer(client)
    values["id_number"] = values["id_number"][:17] + ("1" if values["id_number"][17] == "0" else "0")
    answer = post(client, "/aftercare/newcomers", values, token_from="/aftercare/newcomers")
    assert answer.status_code == 422
    assert "身份证号：身份证号校验码错误" in answer.get_data(as_text=True)


def test_another_community_and_another_county_do_not_see_the_page(client, driver, town):
    person = registered_and_received(client, driver, newcomer(client))
    driver.complete(
        person.instance_id,
        "receive_new_retiree",
        {"received": True, "info_database_built": True, "contact_card_issued": True},
    )
    login(client, "community_b")
    assert person.id_number not in client.get("/aftercare/community").get_data(as_text=True)
    login(client, "county2")
    assert client.get("/aftercare/community").status_code == 403


def test_the_month_s_work_is_listed_and_the_overdue_in_red(client, driver, town, clock):
    registered_and_received(client, driver, newcomer(client))  # reception due 2017-05-02
    login(client, "community")
    page = client.get("/aftercare/community").get_data(as_text=True)
    month, _, later = page.partition("其后到期的在办事项")
    assert "社区接收新退休人员" not in month and "社区接收新退休人员" in later  # due next month
    clock.set(datetime(2017, 5, 1, 9, 0, tzinfo=CHINA_TZ))
    page = client.get("/aftercare/community").get_data(as_text=True)
    assert "社区接收新退休人员" in page.partition("其后到期的在办事项")[0] and 'class="overdue"' not in page
    clock.set(datetime(2017, 5, 3, 9, 0, tzinfo=CHINA_TZ))
    assert 'class="overdue"' in client.get("/aftercare/community").get_data(as_text=True)


def test_the_county_sees_counts_and_the_agency_sees_masked_numbers(client, driver, town, clock):
    person = registered_and_received(client, driver, newcomer(client))
    driver.complete(
        person.instance_id,
        "receive_new_retiree",
        {"received": True, "info_database_built": True, "contact_card_issued": True},
    )
    login(client, "county")
    page = client.get(f"/aftercare/communities?community={COMMUNITY}").get_data(as_text=True)
    assert person.id_number in page  # the receiving county sees its people in full (access.py)
    login(client, "agency")
    page = client.get(f"/aftercare/communities?community={COMMUNITY}").get_data(as_text=True)
    assert person.id_number not in page and mask(person.id_number) in page
    login(client, "county2")
    assert client.get(f"/aftercare/communities?community={COMMUNITY}").status_code == 404
    login(client, "community")
    assert client.get("/aftercare/communities").status_code == 403


# -- 离休干部 / 省管干部 recorded by a community ---------------------------------------------------------

CADRE = {
    "name": "老革命",
    "id_number": CADRE_ID,
    "category": "离休干部",
    "address": "经三路1号",
    "phone": "0371-66661234",
    "special_status": ["高龄"],
    "original_unit": "河南能源",
    "note": "需上门服务",
}


def test_a_community_records_a_retired_cadre_and_sees_it_listed(client, town):
    login(client, "community")
    answer = post(client, "/aftercare/community/records", CADRE, token_from="/aftercare/community/records")
    assert answer.status_code == 302
    page = client.get("/aftercare/community/records").get_data(as_text=True)
    assert CADRE_ID in page and "未移交（离休干部/省管干部）" in page
    assert "老革命" in client.get("/aftercare/community").get_data(as_text=True)


def test_an_invalid_id_number_is_not_recorded(client, town, app):
    login(client, "community")
    wrong = {**CADRE, "id_number": CADRE_ID[:17] + ("1" if CADRE_ID[17] == "0" else "0")}
    answer = post(client, "/aftercare/community/records", wrong, token_from="/aftercare/community/records")
    assert answer.status_code == 422
    assert "身份证号校验码错误" in answer.get_data(as_text=True)
    with app.extensions["yijiao"]["sessions"]() as session:
        assert session.scalar(select(CommunityRecord.id)) is None


def test_an_ordinary_retiree_is_not_recorded_here(client, town):
    login(client, "community")
    answer = post(
        client,
        "/aftercare/community/records",
        {**CADRE, "category": "普通退休人员"},
        token_from="/aftercare/community/records",
    )
    assert answer.status_code == 422


def test_another_community_neither_sees_nor_changes_the_record(client, town, app):
    login(client, "community")
    post(client, "/aftercare/community/records", CADRE, token_from="/aftercare/community/records")
    with app.extensions["yijiao"]["sessions"]() as session:
        record_id = session.scalar(select(CommunityRecord.id))
    login(client, "community_b")
    assert CADRE_ID not in client.get("/aftercare/community/records").get_data(as_text=True)
    assert client.get(f"/aftercare/community/records/{record_id}").status_code == 404
    changed = post(
        client,
        f"/aftercare/community/records/{record_id}",
        {**CADRE, "name": "改名"},
        token_from="/aftercare/community/records",
    )
    assert changed.status_code == 404
    login(client, "county")
    assert client.get("/aftercare/community/records").status_code == 403


def test_a_community_changes_and_removes_its_record(client, town, app):
    login(client, "community")
    post(client, "/aftercare/community/records", CADRE, token_from="/aftercare/community/records")
    with app.extensions["yijiao"]["sessions"]() as session:
        record_id = session.scalar(select(CommunityRecord.id))
    post(
        client,
        f"/aftercare/community/records/{record_id}",
        {**CADRE, "phone": "13900001111"},
        token_from="/aftercare/community/records",
    )
    with app.extensions["yijiao"]["sessions"]() as session:
        assert session.get(CommunityRecord, record_id).phone == "13900001111"
    post(
        client, f"/aftercare/community/records/{record_id}/remove", token_from="/aftercare/community/records"
    )
    with app.extensions["yijiao"]["sessions"]() as session:
        assert session.get(CommunityRecord, record_id) is None


def test_recorded_people_are_in_no_hand_over_figure(client, driver, town):
    login(client, "community")
    post(client, "/aftercare/community/records", CADRE, token_from="/aftercare/community/records")
    with driver.tx() as session:
        assert session.scalar(select(Retiree.id).where(Retiree.id_number == CADRE_ID)) is None
    login(client, "county")
    page = client.get("/aftercare/communities").get_data(as_text=True)
    row = page[page.index("410105第1社区") if "410105第1社区" in page else page.index("花园路社区") :]
    assert "<td>0</td><td>0</td><td>0</td><td>1</td>" in row.replace("\n", "").replace("    ", "")


def test_the_task_pages_show_the_new_retiree_to_the_county_and_to_the_community(client, driver, town):
    login(client, "enterprise")
    values = newcomer(client)
    post(client, "/aftercare/newcomers", values, token_from="/aftercare/newcomers")
    with driver.tx() as session:
        case = session.scalar(select(Retiree.instance_id).where(Retiree.id_number == values["id_number"]))
    allocation = driver.item(case, "allocate_new_retiree")
    login(client, "county")
    page = client.get(f"/tasks/{allocation.id}").get_data(as_text=True)
    assert "孙新民" in page and values["id_number"] in page
    driver.complete(case, "allocate_new_retiree", {"data_checked": True, "community_org": COMMUNITY})
    login(client, "community")
    page = client.get(f"/tasks/{driver.item(case, 'receive_new_retiree').id}").get_data(as_text=True)
    assert "孙新民" in page and values["id_number"] in page


def test_the_enterprise_uploads_a_file_of_new_retirees_and_reads_the_refusals(client, town):
    from io import BytesIO

    login(client, "enterprise")
    wrong = newcomer(client, 44)
    wrong["id_number"] = wrong["id_number"][:17] + ("1" if wrong["id_number"][17] == "0" else "0")
    body = "姓名,性别,身份证号,出生日期,退休日期,户籍地区划代码,常住地区划代码,人员类别\n" + ",".join(
        str(wrong[k])
        for k in (
            "name",
            "sex",
            "id_number",
            "birth_date",
            "retirement_date",
            "hukou_code",
            "residence_code",
            "category",
        )
    )
    data = {"file": (BytesIO(body.encode("utf-8")), "新退休.csv")}
    answer = post(client, "/aftercare/newcomers/file", data, token_from="/aftercare/newcomers")
    assert answer.status_code == 422
    assert "身份证号校验码错误" in answer.get_data(as_text=True)
