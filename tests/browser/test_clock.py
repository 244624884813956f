"""The administrator moves the application clock to 2017-05-01 09:00 on the clock page: the M2
deadline (2017-04-30) has passed, and the demo's specific agreements are still unsigned."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .live import login, open_page, serve_copy

MOMENT = "2017-05-01 09:00"
BANNER = f"模拟时钟：{MOMENT} （已冻结）"


@pytest.fixture(scope="module")
def server_on_may_day(browser, seeded_database, tmp_path_factory):
    """A server whose clock the admin set to 2017-05-01 09:00 (standing still) through the page."""
    with serve_copy(seeded_database, tmp_path_factory.mktemp("may-day")) as server:
        page = open_page(browser, server)
        login(page, "admin")
        page.goto("/admin/clock")
        page.fill("input#moment", MOMENT.replace(" ", "T"))
        page.check("input[name=mode][value=frozen]")
        with page.expect_navigation():
            page.get_by_role("button", name="设置时钟").click()
        page.context.close()
        yield server


@pytest.fixture
def on_may_day(new_page, server_on_may_day):
    """``on_may_day(username)``: a page on the moved server, logged in as ``username``."""

    def make(username: str):
        page = new_page(server_on_may_day)
        login(page, username)
        return page

    return make


def test_the_clock_page_reads_the_moment_the_admin_set(on_may_day):
    page = on_may_day("admin")
    page.goto("/admin/clock")
    expect(page.locator(".clock-now strong")).to_have_text(MOMENT)


@pytest.mark.parametrize(
    "username, paths",
    [
        ("admin", ["/admin/clock", "/admin/organisations", "/admin/audit"]),
        ("supervisor", ["/inbox", "/progress", "/cases", "/retirees"]),
        ("enterprise", ["/rosters", "/cases/new"]),
        ("county", ["/inbox"]),
    ],
)
def test_every_page_shows_the_simulated_clock_banner(on_may_day, username, paths):
    page = on_may_day(username)  # logging in is the slow part: one login, several pages
    for path in paths:
        assert page.goto(path).ok, path
        expect(page.locator(".clock-banner")).to_have_text(BANNER)


def test_the_dashboard_shows_m2_overdue_where_specific_agreements_are_unsigned(on_may_day):
    page = on_may_day("supervisor")
    page.goto("/progress")
    for prefecture in ("410100", "410300", "total"):
        cell = page.locator(f"table.progress tr[data-row='{prefecture}'] td[data-milestone='M2']")
        expect(cell).to_have_class("cell cell-overdue")
        expect(cell.locator(".state")).to_have_text("有逾期")
        due = int(cell.locator("a[data-status='due']").inner_text())
        done = int(cell.locator("a[data-status='done']").inner_text())
        expect(cell.locator("a[data-status='overdue']")).to_have_text(str(due - done))
        assert due - done > 0
