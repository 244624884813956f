"""Progress figures against the hand-counted campaign of conftest.py, as the clock moves on."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from engine import NotFound
from engine.fees import FeeYear, open_due_years
from engine.progress.behind import burn_up, units
from engine.progress.figures import progress
from engine.progress.selection import NONE, InvalidSelection, Scope, Selection, narrow, scope_of
from engine.workflow.deadlines import CHINA_TZ
from tests.processes import campaign
from tests.processes import submissions as form
from tests.processes.test_retiree_handover import drive_county, sign_framework_agreements

ALL = Selection()


def at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T09:00:00").replace(tzinfo=CHINA_TZ)


def cells(view, key) -> dict[str, tuple[int, int, int]]:
    row = next(r for r in view.rows if r.key == key)
    return {code: (c.due, c.done, c.overdue) for code, c in row.cells.items()}


def sign_zhengzhou(drive, case) -> None:
    for draft in drive.open_items(case, "draft_framework_agreement"):
        drive.complete_item(draft, form.framework_draft())
    drive.complete(case, "sign_framework_agreement", form.approve(), owner=campaign.prefecture_org("410100"))


def test_units_are_counted_per_prefecture(cases, tx):
    with tx() as session:
        view = progress(session, at("2017-03-15"), ALL)
    assert [r.key for r in view.rows] == ["410100", "410400", None]
    assert cells(view, "410100") == {"M1": (1, 0, 0), "M2": (2, 0, 0), "M3": (0, 0, 0), "M4": (2, 0, 0)}
    assert cells(view, "410400") == {"M1": (1, 0, 0), "M2": (1, 0, 0), "M3": (1, 0, 0), "M4": (1, 0, 0)}
    assert cells(view, None) == {"M1": (1, 0, 0), "M2": (0, 0, 0), "M3": (0, 0, 0), "M4": (0, 0, 0)}
    assert view.rows[0].name == "郑州市" and view.rows[2].name == "尚未登记造册"
    total = view.total.figures
    assert (total.retirees_planned, total.archives_planned, total.fee_due) == (9, 9, 9000)


def test_moving_the_clock_past_m1_makes_exactly_the_unsigned_agreements_overdue(drive, cases, tx):
    sign_zhengzhou(drive, cases["pingmei"])
    with tx() as session:
        before = progress(session, at("2017-03-31"), ALL)
        after = progress(session, at("2017-04-01"), ALL)
    assert cells(before, "410100")["M1"] == (1, 1, 0)
    assert cells(before, "410400")["M1"] == (1, 0, 0)
    changed = {
        (row.key, code)
        for row, old in zip(after.rows, before.rows, strict=True)
        for code in row.cells
        if row.cells[code] != old.cells[code]
    }
    assert changed == {("410400", "M1"), (None, "M1")}
    assert cells(after, "410400")["M1"] == (1, 0, 1)
    assert after.rows[1].cells["M1"].colour(after.deadline("M1"), after.now) == "overdue"
    assert after.rows[0].cells["M1"].colour(after.deadline("M1"), after.now) == "done"
    assert [m.passed for m in after.milestones] == [True, False, False, False]


@pytest.mark.parametrize(
    ("day", "overdue"),
    [
        ("2017-04-30", {"M1": 3}),
        ("2017-05-01", {"M1": 3, "M2": 3}),
        ("2017-06-01", {"M1": 3, "M2": 3, "M3": 1}),
        ("2017-07-01", {"M1": 3, "M2": 3, "M3": 1, "M4": 3}),
    ],
)
def test_each_milestone_passed_adds_its_open_units_to_overdue(cases, tx, day, overdue):
    with tx() as session:
        view = progress(session, at(day), ALL)
    found = {code: cell.overdue for code, cell in view.total.cells.items() if cell.overdue}
    assert found == overdue


def test_a_county_handed_over_counts_retirees_archives_and_fees(drive, cases, tx, clock):
    case = cases["pingmei"]
    sign_framework_agreements(drive, case)
    clock.set(at("2017-05-10"))  # after M2: the agreement is signed late
    drive_county(drive, case, "410102")
    with tx() as session:
        county_view = progress(session, at("2017-05-10"), Selection(prefecture="410100"))
    zhongyuan = next(r for r in county_view.rows if r.key == "410102")
    assert {c: (x.due, x.done, x.late) for c, x in zhongyuan.cells.items() if x.due} == {
        "M2": (1, 1, 1),
        "M4": (1, 1, 0),
    }
    figures = zhongyuan.figures
    assert (figures.retirees_planned, figures.retirees_received) == (2, 2)
    assert (figures.archives_planned, figures.archives_received) == (2, 2)
    assert (figures.fee_due, figures.fee_disbursed) == (2000, 0)  # done; the money follows (engine.fees)
    city = next(r for r in county_view.rows if r.key is None)
    assert city.name == "市级框架协议" and city.cells["M1"].done == 1


def test_the_first_year_s_instalments_paid_by_the_fee_case_count_toward_the_county(drive, cases, tx, clock):
    case = cases["pingmei"]
    sign_framework_agreements(drive, case)
    drive_county(drive, case, "410102")
    with tx() as session:
        assert open_due_years(session, drive.engine, clock.now()) == 1
        fee_case = session.scalar(select(FeeYear.instance_id))
    for _ in range(2):
        drive.complete(fee_case, "disburse_fee_instalment", form.disbursed(1000))
    with tx() as session:
        view = progress(session, at("2017-07-10"), Selection(prefecture="410100"))
    figures = next(r for r in view.rows if r.key == "410102").figures
    assert (figures.fee_due, figures.fee_disbursed) == (2000, 2000)


def test_a_community_organisation_is_done_when_its_staff_are_received(drive, cases, tx):
    case = cases["community"]
    drive.complete(case, "draft_community_agreement", {
        "agreement_number": "豫社移〔2017〕3号", "content": "整体移交", "assets": [],
        "signed_by": "李总", "signed_on": "2017-05-10",
    })  # fmt: skip
    drive.complete(case, "sign_community_agreement", form.approve())
    merged = {"arrangement": "merged", "households": 3300, "setting": "city", "merged_into": "湛河社区"}
    drive.complete(case, "decide_community_arrangement", merged)
    drive.complete(case, "merge_into_community", {"target_community": "湛河社区", "adjusted_on": "2017-05-20"})  # noqa: E501
    drive.complete(case, "hand_over_community_staff", {"staff": []})
    drive.complete(case, "receive_community_staff", form.staff_accepted())
    with tx() as session:
        view = progress(session, at("2017-06-01"), ALL)
    assert cells(view, "410400")["M3"] == (1, 1, 0)


def test_drilling_down_lists_the_cases_behind_a_number(drive, cases, tx):
    sign_zhengzhou(drive, cases["pingmei"])
    now = at("2017-04-01")
    with tx() as session:
        overdue = units(session, now, Selection(), milestone="M1", status="overdue")
        unregistered = units(session, now, Selection(prefecture=NONE), milestone="M1")
        by_enterprise = progress(session, now, Selection(prefecture="410400", county="410402"))
    assert sorted(line.instance_id for line in overdue.lines) == sorted([cases["pingmei"], cases["second"]])
    assert [line.instance_id for line in unregistered.lines] == [cases["second"]]
    assert [r.name for r in by_enterprise.rows] == ["中国平煤神马能源化工集团"]


def test_a_municipal_office_sees_only_its_prefecture(cases, tx):
    with tx() as session:
        scope = scope_of(session, "org-office-zhengzhou")
        province = scope_of(session, campaign.SUPERVISOR)
        view = progress(session, at("2017-04-01"), ALL, scope)
        listed = units(session, at("2017-04-01"), ALL, scope)
    assert scope == Scope(prefecture="410100") and province == Scope()
    assert [r.key for r in view.rows] == ["410100"]
    assert {line.prefecture_code for line in listed.lines} == {"410100"}


def test_a_selection_is_checked_and_kept_within_the_office_scope():
    municipal = Scope(prefecture="410100")
    assert narrow(Scope(), county="410102") == Selection(prefecture="410100", county="410102")
    assert narrow(municipal) == Selection(prefecture="410100")
    with pytest.raises(NotFound):
        narrow(municipal, prefecture="410400")
    with pytest.raises(NotFound):
        narrow(municipal, county="410402")
    with pytest.raises(InvalidSelection) as refused:
        narrow(Scope(), prefecture="4101", county="410402")
    assert set(refused.value.problems) == {"prefecture"}
    with pytest.raises(InvalidSelection):
        narrow(Scope(), prefecture="410100", county="410402")


def test_the_burn_up_counts_units_done_per_beijing_day(drive, cases, tx, clock):
    clock.set(datetime(2017, 3, 20, 23, 30, tzinfo=CHINA_TZ))  # 15:30 UTC: still the 20th in Beijing
    sign_zhengzhou(drive, cases["pingmei"])
    clock.set(datetime(2017, 3, 21, 0, 30, tzinfo=CHINA_TZ))  # the 20th in UTC, the 21st in Beijing
    drive.complete(cases["pingmei"], "sign_framework_agreement", form.approve(),
                   owner=campaign.prefecture_org("410400"))  # fmt: skip
    with tx() as session:
        series = burn_up(session, ALL)
    assert series["M1"] == {"due": 3, "done_by_day": {date(2017, 3, 20): 1, date(2017, 3, 21): 1}}
    assert series["M2"] == {"due": 3, "done_by_day": {}}
