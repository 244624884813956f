"""The supervisors' pages on the hand-counted campaign: the dashboard shows ``progress()``'s numbers,
colours its cells by the clock, lists the cases behind each number, drills down, and keeps a
municipal office inside its prefecture."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from engine.directory.organisations import Organisation, User
from engine.progress.figures import progress
from engine.progress.selection import NONE, Selection
from tests.passwords import password_hash
from tests.processes import campaign

from .pages import at, coloured, expected_cells, find, page, row_keys, shown_cells, text, visit
from .test_figures import sign_zhengzhou

ZHENGZHOU_OFFICE = "org-office-zhengzhou"
M1_LATE = {("410400", "M1"), (NONE, "M1"), ("total", "M1")}


def test_the_dashboard_shows_the_numbers_of_progress(app, web_cases, tx):
    document = page(visit(app, "supervisor"), "/progress")
    with tx() as session:
        view = progress(session, at("2017-03-15"), Selection())
    assert shown_cells(document) == expected_cells(view)
    assert row_keys(document) == ["410100", "410400", NONE, "total"]
    figures = find(find(document, "tr", data_row="total")[0], "td", "figures")
    assert [text(td) for td in figures] == ["0 / 9 (0.0%)", "0 / 9", "0 / 9000"]  # retirees, archives, fee
    headers = [text(th) for th in find(document, "th", "milestone")]
    assert headers[0] == "M1 签订移交框架协议2017年3月31日"
    assert headers[3] == "M4 总体完成移交2017年6月30日"


def test_moving_the_clock_past_m1_turns_exactly_the_unsigned_ones_red(app, app_clock, driver, web_cases):
    sign_zhengzhou(driver, web_cases["pingmei"])
    supervisor = visit(app, "supervisor")
    app_clock.set(at("2017-03-31"))
    before = page(supervisor, "/progress")
    app_clock.set(at("2017-04-01"))
    after = page(supervisor, "/progress")
    assert coloured(before, "overdue") == set()
    assert coloured(before, "at_risk") == M1_LATE  # the week before M1: amber
    assert coloured(after, "overdue") == M1_LATE
    assert ("410100", "M1") in coloured(after, "done")
    pingdingshan = find(after, "td", "cell", data_row="410400", data_milestone="M1")[0]
    assert "有逾期" in text(pingdingshan) and "逾期 1" in text(pingdingshan)  # readable without colour
    passed = [th.get("data-milestone") for th in find(after, "th", "milestone") if "已过期" in text(th)]
    assert passed == ["M1"]


def test_a_number_lists_exactly_the_cases_behind_it(app, app_clock, driver, web_cases):
    sign_zhengzhou(driver, web_cases["pingmei"])
    app_clock.set(at("2017-04-01"))
    supervisor = visit(app, "supervisor")
    document = page(supervisor, "/progress")
    total_m1 = find(document, "td", "cell", data_row="total", data_milestone="M1")[0]
    link = find(total_m1, "a", data_status="overdue")[0]
    assert parse_qs(urlsplit(link.get("href")).query) == {"milestone": ["M1"], "status": ["overdue"]}
    listed = page(supervisor, link.get("href"))
    rows = listed.xpath(".//tr[@data-case]")
    behind = sorted([web_cases["pingmei"], web_cases["second"]])  # 平顶山's agreement, the unregistered one
    assert sorted(int(tr.get("data-case")) for tr in rows) == behind
    assert all("逾期" in text(tr) for tr in rows)
    assert {tr.xpath("./td[1]/a")[0].get("href") for tr in rows} == {
        f"/cases/{web_cases['pingmei']}",
        f"/cases/{web_cases['second']}",
    }
    community_m3 = find(document, "td", "cell", data_row="410400", data_milestone="M3")[0]
    listed = page(supervisor, find(community_m3, "a", data_status="due")[0].get("href"))
    rows = listed.xpath(".//tr[@data-case]")
    assert [int(tr.get("data-case")) for tr in rows] == [web_cases["community"]]
    assert "矿区社区管理委员会移交" in text(rows[0]) and "新华区" in text(rows[0])


def test_the_units_list_is_paginated(app, web_cases):
    app.config["PER_PAGE"] = 4
    supervisor = visit(app, "supervisor")
    pages = [page(supervisor, f"/progress/units?status=due&page={number}") for number in (1, 2, 3)]
    shown = [[tr.get("data-unit") for tr in listed.xpath(".//tr[@data-unit]")] for listed in pages]
    assert [len(units) for units in shown] == [4, 4, 2]  # M1 ×3, M2 ×3, M3 ×1, M4 ×3
    assert len({unit for units in shown for unit in units}) == 10
    assert "共 10 项" in text(pages[0])


def test_prefecture_rows_drill_down_to_counties_and_counties_to_enterprises(app, web_cases):
    supervisor = visit(app, "supervisor")
    province = page(supervisor, "/progress")
    zhengzhou = find(province, "tr", data_row="410100")[0].xpath("./th/a")[0]
    counties = page(supervisor, zhengzhou.get("href"))
    assert row_keys(counties) == ["410102", "410105", NONE, "total"]
    crumbs = find(counties, "nav", "crumbs")[0]
    assert [text(a) for a in find(crumbs, "a")] == ["全省"] and text(find(crumbs, "span")[0]) == "郑州市"
    jinshui = find(counties, "tr", data_row="410105")[0].xpath("./th/a")[0]
    enterprises = page(supervisor, jinshui.get("href"))
    assert row_keys(enterprises) == [campaign.ENTERPRISE, "total"]
    assert [text(a) for a in find(find(enterprises, "nav", "crumbs")[0], "a")] == ["全省", "郑州市"]
    assert not find(enterprises, "tr", data_row=campaign.ENTERPRISE)[0].xpath("./th/a")  # the last level


def test_the_dashboard_draws_its_charts_inline(app, web_cases):
    document = page(visit(app, "supervisor"), "/progress")
    burn_up = find(document, "svg", "burn-up")[0]
    assert [g.get("data-milestone") for g in find(burn_up, "g", "series")] == ["M1", "M2", "M3", "M4"]
    assert "2017年1月" in text(burn_up)
    assert len(find(find(document, "svg", "bars")[0], "rect", "bar")) == 3 * 4  # three rows, four milestones
    assert find(document, "svg", "retirees")


@pytest.fixture
def zhengzhou_office(app, people):
    """A municipal office (郑州市) and its supervisor ``zz``, logged in."""
    with app.extensions["yijiao"]["sessions"]() as session, session.begin():
        if session.get(Organisation, ZHENGZHOU_OFFICE) is None:
            session.add(
                Organisation(id=ZHENGZHOU_OFFICE, name="郑州市领导小组办公室", kind="supervisor",
                             division_code="410100", active=True)
            )  # fmt: skip
            session.flush()
        session.add(
            User(username="zz", name="郑州市督办员", organisation_id=ZHENGZHOU_OFFICE,
                 roles=["official", "supervisor"], password_hash=password_hash("demo"), active=True,
                 failed_logins=0)
        )  # fmt: skip
    return visit(app, "zz")


def test_a_municipal_office_sees_only_its_prefecture(app, web_cases, zhengzhou_office):
    document = page(zhengzhou_office, "/progress")
    assert row_keys(document) == ["410102", "410105", NONE, "total"]
    assert not find(find(document, "nav", "crumbs")[0], "a")  # no way up to the province
    assert "郑州市" in text(find(document, "h1")[0])
    assert "平顶山" not in text(document)
    listed = page(zhengzhou_office, "/progress/units")
    assert {text(tr.xpath("./td[5]")[0]) for tr in listed.xpath(".//tr[@data-unit]")} == {"郑州市"}


@pytest.mark.parametrize(
    "path",
    [
        "/progress?prefecture=410400",
        "/progress?county=410402",
        "/progress?prefecture=-",
        "/progress/units?prefecture=410400&milestone=M1",
        "/progress.xlsx?prefecture=410400",
        "/reports/progress.pdf?prefecture=410400",
    ],
)
def test_a_municipal_office_gets_404_for_another_prefecture(app, web_cases, zhengzhou_office, path):
    assert zhengzhou_office.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/progress", "/progress/units?milestone=M1", "/progress.xlsx"])
def test_an_enterprise_official_is_refused(app, people, path):
    assert visit(app, "enterprise").get(path).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/progress?prefecture=41",
        "/progress?campaign=nope",
        "/progress/units?milestone=M9",
        "/progress/units?status=soon",
    ],
)
def test_parameters_that_name_nothing_are_not_found(app, people, path):
    assert visit(app, "supervisor").get(path).status_code == 404


def test_the_menu_links_the_dashboard_for_overseers_only(app, people):
    assert 'href="/progress"' in visit(app, "supervisor").get("/inbox").get_data(as_text=True)
    assert 'href="/progress"' in visit(app, "admin").get("/inbox").get_data(as_text=True)
    assert 'href="/progress"' not in visit(app, "county").get("/inbox").get_data(as_text=True)


def test_the_dashboard_is_chinese_first_and_english_on_request(app, web_cases):
    supervisor = visit(app, "supervisor")
    chinese = page(supervisor, "/progress")
    assert text(find(chinese, "h1")[0]) == "进度督办 · 全省" and "应完成" in text(chinese)
    english = page(supervisor, "/progress?lang=en")
    assert text(find(english, "h1")[0]) == "Progress supervision · Whole province"
    assert "Units due" in text(english) and "应完成" not in text(english)


def test_the_dashboard_links_both_exports_with_its_selection(app, web_cases):
    document = page(visit(app, "supervisor"), "/progress?prefecture=410100")
    links = {a.get("href") for a in find(find(document, "div", "actions")[0], "a")}
    assert links == {"/progress.xlsx?prefecture=410100", "/reports/progress.pdf?prefecture=410100"}
