"""Issue 15 (D) in Chromium: 金水区 comments on a task of its part of the programme, picking the
enterprise from the mention list; the enterprise finds it among its notifications and reads it in
the task's timeline, while 中原区 — in the same programme, outside 金水区's part — gets nothing and
is not offered as someone to mention."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from engine.workflow.models import WorkItem

from .live import login

COMMUNITY = "org-community-410105-2"  # 农科路社区, whose reception in 金水区 the demo leaves open
ENTERPRISE = "河南能源化工集团有限公司"
NOTICE = "“社区接收退休人员”中有意见提及贵单位"


def reception(server) -> WorkItem:
    query = select(WorkItem).where(
        WorkItem.spec_id == "receive_retirees", WorkItem.owner_org == COMMUNITY, WorkItem.state == "open"
    )
    with server.app.extensions["yijiao"]["sessions"]() as session:
        return session.scalars(query).first()


def test_a_mention_reaches_the_mentioned_organisation_and_not_county2(new_page, private_server):
    item = reception(private_server)
    county = new_page(private_server)
    login(county, "county")
    county.goto(f"/tasks/{item.id}")
    expect(county.locator("#comment-mention option", has_text="中原区")).to_have_count(0)
    county.fill("#comment-body", "请核对移交人数。")
    county.select_option("#comment-mention", label=ENTERPRISE)
    with county.expect_navigation():
        county.get_by_role("button", name="发表意见").click()
    expect(county.locator("#timeline li.comment")).to_contain_text(
        "郑州市金水区人民政府 李娜 就“社区接收退休人员”发表意见：请核对移交人数。"
    )

    enterprise = new_page(private_server)
    login(enterprise, "enterprise")
    enterprise.goto("/notifications")
    expect(enterprise.locator("table.notifications")).to_contain_text(NOTICE)
    with enterprise.expect_navigation():
        enterprise.get_by_role("link", name=NOTICE, exact=False).first.click()
    expect(enterprise.locator("#timeline")).to_contain_text(f"提及：{ENTERPRISE}")

    county2 = new_page(private_server)
    login(county2, "county2")
    county2.goto("/notifications")
    expect(county2.locator("main")).not_to_contain_text("中有意见提及贵单位")
    county2.goto(f"/tasks/{item.id}")
    expect(county2.locator("main")).not_to_contain_text("请核对移交人数")
