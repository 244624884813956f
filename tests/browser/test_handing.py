"""Handing work on in Chromium: 李娜 (county) hands a task to her colleague 王芳, who finds it in her
notifications; 王芳 names 陈静 her substitute for a few days, and a task then handed to 王芳 goes to
陈静, who is told she received it on 王芳's behalf."""

from __future__ import annotations

import contextlib
import re
import shutil

import pytest
from playwright.sync_api import expect

from engine.directory.organisations import User
from tests.passwords import password_hash

from .live import LiveServer, demo_app, login

JINSHUI = "org-gov-410105"


@contextlib.contextmanager
def with_colleagues(seeded, folder):
    """A server on a copy of the demo where 金水区 has two more officials, 王芳 and 陈静."""
    database = folder / "yijiao.db"
    shutil.copy(seeded, database)
    app = demo_app(database)
    with app.extensions["yijiao"]["sessions"]() as session, session.begin():
        for username, name in (("county.b", "王芳"), ("county.c", "陈静")):
            session.add(
                User(
                    username=username,
                    name=name,
                    organisation_id=JINSHUI,
                    roles=["official"],
                    password_hash=password_hash("demo"),
                    active=True,
                    failed_logins=0,
                )
            )
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def server(seeded_database, tmp_path):
    with with_colleagues(seeded_database, tmp_path) as live:
        yield live


def claim_a_task(page) -> str:
    """As the logged-in official: claim the first task to claim; the task page's path."""
    page.goto("/inbox")
    row = page.locator("main table tbody tr").first
    path = row.locator("a").first.get_attribute("href")
    page.goto(path)
    with page.expect_navigation():
        page.get_by_role("button", name="签收", exact=True).click()
    return path


def reassign_to(page, name: str) -> None:
    page.select_option("#reassign-to", label=name)
    with page.expect_navigation():
        page.locator("form.reassign button").click()


def test_a_task_handed_to_a_colleague_reaches_her_with_a_notification(new_page, server):
    page = new_page(server)
    login(page, "county")
    path = claim_a_task(page)
    reassign_to(page, "王芳")
    expect(page.locator(".flash")).to_contain_text("事项已转给 王芳")

    colleague = new_page(server)
    login(colleague, "county.b")
    expect(colleague.locator(".unread-badge")).to_be_visible()
    colleague.goto("/notifications")
    notice = colleague.locator("tr.unread", has_text="李娜 转给您办理")
    expect(notice).to_have_count(1)
    with colleague.expect_navigation():
        notice.get_by_role("button", name="标为已读").click()
    expect(colleague.locator("tr.unread", has_text="李娜 转给您办理")).to_have_count(0)
    colleague.goto(path)
    expect(colleague.locator("main")).to_contain_text(re.compile(r"签收人 王芳"))


def test_during_a_substitute_period_a_task_for_her_goes_to_her_substitute(new_page, server):
    away = new_page(server)
    login(away, "county.b")
    away.goto("/substitutes")
    away.select_option("#substitute", label="陈静")
    away.fill("#starts_on", "2017-03-20")  # the demo's clock reads 2017-03-20
    away.fill("#ends_on", "2017-03-24")
    with away.expect_navigation():
        away.get_by_role("button", name="设置代理").click()
    expect(away.locator("tr[data-substitution]")).to_contain_text("陈静")

    page = new_page(server)
    login(page, "county")
    path = claim_a_task(page)
    reassign_to(page, "王芳")
    expect(page.locator(".flash")).to_contain_text("事项已转给 陈静")

    substitute = new_page(server)
    login(substitute, "county.c")
    substitute.goto("/notifications")
    expect(substitute.locator("tr.unread", has_text="李娜 转给您办理")).to_contain_text("代 王芳 接收")
    substitute.goto(path)
    expect(substitute.locator("main")).to_contain_text(re.compile(r"签收人 陈静"))
