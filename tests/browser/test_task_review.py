"""Issue 15 (A) in Chromium: 中原区 returns the enterprise's specific-agreement draft. A return
without reasons is refused naming the field, Enter in a text field completes nothing, and the
enterprise's re-opened draft says why and holds its previous draft."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from engine.workflow.models import WorkItem

from .live import login

COUNTY2 = "org-gov-410102"  # 中原区, whose specific agreement the demo leaves unsigned
REASONS = "移交人数与登记库不一致。\n请核对后重新提交。"


def open_item(server, spec_id: str, owner: str | None = None) -> WorkItem:
    """The newest open task ``spec_id`` (of ``owner``) in the served database."""
    query = select(WorkItem).where(WorkItem.spec_id == spec_id, WorkItem.state == "open")
    if owner:
        query = query.where(WorkItem.owner_org == owner)
    with server.app.extensions["yijiao"]["sessions"]() as session:
        return session.scalars(query.order_by(WorkItem.id.desc())).first()


def test_a_returned_draft_comes_back_with_the_reasons_and_the_previous_draft(new_page, private_server):
    sign = open_item(private_server, "sign_specific_agreement", COUNTY2)
    county = new_page(private_server)
    login(county, "county2")
    county.goto(f"/tasks/{sign.id}")
    with county.expect_navigation():
        county.click(f"form[action='/tasks/{sign.id}/claim'] button")

    with county.expect_navigation():
        county.get_by_role("button", name="退回", exact=True).click()
    expect(county.locator(".error-summary")).to_contain_text("退回理由：退回时必填")
    assert open_item(private_server, "sign_specific_agreement", COUNTY2).id == sign.id

    county.fill("textarea#reasons", "")
    county.locator("textarea#reasons").press_sequentially("移交人数与登记库不一致。")
    county.locator("textarea#reasons").press("Enter")  # a new line, not a submission
    county.locator("textarea#reasons").press_sequentially("请核对后重新提交。")
    county.locator("input#signed_by").press("Enter")  # nothing is submitted
    county.wait_for_timeout(500)
    assert county.url.endswith(f"/tasks/{sign.id}/complete")
    assert open_item(private_server, "sign_specific_agreement", COUNTY2).id == sign.id
    expect(county.locator("textarea#reasons")).to_have_value(REASONS)

    with county.expect_navigation():
        county.get_by_role("button", name="退回", exact=True).click()
    expect(county.locator("#given-heading")).to_be_visible()

    draft = open_item(private_server, "draft_specific_agreement")
    enterprise = new_page(private_server)
    login(enterprise, "enterprise")
    enterprise.goto(f"/tasks/{draft.id}")
    with enterprise.expect_navigation():
        enterprise.click(f"form[action='/tasks/{draft.id}/claim'] button")
    returned = enterprise.locator("section.returned")
    expect(returned).to_contain_text("移交人数与登记库不一致。")
    expect(returned).to_contain_text("请核对后重新提交。")
    expect(enterprise.locator("input#agreement_number")).to_have_value("豫能化移具〔2017〕0102号")
    expect(enterprise.locator("textarea#content")).to_have_value(
        "郑州市中原区83名退休人员及其档案、党组织关系"
    )
