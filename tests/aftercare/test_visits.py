"""A festival campaign driven to its end through the engine: the plan fixed from the registry by
the decision table, one task per community listing its people, visits recorded person by person,
the county's summary."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from engine import InvalidTaskData
from engine.aftercare import visits
from engine.aftercare.visits import Visit, VisitPlanEntry
from engine.aftercare.visits import sheets as visit_sheets
from engine.procedures import StartRequest
from engine.procedures.festival_visits import start
from engine.registry.retirees import Retiree
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import WorkItem
from tests.processes import conftest as processes

from .visit_setup import COUNTY, FIRST, GOVERNMENT, SECOND, open_campaign, person, receive, skip, visit

drive, procedures = processes.drive, processes.procedures  # the fixtures


@pytest.fixture
def case(drive) -> int:
    with drive.tx() as session:
        receive(session)
    return open_campaign(drive)


def _plan(drive, case: int) -> dict[str, list[str]]:
    with drive.tx() as session:
        rows = session.execute(
            select(Retiree.name, VisitPlanEntry.reasons)
            .join(VisitPlanEntry, VisitPlanEntry.retiree_id == Retiree.id)
            .where(VisitPlanEntry.instance_id == case)
        ).all()
    return dict(rows)


def test_the_plan_is_the_countys_living_people_the_table_names_with_their_reasons(drive, case):
    assert _plan(drive, case) == {
        "甲特困": ["特困"],
        "甲高龄": ["高龄"],
        "甲残疾": ["重病", "残疾"],
        "乙鳏寡": ["鳏寡"],
    }


def test_each_community_with_people_in_the_plan_gets_one_task_due_on_the_day(drive, case):
    items = drive.open_items(case, "record_visits")
    assert sorted(i.owner_org for i in items) == [FIRST, SECOND]
    assert items[0].due_at == datetime(2017, 10, 28, 23, 59, 59, tzinfo=CHINA_TZ)
    assert drive.item_data(drive.item(case, "record_visits", FIRST))["community"]["planned"] == 3


def test_a_campaign_over_a_community_of_three_runs_to_the_countys_summary_and_ends(drive, case):
    first = drive.item(case, "record_visits", FIRST)
    visit(drive, first, "甲特困", referral="subsistence")
    visit(drive, first, "甲高龄", referral="medical")
    with pytest.raises(InvalidTaskData) as refused:
        drive.complete_item(first, {})
    assert "还有 1 人未登记" in refused.value.errors[""][0]
    skip(drive, first, "甲残疾")
    drive.complete_item(first, {"remarks": "已走访2人，1人住院"})
    second = drive.item(case, "record_visits", SECOND)
    visit(drive, second, "乙鳏寡")
    drive.complete_item(second, {})
    assert drive.open_specs(case) == ["review_festival_visits"]
    assert drive.item(case, "review_festival_visits").owner_org == GOVERNMENT
    drive.complete(case, "review_festival_visits", {"opinion": "按时完成"})
    assert drive.status(case) == "completed"
    with drive.tx() as session:
        first_counts = visit_sheets.sheet_of(session, session.get(WorkItem, first.id)).counts(session)
        figures = visits.figures(session, [COUNTY], 2017)
    assert first_counts == {
        "planned": 3, "visited": 2, "not_visited": 1, "outstanding": 0, "died": 0, "referred": 2
    }  # fmt: skip
    assert figures == {COUNTY: {"planned": 4, "visited": 3, "referred": 2}}


def test_a_person_who_dies_after_the_campaign_opens_drops_out_of_the_outstanding_list(drive, case):
    first = drive.item(case, "record_visits", FIRST)
    visit(drive, first, "甲特困")
    visit(drive, first, "甲高龄")
    with drive.tx() as session:
        person(session, "甲残疾").status = "deceased"
    drive.complete_item(first, {})
    with drive.tx() as session:
        counts = visit_sheets.sheet_of(session, session.get(WorkItem, first.id)).counts(session)
    assert (counts["outstanding"], counts["died"]) == (0, 1)


def test_the_deceased_are_never_in_the_plan_nor_on_a_list(drive, case):
    assert "甲已故" not in _plan(drive, case)
    first = drive.item(case, "record_visits", FIRST)
    actor = drive.officials.of(FIRST)
    with drive.tx() as session:
        drive.engine.claim(session, first.id, actor)
    with drive.tx() as session:
        sheet = visit_sheets.held_sheet(session, session.get(WorkItem, first.id), actor)
        names = [row.retiree.name for row in visit_sheets.page_of(session, sheet).rows]
    assert sorted(names) == sorted(["甲特困", "甲残疾", "甲高龄"])


@pytest.mark.parametrize("name", ["甲普通", "甲已故", "乙鳏寡", "外县高龄"])
def test_a_visit_for_a_person_not_on_the_tasks_list_is_refused(drive, case, name):
    first = drive.item(case, "record_visits", FIRST)
    with pytest.raises(InvalidTaskData) as refused:
        visit(drive, first, name)
    assert "不在本任务的走访名单中" in refused.value.errors["retiree_id"][0]
    with drive.tx() as session:
        assert session.scalar(select(Visit.id)) is None


def test_the_list_is_searched_and_paged(drive, case):
    first = drive.item(case, "record_visits", FIRST)
    actor = drive.officials.of(FIRST)
    with drive.tx() as session:
        drive.engine.claim(session, first.id, actor)
    visit(drive, first, "甲特困")
    with drive.tx() as session:
        sheet = visit_sheets.held_sheet(session, session.get(WorkItem, first.id), actor)
        found = visit_sheets.page_of(session, sheet, q="高龄")
        outstanding = visit_sheets.page_of(session, sheet, state="outstanding", per_page=1)
    assert [row.retiree.name for row in found.rows] == ["甲高龄"]
    assert (outstanding.total, outstanding.pages, len(outstanding.rows)) == (2, 2, 1)


def test_recording_needs_the_task_claimed(drive, case):
    first = drive.item(case, "record_visits", FIRST)
    with drive.tx() as session, pytest.raises(Exception, match="claim task"):
        visit_sheets.held_sheet(session, session.get(WorkItem, first.id), drive.officials.of(FIRST))


def test_a_campaign_of_the_same_name_and_year_opens_once(drive, case):
    with pytest.raises(InvalidTaskData) as refused:
        open_campaign(drive)
    assert "已经开展" in refused.value.errors["festival"][0]


def test_a_named_campaign_takes_the_name_typed(drive):
    with drive.tx() as session:
        receive(session)
    case = open_campaign(drive, festival="其他", name="七一走访慰问", due="2017-07-01")
    with drive.tx() as session:
        campaign = session.get(visits.VisitCampaign, case)
        title = drive.engine.instance(session, case).title
    assert (campaign.festival, title) == ("七一", "郑州市金水区2017年七一走访慰问")


def test_a_due_date_already_past_is_refused(drive):
    with drive.tx() as session:
        receive(session)
    with pytest.raises(InvalidTaskData) as refused:
        open_campaign(drive, festival="春节", due="2017-01-27")
    assert "不得早于今天" in refused.value.errors["due"][0]


def test_only_a_county_government_starts_festival_visits(drive):
    with drive.tx() as session:
        receive(session)
        answers = {"festival": "春节", "year": 2017, "due": "2017-12-31"}
        with pytest.raises(InvalidTaskData) as refused:
            start(StartRequest(session, answers, FIRST, "社区", date(2017, 3, 1)))
    assert "只有县（市、区）政府" in refused.value.errors["festival"][0]
