"""When a deadline is past: one reading for work items, milestone units and documents."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.workflow.deadlines import CHINA_TZ, days_overdue, is_overdue, to_deadline
from engine.workflow.models import WorkItem

DUE = to_deadline("2017-03-31")  # the end of that Beijing day


def beijing(day: int, hour: int = 9, month: int = 3) -> datetime:
    return datetime(2017, month, day, hour, tzinfo=CHINA_TZ)


@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        (beijing(30), False),
        (beijing(31, 23), False),
        (beijing(1, 0, month=4), True),
        (beijing(2, month=4), True),
    ],
)
def test_a_date_deadline_is_overdue_from_the_next_beijing_day(now, overdue):
    assert is_overdue(DUE, now) is overdue


def test_no_deadline_is_never_overdue():
    assert is_overdue(None, beijing(1, month=12)) is False


@pytest.mark.parametrize(("now", "days"), [(beijing(30), 0), (beijing(31, 23), 0), (beijing(3, month=4), 3)])
def test_days_overdue_count_whole_beijing_days_after_the_due_date(now, days):
    assert days_overdue(DUE, now) == days


@pytest.mark.parametrize(("state", "overdue"), [("open", True), ("completed", False), ("cancelled", False)])
def test_only_an_open_work_item_is_overdue(state, overdue):
    assert WorkItem(state=state, due_at=DUE).overdue(beijing(1, month=4)) is overdue
