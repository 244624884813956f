"""A municipal office oversees its own prefecture only: cases, their documents, the registry."""

from __future__ import annotations

from engine.progress.units import MilestoneUnit

from .pages import visit
from .test_pages import zhengzhou_office  # noqa: F401  (fixture)


def test_it_sees_the_cases_with_units_in_its_prefecture_only(app, web_cases, zhengzhou_office):  # noqa: F811
    assert zhengzhou_office.get(f"/cases/{web_cases['pingmei']}").status_code == 200  # 郑州市 and 平顶山市
    assert zhengzhou_office.get(f"/cases/{web_cases['community']}").status_code == 404  # 新华区 (平顶山市)
    assert zhengzhou_office.get(f"/cases/{web_cases['second']}").status_code == 404  # no roster yet
    listed = zhengzhou_office.get("/cases").get_data(as_text=True)
    assert f"/cases/{web_cases['pingmei']}" in listed
    assert f"/cases/{web_cases['community']}\"" not in listed
    province = visit(app, "supervisor")
    assert province.get(f"/cases/{web_cases['community']}").status_code == 200


def test_it_reads_the_documents_of_its_own_counties_only(app, driver, web_cases, zhengzhou_office):  # noqa: F811
    from tests.processes import submissions as form
    from tests.processes.test_retiree_handover import EXPECTED_COUNTS, sign_framework_agreements

    case = web_cases["pingmei"]
    sign_framework_agreements(driver, case)
    for code, item in driver.by_county(case, "draft_specific_agreement").items():
        driver.complete_item(item, form.specific_draft(EXPECTED_COUNTS[code], 1))
    own = zhengzhou_office.get(f"/cases/{case}/documents/specific_agreement.pdf?county=410105")
    assert own.status_code == 200
    other = zhengzhou_office.get(f"/cases/{case}/documents/specific_agreement.pdf?county=410402")
    assert other.status_code == 404
    assert visit(app, "supervisor").get(
        f"/cases/{case}/documents/specific_agreement.pdf?county=410402"
    ).status_code == 200
    # the register names people with full ID numbers: not an overseer's document
    register = f"/cases/{case}/documents/handover_register.pdf?county=410105"
    assert zhengzhou_office.get(register).status_code == 404


def test_it_finds_the_retirees_going_to_its_prefecture_only(app, web_cases, zhengzhou_office):  # noqa: F811
    with app.extensions["yijiao"]["sessions"]() as session, session.begin():
        assert session.query(MilestoneUnit).count() > 0  # the campaign's roster is registered
    page = zhengzhou_office.get("/retirees?per_page=100").get_data(as_text=True)
    assert "王建国" in page and "陈静" in page  # 金水区, 中原区
    assert "赵敏" not in page  # 新华区, 平顶山市
    everyone = visit(app, "supervisor").get("/retirees?per_page=100").get_data(as_text=True)
    assert "赵敏" in everyone
