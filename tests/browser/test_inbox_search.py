"""Searching the inbox by a retiree's name in Chromium: 金水区 finds its own hand-over tasks, each
row naming the county and the procedure; 中原区 (`county2`), which may not see that person, finds
nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from engine.registry.retirees import Retiree

from .live import login

JINSHUI = "410105"


@pytest.fixture(scope="module")
def jinshui_retiree(live_server) -> str:
    """The name of a retiree the demo hands over to 金水区 (one no other county shares)."""
    with live_server.app.extensions["yijiao"]["sessions"]() as session:
        names = session.scalars(select(Retiree.name).where(Retiree.destination_code == JINSHUI))
        elsewhere = set(session.scalars(select(Retiree.name).where(Retiree.destination_code != JINSHUI)))
        return next(name for name in names if name not in elsewhere)


def search(page, name: str, scope: str = "claimable") -> None:
    page.goto(f"/inbox?scope={scope}")
    page.fill("form.filters input[name=q]", name)
    with page.expect_navigation():
        page.locator("form.filters button").click()


def test_a_county_finds_its_tasks_by_a_retiree_s_name(page, jinshui_retiree):
    login(page, "county")
    search(page, jinshui_retiree, scope="done")  # the demo's 金水区 has done its part of the hand-over
    rows = page.locator("table tbody tr")
    expect(rows.first).to_be_visible()
    for row in rows.all():
        expect(row.locator("td.subject")).to_contain_text("金水区")
    expect(rows.filter(has_text="县（市、区）具体移交").first).to_be_visible()
    expect(page.locator("form.filters input[name=q]")).to_have_value(jinshui_retiree)


def test_another_county_finds_nothing_by_that_name(page, jinshui_retiree):
    login(page, "county2")
    page.goto("/inbox")
    expect(page.locator("table tbody tr").first).to_be_visible()  # it has tasks of its own
    search(page, jinshui_retiree)
    expect(page.locator("table tbody tr")).to_have_count(0)
    expect(page.locator(".tabs .count")).to_have_text(["0", "0", "0"])
