"""The 2017 milestones as timers: when one passes, cases short of it are flagged and escalated."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import OverdueFlag, TimerEvent

from . import campaign
from .test_retiree_handover import sign_framework_agreements, start_programme

SUPERVISOR = campaign.SUPERVISOR


@pytest.fixture
def schedule(drive) -> int:
    data = {"campaign": {"name": "2017年省属企业退休人员移交"}, "milestones": campaign.MILESTONES}
    return drive.start("milestone_schedule", {"supervisor": SUPERVISOR}, data, title="2017年时间节点督办")


@pytest.fixture
def cases(drive) -> dict[str, int]:
    """A: frameworks signed (waits on M2 work); B: stuck at the framework (M1); C: community org (M3)."""
    a = start_programme(drive)
    sign_framework_agreements(drive, a)
    b = start_programme(drive, campaign.roster(offset=100))
    data = {
        "enterprise": campaign.ENTERPRISE_INFO,
        "milestones": campaign.MILESTONES,
        "community_org": {"name": "矿区社区", "households": 1500, "setting": "town", "staff": 9},
    }
    parties = {"enterprise": campaign.ENTERPRISE, "receiving_government": campaign.county_org("410402")}
    c = drive.start("community_org_handover", parties, data)
    return {"A": a, "B": b, "C": c}


def pass_time(drive, clock, moment: datetime) -> None:
    clock.set(moment)
    with drive.tx() as session:
        drive.engine.fire_due_timers(session)


def escalations(drive, schedule) -> list[list[int]]:
    items = drive.open_items(schedule, "review_overdue_cases")
    return [sorted(c["instance_id"] for c in drive.item_data(i)["overdue"]) for i in items]


def flags(drive) -> set[tuple[int, str]]:
    with drive.tx() as session:
        return {(f.instance_id, f.milestone) for f in session.scalars(select(OverdueFlag))}


def test_each_milestone_waits_as_a_timer_on_its_date(drive, schedule):
    with drive.tx() as session:
        due = sorted(t.due_at for t in session.scalars(select(TimerEvent)))
    assert due == [datetime(2017, m, 1, tzinfo=CHINA_TZ) for m in (4, 5, 6, 7)]


def test_nothing_happens_before_a_milestone_passes(drive, clock, schedule, cases):
    pass_time(drive, clock, datetime(2017, 3, 31, 23, 59, tzinfo=CHINA_TZ))
    assert drive.open_items(schedule) == [] and flags(drive) == set()


@pytest.mark.parametrize(
    "moment, overdue",
    [
        (datetime(2017, 4, 1, 0, 0, 1, tzinfo=CHINA_TZ), {"M1": "B"}),
        (datetime(2017, 5, 1, 0, 0, 1, tzinfo=CHINA_TZ), {"M1": "B", "M2": "AB"}),
        (datetime(2017, 6, 1, 0, 0, 1, tzinfo=CHINA_TZ), {"M1": "B", "M2": "AB", "M3": "ABC"}),
        (datetime(2017, 7, 1, 0, 0, 1, tzinfo=CHINA_TZ), {"M1": "B", "M2": "AB", "M3": "ABC", "M4": "ABC"}),
    ],
)
def test_passing_a_milestone_flags_the_cases_short_of_it_and_escalates(
    drive, clock, schedule, cases, moment, overdue
):
    pass_time(drive, clock, moment)
    expected = {(cases[letter], m) for m, letters in overdue.items() for letter in letters}
    assert flags(drive) == expected
    listed = sorted(escalations(drive, schedule))
    assert listed == sorted(sorted(cases[letter] for letter in letters) for letters in overdue.values())
    assert {i.owner_org for i in drive.open_items(schedule)} == {SUPERVISOR}


def test_a_milestone_nobody_missed_raises_no_escalation(drive, clock, schedule):
    pass_time(drive, clock, datetime(2017, 4, 2, tzinfo=CHINA_TZ))
    assert drive.open_items(schedule) == []
    with drive.tx() as session:
        fired = session.scalars(select(TimerEvent).where(TimerEvent.state == "fired")).all()
    assert [t.spec_id for t in fired] == ["milestone_passed"]


def test_the_supervisor_completes_an_escalation(drive, clock, schedule, cases):
    pass_time(drive, clock, datetime(2017, 4, 1, 0, 0, 1, tzinfo=CHINA_TZ))
    drive.complete(schedule, "review_overdue_cases", {"actions": "约谈企业负责人", "notified": True})
    assert drive.open_items(schedule) == []


def test_the_whole_schedule_ends_after_the_last_milestone(drive, clock, schedule):
    pass_time(drive, clock, datetime(2017, 7, 2, tzinfo=CHINA_TZ))
    assert drive.status(schedule) == "completed"


def test_campaign_dates_are_data_not_constants(drive, clock):
    dates = {"M1": "2018-03-31", "M2": "2018-04-30", "M3": "2018-05-31", "M4": "2018-06-30"}
    case = drive.start("milestone_schedule", {"supervisor": SUPERVISOR}, {"milestones": dates})
    with drive.tx() as session:
        due = min(t.due_at for t in session.scalars(select(TimerEvent).where(TimerEvent.instance_id == case)))
    assert due == datetime(2018, 4, 1, tzinfo=CHINA_TZ)
