"""Reminders 7 days before a due date: sent once per open task, to its organisation only."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from engine import NotFound
from engine.workflow.deadlines import CHINA_TZ, days_left
from engine.workflow.models import Reminder
from engine.workflow.reminders import mark_read, send_due_reminders, unread_reminders

from . import submissions as form
from .campaign import prefecture_org
from .test_retiree_handover import start_programme

PINGDINGSHAN = prefecture_org("410400")
ZHENGZHOU = prefecture_org("410100")


def at(day: int, month: int = 3) -> datetime:
    return datetime(2017, month, day, 9, 0, tzinfo=CHINA_TZ)


@pytest.fixture
def waiting_for_pingdingshan(drive) -> int:
    """The programme with one framework agreement (平顶山, due 2017-03-31) still to sign."""
    case = start_programme(drive)
    for draft in drive.open_items(case, "draft_framework_agreement"):
        drive.complete_item(draft, form.framework_draft())
    drive.complete(case, "sign_framework_agreement", form.approve(), owner=ZHENGZHOU)
    return case


def reminders_sent(tx) -> list[Reminder]:
    with tx() as session:
        return session.scalars(select(Reminder).order_by(Reminder.id)).all()


def test_a_task_due_within_7_days_gets_one_reminder_for_its_organisation(waiting_for_pingdingshan, drive, tx):
    with tx() as session:
        assert send_due_reminders(session, at(24)) == 1
    [reminder] = reminders_sent(tx)
    item = drive.item(waiting_for_pingdingshan, "sign_framework_agreement")
    assert (reminder.work_item_id, reminder.owner_org, reminder.kind) == (item.id, PINGDINGSHAN, "due_soon")
    assert (reminder.due_at, reminder.sent_at, reminder.read_at) == (item.due_at, at(24), None)


def test_a_second_round_sends_nothing_more(waiting_for_pingdingshan, tx):
    with tx() as session:
        send_due_reminders(session, at(24))
    with tx() as session:
        assert send_due_reminders(session, at(25)) == 0
    assert len(reminders_sent(tx)) == 1


@pytest.mark.parametrize("now", [at(20), datetime(2017, 3, 23, 23, 59, tzinfo=CHINA_TZ)])
def test_nothing_is_sent_more_than_7_days_ahead(waiting_for_pingdingshan, tx, now):
    with tx() as session:
        assert send_due_reminders(session, now) == 0
    assert reminders_sent(tx) == []


def test_a_task_first_seen_overdue_is_reminded_once(waiting_for_pingdingshan, tx):
    with tx() as session:
        assert send_due_reminders(session, at(3, month=4)) == 1
    with tx() as session:
        assert send_due_reminders(session, at(4, month=4)) == 0


def test_completed_tasks_are_not_reminded(waiting_for_pingdingshan, drive, tx):
    drive.complete(waiting_for_pingdingshan, "sign_framework_agreement", form.approve(), owner=PINGDINGSHAN)
    with tx() as session:
        assert send_due_reminders(session, at(24)) == 0


def test_only_the_owning_organisation_reads_and_marks_its_reminders(waiting_for_pingdingshan, drive, tx):
    with tx() as session:
        send_due_reminders(session, at(24))
    owner, other = drive.officials.of(PINGDINGSHAN), drive.officials.of(ZHENGZHOU)
    with tx() as session:
        [line] = unread_reminders(session, owner, at(26))
        assert unread_reminders(session, other, at(26)) == []
    assert (line.task_name, line.due_date, line.days_left) == ("审核并签订框架协议", date(2017, 3, 31), 5)
    with pytest.raises(NotFound), tx() as session:
        mark_read(session, line.id, other, at(26))
    with tx() as session:
        mark_read(session, line.id, owner, at(26))
    with tx() as session:
        assert unread_reminders(session, owner, at(26)) == []
    assert reminders_sent(tx)[0].read_at == at(26)


@pytest.mark.parametrize(
    "now, expected",
    [(at(24), 7), (at(31), 0), (datetime(2017, 3, 31, 23, 59, tzinfo=CHINA_TZ), 0), (at(2, month=4), -2)],
)
def test_days_left_count_beijing_dates(now, expected):
    assert days_left(datetime(2017, 3, 31, 23, 59, 59, tzinfo=CHINA_TZ), now) == expected
