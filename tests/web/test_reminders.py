"""Reminders in the inbox: the worker sends one 7 days before a task's due date; the owning
organisation reads it and marks it read; no other organisation ever sees it."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from engine import SettableClock
from engine.clock.stored import set_clock
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import Reminder
from tests.processes import submissions as form
from tests.processes.test_retiree_handover import start_programme

from .conftest import login, post

PINGDINGSHAN, ZHENGZHOU = "org-gov-410400", "org-gov-410100"
MARCH_24 = datetime(2017, 3, 24, 9, 0, tzinfo=CHINA_TZ)
NOTICE = "提醒：「审核并签订框架协议」将于 2017-03-31 到期（还有 7 天）"


@pytest.fixture
def yijiao(app):
    return app.extensions["yijiao"]


@pytest.fixture
def waiting_for_pingdingshan(driver) -> int:
    """平顶山's framework agreement (due 2017-03-31) still to sign; 郑州's signed."""
    case = start_programme(driver)
    for draft in driver.open_items(case, "draft_framework_agreement"):
        driver.complete_item(draft, form.framework_draft())
    driver.complete(case, "sign_framework_agreement", form.approve(), owner=ZHENGZHOU)
    return case


@pytest.fixture
def reminded(yijiao, runner, waiting_for_pingdingshan) -> Reminder:
    yijiao["engine"].clock = SettableClock(MARCH_24)
    runner.invoke(args=["worker", "--once"])
    [reminder] = reminders(yijiao)
    return reminder


def reminders(yijiao) -> list[Reminder]:
    with yijiao["sessions"]() as session:
        return session.scalars(select(Reminder).order_by(Reminder.id)).all()


def test_a_worker_round_on_the_stored_clock_sends_one_reminder_and_the_next_none(
    yijiao, runner, waiting_for_pingdingshan
):
    with yijiao["sessions"]() as session, session.begin():
        set_clock(session, MARCH_24, True, "admin", datetime.now(CHINA_TZ))
    yijiao["clock"].forget()
    first = runner.invoke(args=["worker", "--once"])
    assert first.exit_code == 0, first.output
    assert "sent 1 reminder(s)" in first.output
    assert runner.invoke(args=["worker", "--once"]).output == ""
    [reminder] = reminders(yijiao)
    assert (reminder.owner_org, reminder.sent_at) == (PINGDINGSHAN, MARCH_24)


def test_no_reminder_eleven_days_ahead(yijiao, runner, waiting_for_pingdingshan):
    yijiao["engine"].clock = SettableClock(datetime(2017, 3, 20, 9, 0, tzinfo=CHINA_TZ))
    assert runner.invoke(args=["worker", "--once"]).output == ""
    assert reminders(yijiao) == []


def test_the_owning_organisation_sees_the_reminder_with_the_task_link(client, reminded):
    login(client, "pingdingshan")
    page = client.get("/inbox").get_data(as_text=True)
    assert NOTICE in page
    assert f'href="/tasks/{reminded.work_item_id}"' in page


@pytest.mark.parametrize("username", ["zhengzhou", "county", "enterprise", "supervisor"])
def test_other_organisations_never_see_it(client, reminded, username):
    login(client, username)
    assert "提醒：" not in client.get("/inbox").get_data(as_text=True)


def test_marking_read_removes_it_from_the_inbox(client, yijiao, reminded):
    login(client, "pingdingshan")
    response = post(client, f"/inbox/reminders/{reminded.id}/read")
    assert response.status_code == 302
    assert NOTICE not in client.get("/inbox").get_data(as_text=True)
    assert reminders(yijiao)[0].read_at == MARCH_24


def test_marking_read_needs_the_csrf_token(client, yijiao, reminded):
    login(client, "pingdingshan")
    assert client.post(f"/inbox/reminders/{reminded.id}/read").status_code == 400
    assert reminders(yijiao)[0].read_at is None


def test_another_organisations_reminder_is_not_found(client, yijiao, reminded):
    login(client, "zhengzhou")
    assert post(client, f"/inbox/reminders/{reminded.id}/read").status_code == 404
    assert post(client, "/inbox/reminders/9999/read").status_code == 404
    assert reminders(yijiao)[0].read_at is None


def test_the_reminder_goes_once_the_task_is_done(client, driver, reminded, waiting_for_pingdingshan):
    driver.complete(waiting_for_pingdingshan, "sign_framework_agreement", form.approve(), owner=PINGDINGSHAN)
    login(client, "pingdingshan")
    assert "提醒：" not in client.get("/inbox").get_data(as_text=True)
