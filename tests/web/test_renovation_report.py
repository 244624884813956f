"""The enterprise reports on the case page that its 三供一业 renovation is completed, with the day
it was completed: the community assets are due a campaign period after that day."""

from __future__ import annotations

from datetime import date, timedelta

from engine.workflow.deadlines import to_deadline
from tests.processes.test_community_assets import agreed_from_form, waiting_for_renovation

from .conftest import login, post


def test_the_page_reports_the_day_the_renovation_was_completed(app, driver):
    """Seed 五(三)2: "待企业“三供一业”改造完成后，再进行资产及相关服务设备设施的移交" — the term runs
    from the day the enterprise says the renovation was completed, not the day it reports it."""
    case = waiting_for_renovation(driver, agreed_from_form(driver))
    enterprise = app.test_client()
    login(enterprise, "enterprise")
    path = f"/cases/{case}/messages/renovation_finished"
    response = post(enterprise, path, {"finished_on": "2017-08-30", "note": "验收合格"}, f"/cases/{case}")
    assert response.status_code == 302
    assert driver.item(case, "hand_over_assets").due_at == to_deadline(date(2017, 8, 30) + timedelta(days=30))
