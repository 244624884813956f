"""社区管理组织移交协议 (issue 14, 12): the enterprise and the receiving county's agreement on an
enterprise-run community organisation, with its staff and its asset list — seed 五(三)1: "企业所办社区
管理组织的移交由移交企业与当地县(市、区)政府签订移交协议"."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.workflow.documents import Document
from tests.processes.test_community_assets import agreed_from_form, hand_over, renovated
from tests.processes.test_community_org_handover import HANDED_OVER

from .conftest import CJK_FONT, api_headers, browser, pdf_fonts, pdf_text, snapshot

PAGE = "/cases/{case}/documents/community_agreement.pdf?community_org=410402"
API = "/api/v1/instances/{case}/documents/community_agreement.pdf?community_org=410402"


@pytest.fixture
def signed(driver) -> int:
    """A community organisation of 2,500 households and 12 staff, its agreement signed by 新华区."""
    return agreed_from_form(driver)


def text_of(app, username: str, case: int) -> str:
    response = browser(app, username).get(PAGE.format(case=case))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return pdf_text(response.data)


def test_the_agreement_names_the_parties_the_staff_and_the_assets_to_follow(app, signed):
    """Seed 五(三)2: "职能、人员可以先移交…签订移交协议，待企业“三供一业”改造完成后，再进行资产及相关
    服务设备设施的移交" — before the renovation the agreement lists the verified assets to follow it."""
    text = text_of(app, "enterprise", signed)
    for expected in (
        "省属企业所办社区管理组织移交协议",
        "协议编号：豫社移〔2017〕3号",
        "甲方（移交方）：中国平煤神马能源化工集团",
        "乙方（接收方）：平顶山市新华区人民政府",
        "（豫政办〔2017〕44号）",
        "矿区社区管理委员会现有常住居民2500户，工作人员12人",
        "单独设立时核定移交工作人员9人，超出核定数量的3名工作人员由甲方妥善安置",
        "1社区办公楼房屋11,200,000",
        "待甲方“三供一业”改造完成后再行移交",
        "甲方“三供一业”改造完成后30日内，完成资产及相关服务设备设施移交",
        "代表人（签字）：李总代表人（签字）：张局长",
    ):
        assert expected in text, expected


def test_the_agreement_lists_each_asset_transferred_or_lent_once_handed_over(app, driver, signed):
    """Seed 五(三)2: "对难以分割移交的资产，由企业提供给社区管理组织管理使用" — the receiving county
    reads the assets as handed over, the lent one with who owns it, from when and on what terms."""
    renovated(driver, signed)
    hand_over(driver, signed, HANDED_OVER)
    text = text_of(app, "county3", signed)
    for expected in (
        "确定将移交社区并入“湛河社区”",
        "1社区办公楼办公场所860平方米1,200,000矿区工人村12号移交",
        "2职工活动中心服务设施1座800,000矿区工人村3号提供使用",
        "合计价值2,000,000",
        "对难以分割移交的资产，由甲方提供给社区管理组织管理使用",
        "职工活动中心（矿区工人村3号）：产权归中国平煤神马能源化工集团，自2017年9月30日起提供使用；"
        "使用条件：无偿使用，企业负责大修。",
        "2017年9月29日前，完成资产及相关服务设备设施移交",
    ):
        assert expected in text, expected


def test_the_agreement_is_set_in_embedded_cjk_fonts(app, signed):
    """Seed 五(三)1: "签订移交协议" — a document officials print and sign, laid out as the others."""
    content = browser(app, "enterprise").get(PAGE.format(case=signed)).data
    fonts = pdf_fonts(content)
    assert any(CJK_FONT.search(name) for name in fonts) and set(fonts.values()) == {"yes"}
    snapshot("community_agreement", content)


def test_the_receiving_task_links_the_agreement(app, driver, signed):
    """Seed 五(三)2: "对应移交的社区资产…要进行核实确认" — the county checks the assets against it."""
    renovated(driver, signed)
    hand_over(driver, signed, HANDED_OVER)
    item = driver.item(signed, "receive_assets")
    html = browser(app, "county3").get(f"/tasks/{item.id}").get_data(as_text=True)
    assert PAGE.format(case=signed) in html
    assert "社区管理组织移交协议（矿区社区管理委员会）" in html


def test_a_third_organisation_cannot_download_it(app, signed):
    """Seed 五(三)1: "由移交企业与当地县(市、区)政府签订移交协议" — the two parties' document, no one
    else's: not by its kind, on the page or the API, nor by the id of the stored PDF."""
    assert browser(app, "county3").get(PAGE.format(case=signed)).status_code == 200  # stored now
    other = browser(app, "county")
    assert other.get(PAGE.format(case=signed)).status_code == 404
    caller = app.test_client()
    assert caller.get(API.format(case=signed), headers=api_headers(caller, "county")).status_code == 404
    with app.extensions["yijiao"]["sessions"]() as session:
        stored = session.scalars(select(Document.id).where(Document.kind == "community_agreement")).all()
    assert stored and all(other.get(f"/documents/{d}").status_code == 404 for d in stored)
