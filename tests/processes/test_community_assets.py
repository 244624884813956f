"""Community assets (issue 14, 6): due a campaign period after the 三供一业 renovation ends, not
at M4; each asset transferred or, being hard to split, lent to the community organisation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from engine import InvalidTaskData, procedures
from engine.campaigns import update_campaign_settings
from engine.directory.organisations import Organisation
from engine.procedures import StartRequest
from engine.workflow.deadlines import to_deadline

from . import submissions as form
from .campaign import ENTERPRISE, ENTERPRISE_INFO, county_org
from .test_community_org_handover import CLUBHOUSE, HANDED_OVER, OFFICE, agreement

COUNTY = county_org("410402")
FINISHED_ON = "2017-08-30"
ANSWERS = {
    "community_name": "矿区社区管理委员会",
    "households": 2500,
    "setting": "city",
    "staff": 12,
    "receiving_government": COUNTY,
}


@pytest.fixture
def county(tx) -> str:
    """新华区's government, which the start form offers as the receiving county."""
    with tx() as session:
        session.add(
            Organisation(
                id=COUNTY, name="平顶山市新华区人民政府", kind="receiving_government", division_code="410402"
            )
        )
    return COUNTY


def agreed_from_form(drive) -> int:
    """A case as the enterprise starts it from the start form (the campaign settings of now),
    its agreement drafted and signed."""
    with drive.tx() as session:
        request = StartRequest(session, dict(ANSWERS), ENTERPRISE, ENTERPRISE_INFO["name"], date(2017, 5, 2))
        new = procedures.starting("community_org_handover", request)
        actor = drive.officials.of(ENTERPRISE)
        case = drive.engine.start(
            session, "community_org_handover", new.parties, new.data, actor=actor, title=new.title
        ).id
    return agreed(drive, case)


def agreed(drive, case: int) -> int:
    drive.complete(case, "draft_community_agreement", agreement())
    drive.complete(case, "sign_community_agreement", form.approve())
    return case


def waiting_for_renovation(drive, case: int) -> int:
    """After the agreement: merged and the staff received, the case waits for the renovation."""
    choice = {"arrangement": "merged", "households": 2500, "setting": "city", "merged_into": "湛河社区"}
    drive.complete(case, "decide_community_arrangement", choice)
    drive.complete(
        case, "merge_into_community", {"target_community": "湛河社区", "adjusted_on": "2017-05-20"}
    )
    drive.complete(case, "hand_over_community_staff", {"staff": []})
    drive.complete(case, "receive_community_staff", form.staff_accepted())
    return case


def renovated(drive, case: int, finished_on: str = FINISHED_ON) -> int:
    """The enterprise reports that the renovation finished on ``finished_on``: the assets are due."""
    waiting_for_renovation(drive, case)
    with drive.tx() as session:
        drive.engine.send_message(
            session,
            case,
            "renovation_finished",
            {"finished_on": finished_on},
            actor=drive.officials.of(ENTERPRISE),
        )
    return case


def days_after_renovation(days: int, finished_on: str = FINISHED_ON):
    return to_deadline(date.fromisoformat(finished_on) + timedelta(days=days))


def hand_over(drive, case: int, assets: list[dict]) -> None:
    drive.complete(case, "hand_over_assets", {"assets": assets, "handed_over_on": "2017-09-20"})


def test_assets_are_due_the_campaign_period_after_the_renovation_ends(drive, county):
    """Seed 五(三)2: "待企业“三供一业”改造完成后，再进行资产及相关服务设备设施的移交" — the term
    runs from the day the renovation finished (30 days by default), not from M4."""
    case = renovated(drive, agreed_from_form(drive))
    handing = drive.item(case, "hand_over_assets")
    assert (handing.due_at, handing.milestone) == (days_after_renovation(30), None)
    hand_over(drive, case, HANDED_OVER)
    assert drive.item(case, "receive_assets").due_at == days_after_renovation(30)


def test_a_changed_campaign_period_applies_to_new_cases_only(drive, county):
    """Seed 五(三)2: "待企业“三供一业”改造完成后，再进行资产及相关服务设备设施的移交" — the term a
    case starts with stays its own when the supervisors change the setting later."""
    before = agreed_from_form(drive)
    with drive.tx() as session:
        update_campaign_settings(session, {"asset_handover_days": 45}, "supervisor")
    after = agreed_from_form(drive)
    renovated(drive, before)
    renovated(drive, after)
    assert drive.item(before, "hand_over_assets").due_at == days_after_renovation(30)
    assert drive.item(after, "hand_over_assets").due_at == days_after_renovation(45)


def test_a_case_that_recorded_no_period_takes_the_diagram_s_default(drive):
    """Seed 五(三)2: "待企业“三供一业”改造完成后，再进行资产及相关服务设备设施的移交" — a case
    started without the setting (before it existed) is given the diagram's 30 days."""
    data = {
        "enterprise": ENTERPRISE_INFO,
        "milestones": {"M3": "2017-05-31"},
        "community_org": {"name": "矿区社区管理委员会", "households": 2500, "setting": "city", "staff": 12},
    }
    case = drive.start(
        "community_org_handover", {"enterprise": ENTERPRISE, "receiving_government": COUNTY}, data
    )
    renovated(drive, agreed(drive, case), "2017-09-01")
    assert drive.item(case, "hand_over_assets").due_at == days_after_renovation(30, "2017-09-01")


def test_a_lent_asset_is_recorded_as_an_arrangement_and_shown_to_the_receiver(drive, county):
    """Seed 五(三)2: "对难以分割移交的资产，由企业提供给社区管理组织管理使用" — the receiving county
    sees which assets are transferred and which are lent, with the lending terms."""
    case = renovated(drive, agreed_from_form(drive))
    hand_over(drive, case, HANDED_OVER)
    shown = drive.data(case, "receive_assets", owner=COUNTY)["hand_over_assets"]["assets"]
    arrangements = [(a["name"], a["arrangement"]) for a in shown]
    assert arrangements == [("社区办公楼", "transferred"), ("职工活动中心", "lent")]
    assert {k: shown[1][k] for k in ("owner", "lent_from", "conditions")} == {
        "owner": "中国平煤神马能源化工集团",
        "lent_from": "2017-09-30",
        "conditions": "无偿使用，企业负责大修",
    }


def test_a_lent_asset_needs_its_terms(drive, county):
    """Seed 五(三)2: "对难以分割移交的资产，由企业提供给社区管理组织管理使用" — who owns it, from when
    and on what conditions are part of the arrangement."""
    case = renovated(drive, agreed_from_form(drive))
    bare = {k: v for k, v in CLUBHOUSE.items() if k not in ("owner", "lent_from", "conditions")}
    with pytest.raises(InvalidTaskData) as refusal:
        hand_over(drive, case, [OFFICE, bare])
    assert sorted(refusal.value.errors) == ["assets.1.conditions", "assets.1.lent_from", "assets.1.owner"]
    assert drive.open_specs(case) == ["hand_over_assets"]


def test_returning_the_assets_requires_a_reason(drive, county):
    """Seed 五(三)2: "对应移交的社区资产及相关服务设备设施要进行核实确认" — a county that does not
    accept the assets as handed over says why, and they go back to the enterprise."""
    case = renovated(drive, agreed_from_form(drive))
    hand_over(drive, case, HANDED_OVER)
    with pytest.raises(InvalidTaskData) as refusal:
        drive.complete(case, "receive_assets", {"accepted": False})
    assert list(refusal.value.errors) == ["reasons"]
    drive.complete(case, "receive_assets", {"accepted": False, "reasons": "活动中心未约定维修费用"})
    assert drive.open_specs(case) == ["hand_over_assets"]
