"""移交管理服务人员名单 (issue 14, 3 and 12): the staff the enterprise hands over to a county, each
with the difference between their previous and their local pay that the enterprise pays —
seed 五(四)3: "移交后薪酬待遇低于移交前原企业的，差额部分由原企业支付"."""

from __future__ import annotations

import pytest

from tests.processes import campaign
from tests.processes import submissions as form

from . import handover
from .conftest import browser, pdf_text, roster

PAGE = "/cases/{case}/documents/staff_list.pdf?county=410105"
COUNTY = campaign.county_org("410105")


@pytest.fixture
def streams(driver) -> int:
    """A programme whose 金水区 received its people: the staff hand-over is open."""
    case = handover.programme_of(driver, roster())
    handover.verified(driver, case)
    driver.allocate_all(case, "410105")
    driver.complete(case, "receive_retirees", form.received(4), owner=campaign.community_org("410105"))
    return case


def text_of(app, username: str, case: int) -> str:
    response = browser(app, username).get(PAGE.format(case=case))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return pdf_text(response.data)


def test_the_list_names_the_staff_and_the_difference_the_enterprise_pays(app, driver, streams):
    [(name, number)] = form.staff_members(1)
    item = driver.by_county(streams, "hand_over_management_staff")["410105"]
    driver.complete_item(item, form.staff((name, number)))  # previous pay 4,200 a month
    handed = text_of(app, "enterprise", streams)
    assert "郑州市金水区接收管理服务人员名单" in handed and f"1{name}{number}退休管理员4,200" in handed
    assert "接收后月工资待接收地核定" in handed

    driver.complete(streams, "receive_management_staff", form.staff_accepted(), owner=COUNTY)  # 3,800
    received = text_of(app, "county", streams)
    assert f"1{name}{number}退休管理员4,2003,800400" in received
    assert "合计：共1人；原企业每月支付差额合计400元" in received


def test_a_community_does_not_read_the_staff_list(app, driver, streams):
    [(name, number)] = form.staff_members(1)
    driver.complete_item(
        driver.by_county(streams, "hand_over_management_staff")["410105"], form.staff((name, number))
    )
    response = browser(app, "community").get(PAGE.format(case=streams))
    assert response.status_code == 404
