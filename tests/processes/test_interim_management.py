"""过渡期管理 — "在社区管理组织尚不健全、企业退休人员居住比较分散的县(市、区),可暂由原企业退休管理
机构或社会保险经办机构对企业退休人员提供相关管理服务" (三): the county places people with an interim
manager until an end date, goes on with its hand-over, and before the end allocates them to
communities, which receive them (``interim_management``, called by the county hand-over)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from engine import InvalidTaskData
from engine.registry import handover, interim
from engine.registry.retirees import Retiree
from engine.registry.task_people import people_of
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import TimerEvent

from . import campaign
from . import submissions as form
from .test_retiree_handover import drive_county, sign_framework_agreements, start_programme

CODE = "410105"  # 金水区: 王建国, 李秀英, 张伟, 刘洋
COUNTY = campaign.county_org(CODE)
COMMUNITY = campaign.community_org(CODE)
END = "2017-09-30"


@pytest.fixture
def case(drive) -> int:
    case = start_programme(drive)
    sign_framework_agreements(drive, case)
    return case


def until_allocation(drive, case) -> None:
    drive.complete_item(drive.by_county(case, "draft_specific_agreement")[CODE], form.specific_draft(4, 1))
    drive.complete(case, "sign_specific_agreement", form.approve(), owner=COUNTY)
    drive.complete(case, "verify_retiree_data", form.all_correct(), owner=COUNTY)


def place(drive, case, names, manager=campaign.ENTERPRISE, until=END, spec="allocate_to_communities") -> int:
    """As the county, place the named people with ``manager`` until ``until``."""
    item = drive.item(case, spec, COUNTY)
    actor = drive.officials.of(COUNTY)
    with drive.tx() as session:
        drive.engine.claim(session, item.id, actor)
        people = people_of(drive.engine.task_view(session, item.id, actor))
        ids = list(session.scalars(select(Retiree.id).where(Retiree.name.in_(names))))
        now = drive.engine.clock.now()
        return interim.assign(session, people, manager, until, now, retiree_ids=ids).assigned


def person(drive, name: str) -> Retiree:
    with drive.tx() as session:
        found = session.scalars(select(Retiree).where(Retiree.name == name)).one()
        session.expunge(found)
        return found


def pass_time(drive, clock, moment: datetime) -> None:
    clock.set(moment)
    with drive.tx() as session:
        drive.engine.fire_due_timers(session)


def confirmed_with_liu_under_interim(drive, case) -> None:
    """金水区's whole hand-over, 刘洋 placed with the enterprise's retiree office until ``END``."""

    def after(spec_id: str) -> None:
        if spec_id == "verify_retiree_data":
            place(drive, case, ["刘洋"])

    drive_county(drive, case, CODE, after_each=after, received=3)


def test_an_interim_placement_counts_as_placed_and_the_county_goes_on(drive, case):
    """可暂由原企业退休管理机构或社会保险经办机构对企业退休人员提供相关管理服务。"""
    until_allocation(drive, case)
    assert place(drive, case, ["刘洋"]) == 1
    drive.allocate_all(case, CODE)
    (reception,) = drive.open_items(case, "receive_retirees")
    assert drive.item_data(reception)["allocation"]["retiree_count"] == 3
    liu = person(drive, "刘洋")
    assert (liu.status, liu.community_org) == ("allocated", None)
    assert liu.interim_manager_org == campaign.ENTERPRISE
    drive.complete_item(reception, form.received(3))
    assert "transfer_party_relations" in drive.open_specs(case)


def test_an_interim_placement_without_an_end_date_is_refused_naming_the_field(drive, case):
    """可暂由原企业退休管理机构或社会保险经办机构…提供相关管理服务 — for a period."""
    until_allocation(drive, case)
    with pytest.raises(InvalidTaskData) as refused:
        place(drive, case, ["刘洋"], until="")
    assert list(refused.value.errors) == ["interim_until"]
    assert person(drive, "刘洋").interim_manager_org is None


@pytest.mark.parametrize("until", ["2017-03-01", "2020-03-02"], ids=["today", "beyond-three-years"])
def test_an_end_date_must_be_after_today_and_within_three_years(drive, case, until):
    """可暂由…提供相关管理服务 — 暂: for a while, not for good."""
    until_allocation(drive, case)
    with pytest.raises(InvalidTaskData) as refused:
        place(drive, case, ["刘洋"], until=until)
    assert list(refused.value.errors) == ["interim_until"]


def test_only_the_enterprise_or_a_social_insurance_agency_may_manage_them(drive, case):
    """可暂由原企业退休管理机构或社会保险经办机构…提供相关管理服务。"""
    until_allocation(drive, case)
    with pytest.raises(InvalidTaskData) as refused:
        place(drive, case, ["刘洋"], manager=COMMUNITY)
    assert list(refused.value.errors) == ["interim_manager"]


def test_the_county_figures_report_the_interim_with_its_earliest_end(drive, case):
    """可暂由原企业退休管理机构或社会保险经办机构对企业退休人员提供相关管理服务。"""
    until_allocation(drive, case)
    place(drive, case, ["刘洋"])
    place(drive, case, ["张伟"], until="2017-08-31")
    with drive.tx() as session:
        figures = handover.figures(session, handover.CountyScope(case, CODE))
    assert (figures.interim, figures.interim_until, figures.unassigned) == (2, date(2017, 8, 31), 2)


def test_the_county_confirms_and_the_later_move_waits_for_the_interim_to_end(drive, case):
    """随着…当地社区建设的推进,企业退休人员管理服务形式要过渡到由街道(乡镇)和社区进行管理服务。"""
    confirmed_with_liu_under_interim(drive, case)
    assert not [i for i in drive.open_items(case) if i.owner_org in (COUNTY, COMMUNITY)]
    with drive.tx() as session:
        due = [t.due_at for t in session.scalars(select(TimerEvent).where(TimerEvent.instance_id == case))]
    assert datetime(2017, 8, 31, tzinfo=CHINA_TZ) in due  # a month before 2017-09-30


def test_before_the_end_the_county_allocates_them_and_the_community_receives_them(drive, clock, case):
    """随着…当地社区建设的推进,企业退休人员管理服务形式要过渡到由街道(乡镇)和社区进行管理服务。"""
    confirmed_with_liu_under_interim(drive, case)
    pass_time(drive, clock, datetime(2017, 8, 31, 9, 0, tzinfo=CHINA_TZ))
    item = drive.item(case, "allocate_interim_people", COUNTY)
    drive.assign(item, COMMUNITY, names=["刘洋"])
    assert person(drive, "刘洋").interim_manager_org == campaign.ENTERPRISE  # until received
    drive.complete_item(item, {})
    drive.complete(case, "receive_retirees", form.received(1), owner=COMMUNITY)
    liu = person(drive, "刘洋")
    assert (liu.status, liu.community_org) == ("received", COMMUNITY)
    assert not [i for i in drive.open_items(case) if i.owner_org in (COUNTY, COMMUNITY)]


def test_an_ended_interim_left_without_a_community_is_refused_by_name(drive, clock, case):
    """…企业退休人员管理服务形式要过渡到由街道(乡镇)和社区进行管理服务的基本形式。"""
    confirmed_with_liu_under_interim(drive, case)
    pass_time(drive, clock, datetime(2017, 10, 1, 9, 0, tzinfo=CHINA_TZ))
    item = drive.item(case, "allocate_interim_people", COUNTY)
    with pytest.raises(InvalidTaskData) as refused:
        drive.complete_item(item, {})
    assert "刘洋" in refused.value.errors[""][0]


def test_a_later_end_keeps_them_with_their_manager_for_another_period(drive, clock, case):
    """可暂由原企业退休管理机构或社会保险经办机构…提供相关管理服务 — as long as needed."""
    confirmed_with_liu_under_interim(drive, case)
    pass_time(drive, clock, datetime(2017, 10, 1, 9, 0, tzinfo=CHINA_TZ))
    place(drive, case, ["刘洋"], until="2018-06-30", spec="allocate_interim_people")
    drive.complete(case, "allocate_interim_people", {}, owner=COUNTY)
    assert person(drive, "刘洋").interim_until == date(2018, 6, 30)
    assert not drive.open_items(case, "allocate_interim_people")
