"""The yearly certification campaign driven to its end on every branch, through the engine."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from engine import InvalidTaskData
from engine.aftercare import certification
from engine.aftercare.certification import CertificationMark, CertificationRound
from engine.aftercare.certification import marks as marks
from engine.registry.retirees import Retiree
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import WorkItem
from tests.processes import conftest as processes

from .certification_setup import AGENCY, COUNTY, FIRST, SECOND, mark_all, open_campaign, receive

drive, procedures = processes.drive, processes.procedures  # the fixtures


@pytest.fixture
def case(drive) -> int:
    with drive.tx() as session:
        receive(session)
    return open_campaign(drive)


def _pass_deadline(drive) -> None:
    drive.engine.clock.set(datetime(2017, 7, 1, 0, 5, tzinfo=CHINA_TZ))
    with drive.tx() as session:
        drive.engine.fire_due_timers(session)


def test_every_community_with_living_people_gets_one_task(drive, case):
    items = drive.open_items(case, "certify_retirees")
    assert sorted(i.owner_org for i in items) == [FIRST, SECOND]
    assert items[0].due_at == datetime(2017, 6, 30, 23, 59, 59, tzinfo=CHINA_TZ)


def test_all_certified_before_the_deadline_ends_at_the_deadline_with_nobody_to_follow_up(drive, case):
    for owner, prefix in ((FIRST, "甲"), (SECOND, "乙")):
        item = drive.item(case, "certify_retirees", owner)
        mark_all(drive, item, prefix)
        drive.complete_item(item, {"remarks": "全部本人到场"})
    assert drive.open_specs(case) == []
    _pass_deadline(drive)
    assert drive.status(case) == "completed"
    with drive.tx() as session:
        figures = certification.figures(session, [COUNTY], 2017)[COUNTY]
        rounds = session.scalars(select(CertificationRound).order_by(CertificationRound.community_org)).all()
        assert [(r.community_org, r.listed, r.certified) for r in rounds] == [(FIRST, 4, 4), (SECOND, 2, 2)]
    assert figures == {"living": 6, "certified": 6, "not_found": 0, "outstanding": 0, "suspended": 0}


def test_a_community_cannot_submit_with_people_unmarked(drive, case):
    item = drive.item(case, "certify_retirees", FIRST)
    with pytest.raises(InvalidTaskData) as refused:
        drive.complete_item(item, {})
    assert "还有 4 人未标记" in refused.value.errors[""][0]


def test_people_missing_are_followed_up_then_suspended(drive, case):
    first = drive.item(case, "certify_retirees", FIRST)
    mark_all(drive, first, "甲", "not_found")
    drive.complete_item(first, {})
    second = drive.item(case, "certify_retirees", SECOND)
    mark_all(drive, second, "乙1")  # 乙0 stays unmarked; the community never submits
    _pass_deadline(drive)
    assert drive.open_specs(case) == ["follow_up_certification", "follow_up_certification"]
    with drive.tx() as session:
        assert session.get(WorkItem, second.id).state == "cancelled"
    follow_first = drive.item(case, "follow_up_certification", FIRST)
    mark_all(drive, follow_first, "甲0", "certified", date(2017, 7, 5))
    mark_all(drive, follow_first, "甲1", "died", date(2017, 7, 5))
    mark_all(drive, follow_first, "甲2", "not_found")
    with pytest.raises(InvalidTaskData) as refused:
        drive.complete_item(follow_first, {})
    assert "还有 1 人未填写" in refused.value.errors[""][0]
    mark_all(drive, follow_first, "甲3", "not_found")
    drive.complete_item(follow_first, {})
    follow_second = drive.item(case, "follow_up_certification", SECOND)
    mark_all(drive, follow_second, "乙0", "not_found")
    drive.complete_item(follow_second, {})
    suspension = drive.item(case, "suspend_pensions", AGENCY)
    drive.complete_item(suspension, {"suspended_on": "2017-08-01", "notice_number": "金社保〔2017〕9号"})
    assert drive.status(case) == "completed"
    with drive.tx() as session:
        suspended = session.scalars(
            select(CertificationMark.suspended_on).where(CertificationMark.suspended_on.is_not(None))
        ).all()
        figures = certification.figures(session, [COUNTY], 2017)[COUNTY]
    assert suspended == [date(2017, 8, 1)] * 3
    assert figures == {"living": 6, "certified": 2, "not_found": 3, "outstanding": 0, "suspended": 3}


def test_everyone_found_on_the_follow_up_ends_without_suspension(drive, case):
    for owner, prefix in ((FIRST, "甲"), (SECOND, "乙")):
        item = drive.item(case, "certify_retirees", owner)
        mark_all(drive, item, prefix, "certified" if owner == FIRST else "not_found")
        drive.complete_item(item, {})
    _pass_deadline(drive)
    follow = drive.item(case, "follow_up_certification", SECOND)
    mark_all(drive, follow, "乙", "certified", date(2017, 7, 3))
    drive.complete_item(follow, {})
    assert drive.status(case) == "completed"
    assert drive.open_specs(case) == []


def test_a_campaign_is_opened_once_per_county_and_year(drive, case):
    with pytest.raises(InvalidTaskData) as refused:
        open_campaign(drive)
    assert "已经开展" in refused.value.errors["year"][0]


def test_a_county_without_living_people_ends_at_once(drive):
    with drive.tx() as session:
        receive(session, 0, 0)
    case = open_campaign(drive, deadline="2017-09-30")
    assert drive.status(case) == "completed"


def test_the_follow_up_list_waits_for_the_deadline_sooner_or_later(drive, case):
    drive.engine.clock.advance(timedelta(days=1))
    assert len(drive.open_items(case, "certify_retirees")) == 2


def test_someone_who_dies_during_the_campaign_leaves_every_list(drive, case):
    first = drive.item(case, "certify_retirees", FIRST)
    mark_all(drive, first, "甲1")
    with drive.tx() as session:
        session.execute(update(Retiree).where(Retiree.name.in_(["甲0", "甲1"])).values(status="deceased"))
        sheet = marks.sheet_of(session, session.get(WorkItem, first.id))
        listed = [person.name for person, _ in marks.page_of(session, sheet).rows]
    assert listed == ["甲2", "甲3"]
    mark_all(drive, first, "甲2")
    mark_all(drive, first, "甲3")
    drive.complete_item(first, {})  # nobody left unmarked: 甲0 died unmarked
    mark_all(drive, drive.item(case, "certify_retirees", SECOND), "乙")
    _pass_deadline(drive)
    assert drive.status(case) == "completed"  # nobody to follow up
    with drive.tx() as session:
        figures = certification.figures(session, [COUNTY], 2017)[COUNTY]
    # 甲1 was certified before dying and still counts; 甲0 died unmarked and does not
    assert figures == {"living": 5, "certified": 5, "not_found": 0, "outstanding": 0, "suspended": 0}
