"""管理费用年度拨付: a county's hand-over records its first year's plan and is complete; the money
follows on its own dates, year after year, at the rate of the ``management_fee_rate`` table."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from engine import InvalidTaskData
from engine.fees import FeeCycle, FeeYear, open_due_years
from engine.policy.rules import management_fee
from engine.progress.units import MilestoneUnit
from engine.workflow.deadlines import CHINA_TZ

from . import campaign
from . import submissions as form
from .test_retiree_handover import EXPECTED_COUNTS, drive_county, sign_framework_agreements, start_programme

JINSHUI = "410105"
COUNTY = campaign.county_org(JINSHUI)
FEE = management_fee(EXPECTED_COUNTS[JINSHUI], 12)  # 4 people: 4000 yuan a year
PROCESSES = Path(__file__).resolve().parents[2] / "processes"


@pytest.fixture
def handed_over(drive) -> int:
    """A programme whose 金水区 hand-over is confirmed, its plan 2017-05-15 and 2017-06-15."""
    case = start_programme(drive)
    sign_framework_agreements(drive, case)
    drive_county(drive, case, JINSHUI)
    return case


def open_years(drive, clock) -> int:
    with drive.tx() as session:
        return open_due_years(session, drive.engine, clock.now())


def fee_cases(drive) -> dict[int, int]:
    with drive.tx() as session:
        return {year: case for year, case in session.execute(select(FeeYear.year, FeeYear.instance_id))}


def due_on(item) -> date:
    return item.due_at.astimezone(CHINA_TZ).date()


def test_a_county_confirms_its_hand_over_before_any_instalment_is_paid(drive, handed_over):
    """六(二)2: "此项经费先由省级财政分期拨付给相关县(市、区)政府" — the money is paid in instalments
    over the year; the county's hand-over (M4) is complete once the fee is budgeted and planned."""
    with drive.tx() as session:
        unit = session.scalar(
            select(MilestoneUnit).where(
                MilestoneUnit.instance_id == handed_over,
                MilestoneUnit.kind == "county_handover",
                MilestoneUnit.scope_code == JINSHUI,
            )
        )
        assert unit.done_at is not None and (unit.fee_due, unit.fee_disbursed) == (FEE, 0)
        (cycle,) = session.scalars(select(FeeCycle)).all()
        assert (cycle.county_code, cycle.first_year) == (JINSHUI, 2017)
    assert not drive.open_items(handed_over, "disburse_fee_instalment")


def test_the_worker_opens_the_first_year_and_each_instalment_is_due_on_its_date(drive, clock, handed_over):
    """Instalments are due on their planned dates, not at M4; the first year pays the plan the
    county hand-over recorded, and counts toward the campaign's figures."""
    assert open_years(drive, clock) == 1
    assert open_years(drive, clock) == 0  # a year is opened once
    case = fee_cases(drive)[2017]
    first = drive.item(case, "disburse_fee_instalment")
    assert first.owner_org == campaign.FINANCE and due_on(first) == date(2017, 5, 15)
    assert drive.item_data(first)["instalment"] == {"due_on": "2017-05-15", "amount": FEE // 2}
    drive.complete_item(first, form.disbursed(FEE // 2))
    second = drive.item(case, "disburse_fee_instalment")
    assert due_on(second) == date(2017, 6, 15)
    drive.complete_item(second, form.disbursed(FEE - FEE // 2))
    confirm = drive.item(case, "confirm_fee_received")
    assert confirm.owner_org == COUNTY and due_on(confirm) == date(2017, 7, 15)
    drive.complete_item(confirm, form.fee_received(FEE))
    assert drive.status(case) == "completed"
    with drive.tx() as session:
        unit = session.scalar(
            select(MilestoneUnit).where(
                MilestoneUnit.instance_id == handed_over, MilestoneUnit.kind == "county_handover",
                MilestoneUnit.scope_code == JINSHUI,
            )
        )  # fmt: skip
        assert unit.fee_disbursed == FEE


def test_the_fee_recurs_yearly_planned_at_the_year_s_rate_for_the_county_s_people(drive, clock, handed_over):
    """ "管理费用暂按每人1000元的标准计算" — a yearly fee: on 2019-01-02 the worker opens 2018 and
    2019 (none missed), each planned by the provincial finance for the registry's 4 people."""
    open_years(drive, clock)
    clock.set(datetime(2019, 1, 2, 9, tzinfo=CHINA_TZ))
    assert open_years(drive, clock) == 2
    case = fee_cases(drive)[2019]
    plan = drive.item(case, "record_management_fee")
    assert plan.owner_org == campaign.FINANCE and due_on(plan) == date(2019, 3, 31)
    shown = drive.item_data(plan)
    assert (shown["fee_per_retiree"], shown["fee_retirees"], shown["fee_annual"]) == (1000, 4, FEE)
    with pytest.raises(InvalidTaskData) as refused:
        drive.complete_item(plan, form.fee_plan(FEE))  # dated 2017
    assert refused.value.errors == {
        "instalments": ["拨付日期 2017-05-15 不在 2019 年度内：每年度的费用在本年度内分期拨付"]
    }
    drive.complete_item(plan, {"budget_document": "豫财社〔2019〕3号", "instalments": [
        {"due_on": "2019-04-30", "amount": FEE // 4}, {"due_on": "2019-10-31", "amount": FEE - FEE // 4},
    ]})  # fmt: skip
    assert due_on(drive.item(case, "disburse_fee_instalment")) == date(2019, 4, 30)


def test_a_new_national_standard_is_one_edit_of_the_rate_table(drive, clock, handed_over):
    """ "待国家层面……有关费用标准出台后，按国家相关政策、标准予以调整": the designer closes the open row
    of management_fee_rate.dmn and adds the new standard; the next year's case plans with it."""
    table = (PROCESSES / "management_fee_rate.dmn").read_text(encoding="utf-8")
    national = table.replace("<text>&gt;= 2017</text>", "<text>2017 &lt;= ? &lt;= 2018</text>").replace(
        "    </decisionTable>",
        '      <rule id="national_standard"><inputEntry id="n_year"><text>&gt;= 2019</text></inputEntry>'
        '<outputEntry id="n_amount"><text>1200</text></outputEntry></rule>\n    </decisionTable>',
    )
    with drive.tx() as session:
        drive.engine.deploy(session, {"management_fee_rate.dmn": national.encode("utf-8")})
        bpmn = (PROCESSES / "management_fee.bpmn").read_bytes()
        drive.engine.deploy(session, {"management_fee.bpmn": bpmn})
    clock.set(datetime(2019, 1, 2, 9, tzinfo=CHINA_TZ))
    open_years(drive, clock)
    cases = fee_cases(drive)
    assert drive.item_data(drive.item(cases[2018], "record_management_fee"))["fee_annual"] == 4000
    assert drive.item_data(drive.item(cases[2019], "record_management_fee"))["fee_annual"] == 4800
