"""A county sees its own county's part of a programme: holding work in the same case (its own
specific agreement) does not open 金水区's tasks to 中原区 (DESIGN.md, "Nobody sees what is not
theirs")."""

from __future__ import annotations

from tests.processes import submissions as form

from .conftest import login
from .test_comments import token
from .test_pages import sign_item


def test_county2_holding_work_in_the_case_cannot_open_a_task_of_jinshui(client, driver, programme):
    driver.complete_item(
        driver.by_county(programme, "draft_specific_agreement")["410102"], form.specific_draft(2, 1)
    )
    jinshui = sign_item(driver, programme)
    login(client, "county2")
    assert client.get(f"/tasks/{jinshui.id}").status_code == 404
    assert client.get(f"/api/v1/tasks/{jinshui.id}", headers=token(client, "county2")).status_code == 404
    assert client.get(f"/cases/{programme}").status_code == 200  # the case itself: its own part


def test_the_enterprise_and_the_county_open_it(client, driver, programme):
    jinshui = sign_item(driver, programme)
    for who in ("enterprise", "county", "supervisor"):
        login(client, who)
        assert client.get(f"/tasks/{jinshui.id}").status_code == 200, who
