"""How states combine: within a run the most urgent wins; over several runs of a called process,
live states show if any run has them, done states only if every run has them."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.diagram.marks import combine, holder_caption, item_state, stronger
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import WorkItem

NOW = datetime(2017, 5, 2, 9, 0, tzinfo=CHINA_TZ)
M2 = datetime(2017, 4, 30, 23, 59, 59, tzinfo=CHINA_TZ)


@pytest.mark.parametrize(
    "first, second, expected",
    [
        (None, "completed", "completed"),
        ("completed", "active", "active"),
        ("active", "overdue", "overdue"),
        ("waiting", "active", "active"),
        ("cancelled", "completed", "completed"),
        ("waiting", "completed", "waiting"),
    ],
)
def test_the_more_urgent_state_wins(first, second, expected):
    assert stronger(first, second) == expected == stronger(second, first)


@pytest.mark.parametrize(
    "state, due_at, expected",
    [
        ("open", None, "active"),
        ("open", datetime(2017, 6, 30, tzinfo=CHINA_TZ), "active"),
        ("open", M2, "overdue"),
        ("completed", M2, "completed"),
        ("cancelled", None, "cancelled"),
    ],
)
def test_a_work_item_is_overdue_once_open_past_its_due_date(state, due_at, expected):
    assert item_state(WorkItem(state=state, due_at=due_at), NOW) == expected


@pytest.mark.parametrize(
    "runs, marks, captions",
    [
        ([{"a": "completed"}], {"a": "completed"}, {}),
        ([{"a": "completed"}, {"a": "active"}, {}], {"a": "active"}, {}),
        ([{"a": "active"}, {"a": "overdue"}], {"a": "overdue"}, {}),
        ([{"a": "completed"}, {"a": "completed"}], {"a": "completed"}, {}),
        ([{"a": "completed"}, {}, {}], {}, {"a": "已完成 1/3"}),
        ([{"a": "cancelled"}, {"a": "completed"}], {"a": "completed"}, {}),
        ([{"a": "cancelled"}, {"a": "cancelled"}], {"a": "cancelled"}, {}),
        ([{"a": "waiting"}, {"a": "completed"}], {"a": "waiting"}, {}),
    ],
)
def test_runs_combine(runs, marks, captions):
    assert combine(runs) == (marks, captions)


def test_holders_are_named_once_and_counted_beyond_two():
    names = {"a": "甲单位", "b": "乙单位", "c": "丙单位"}
    assert holder_caption(["a", "a"], names) == "甲单位"
    assert holder_caption(["a", "b"], names) == "甲单位、乙单位"
    assert holder_caption(["a", "b", "c"], names) == "甲单位、乙单位等3家"
    assert holder_caption(["x"], names) == "x"
