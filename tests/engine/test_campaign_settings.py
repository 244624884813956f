"""活动设置: the declared defaults, the bounds a change is held to, storing and auditing.

The seed sets no look-up deadline: 五(二) of 豫政办〔2017〕44号 only asks that "档案管理部门要做好
企业退休人员档案的接收、管理和查阅、复制等服务工作", and 五(三)2 hands the community assets over
"待企业“三供一业”改造完成后" without a term. The 5/15/20/10 look-up days and the 30 asset days are
our documented defaults.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.campaigns import (
    SETTINGS,
    CampaignSetting,
    InvalidSettings,
    campaign_settings,
    defaults,
    update_campaign_settings,
)
from engine.campaigns.declared import checked
from engine.directory.audit import AuditEvent
from engine.directory.roles import Actor
from engine.policy.rules import DEFAULT_MILESTONES
from engine.procedures.archive_lookup import DEADLINES
from engine.workflow.deadlines import CHINA_TZ

SUPERVISOR = Actor("zhao.lei", "org-supervisor-henan", frozenset({"supervisor"}))
NOW = datetime(2017, 8, 1, 9, tzinfo=CHINA_TZ)
DIAGRAM = Path(__file__).resolve().parents[2] / "processes" / "archive_lookup.bpmn"


def refused(changes: dict) -> dict[str, list[str]]:
    with pytest.raises(InvalidSettings) as raised:
        checked(defaults(), changes)
    return raised.value.errors


def test_the_documented_defaults():
    assert defaults() == {
        "lookup_review_days": 5,
        "lookup_service_days": 15,
        "lookup_acknowledge_days": 20,
        "lookup_refusal_days": 10,
        "asset_handover_days": 30,
        "milestones": DEFAULT_MILESTONES,
    }


def test_every_setting_is_declared_once_with_a_chinese_label():
    keys = [setting.key for setting in SETTINGS]
    assert len(keys) == len(set(keys))
    assert all(re.search(r"[\u4e00-\u9fff]", setting.label) for setting in SETTINGS)


def test_the_diagram_falls_back_to_the_declared_defaults():
    """A request without ``deadlines`` (started before the settings) is due by the same defaults."""
    text = DIAGRAM.read_text(encoding="utf-8")
    fallbacks = dict(re.findall(r"get\(&quot;(\w+)&quot;, (\d+)\)\)", text))
    assert {name: int(days) for name, days in fallbacks.items()} == {
        name: defaults()[key] for name, key in DEADLINES.items()
    }


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        ("lookup_review_days", 1, 1),
        ("lookup_review_days", 7, 7),
        ("lookup_review_days", " 7 ", 7),  # as a form posts it
        ("lookup_service_days", 20, 20),  # as long as the acknowledgement
        ("lookup_acknowledge_days", 120, 120),
        ("lookup_refusal_days", 120, 120),
        ("asset_handover_days", 1, 1),
        ("asset_handover_days", 365, 365),
    ],
)
def test_whole_days_within_bounds_are_accepted(key, value, stored):
    assert checked(defaults(), {key: value})[key] == stored


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("lookup_review_days", 0, "档案查阅（复制）申请审核期限应为 1 至 60 天"),
        ("lookup_review_days", 61, "档案查阅（复制）申请审核期限应为 1 至 60 天"),
        ("lookup_review_days", -3, "档案查阅（复制）申请审核期限应为 1 至 60 天"),
        ("lookup_review_days", 5.5, "档案查阅（复制）申请审核期限应为整数天数"),
        ("lookup_review_days", True, "档案查阅（复制）申请审核期限应为整数天数"),
        ("lookup_review_days", "五", "档案查阅（复制）申请审核期限应为整数天数"),
        ("lookup_review_days", "", "档案查阅（复制）申请审核期限应为整数天数"),
        ("lookup_review_days", None, "档案查阅（复制）申请审核期限应为整数天数"),
        ("lookup_service_days", 91, "提供档案查阅（复制）服务期限应为 1 至 90 天"),
        ("lookup_acknowledge_days", 121, "社区确认收到查阅（复制）结果期限应为 1 至 120 天"),
        ("lookup_refusal_days", 0, "社区知悉不予查阅理由期限应为 1 至 120 天"),
        ("asset_handover_days", 366, "社区资产移交期限应为 1 至 365 天"),
        ("asset_handover_days", "30天", "社区资产移交期限应为整数天数"),
    ],
)
def test_days_outside_bounds_or_not_whole_are_refused_naming_the_field(key, value, message):
    assert refused({key: value}) == {key: [message]}


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"lookup_service_days": 4}, {"lookup_service_days"}),  # before the review's 5 days
        ({"lookup_review_days": 16}, {"lookup_service_days", "lookup_refusal_days"}),
        ({"lookup_acknowledge_days": 14}, {"lookup_acknowledge_days"}),  # before the service's 15
        ({"lookup_service_days": 21}, {"lookup_acknowledge_days"}),
        ({"lookup_refusal_days": 4}, {"lookup_refusal_days"}),
    ],
)
def test_a_later_look_up_step_may_not_be_due_before_the_step_it_follows(changes, fields):
    assert set(refused(changes)) == fields


def test_a_longer_service_is_accepted_with_a_longer_acknowledgement():
    settings = checked(defaults(), {"lookup_service_days": 90, "lookup_acknowledge_days": 90})
    assert (settings["lookup_service_days"], settings["lookup_acknowledge_days"]) == (90, 90)


def test_milestones_left_out_keep_their_date():
    settings = checked(defaults(), {"milestones": {"M4": "2017-07-31"}})
    assert settings["milestones"] == {**DEFAULT_MILESTONES, "M4": "2017-07-31"}


@pytest.mark.parametrize(
    "day", ["2017-02-30", "2017/03/31", "20170331", "1999-12-31", "2100-01-01", "", 20170331]
)
def test_what_is_not_an_iso_date_of_2000_to_2099_is_refused(day):
    assert refused({"milestones": {"M1": day}}) == {
        "milestones.M1": ["M1（签订移交框架协议）应为 2000—2099 年间的日期，如 2017-04-30"]
    }


def test_a_milestone_before_the_one_it_follows_is_refused():
    assert refused({"milestones": {"M2": "2017-03-30"}}) == {
        "milestones.M2": ["M2（签订具体移交协议）不得早于 M1（2017-03-31）"]
    }


def test_equal_milestone_dates_are_accepted():
    same = {code: "2017-06-30" for code in DEFAULT_MILESTONES}
    assert checked(defaults(), {"milestones": same})["milestones"] == same


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"milestones": {"M5": "2017-07-31"}}, "milestones"),
        ({"milestones": ["2017-03-31"]}, "milestones"),
        ({"lookup_days": 5}, "lookup_days"),
    ],
)
def test_unknown_settings_and_milestones_are_refused(changes, field):
    assert field in refused(changes)


def test_every_wrong_field_is_named_at_once():
    errors = refused({"lookup_review_days": 0, "asset_handover_days": "x", "milestones": {"M3": "soon"}})
    assert set(errors) == {"lookup_review_days", "asset_handover_days", "milestones.M3"}


def test_an_empty_database_has_the_defaults(tx):
    with tx() as session:
        assert campaign_settings(session) == defaults()


def test_a_change_is_stored_and_audited(tx):
    with tx() as session:
        update_campaign_settings(session, {"lookup_review_days": 7}, SUPERVISOR, now=NOW)
    with tx() as session:
        assert campaign_settings(session)["lookup_review_days"] == 7
        [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "change_campaign_settings"))
        assert (event.actor, event.organisation_id, event.at) == ("zhao.lei", "org-supervisor-henan", NOW)
        assert event.detail == {"changes": {"lookup_review_days": {"from": 5, "to": 7}}}
        row = session.get(CampaignSetting, "lookup_review_days")
        assert (row.value, row.updated_by) == (7, "zhao.lei")


def test_a_milestone_change_is_merged_with_the_stored_ones(tx):
    with tx() as session:
        update_campaign_settings(session, {"milestones": {"M4": "2017-07-31"}}, SUPERVISOR, now=NOW)
    with tx() as session:
        update_campaign_settings(session, {"milestones": {"M3": "2017-06-15"}}, SUPERVISOR, now=NOW)
    with tx() as session:
        milestones = campaign_settings(session)["milestones"]
    assert milestones == {"M1": "2017-03-31", "M2": "2017-04-30", "M3": "2017-06-15", "M4": "2017-07-31"}


def test_bad_input_stores_and_audits_nothing(tx):
    with tx() as session, pytest.raises(InvalidSettings):
        update_campaign_settings(
            session, {"lookup_review_days": 7, "lookup_service_days": 0}, SUPERVISOR, now=NOW
        )
    with tx() as session:
        assert session.scalars(select(CampaignSetting)).all() == []
        assert session.scalars(select(AuditEvent)).all() == []


def test_a_change_that_changes_nothing_is_not_audited(tx):
    with tx() as session:
        settings = update_campaign_settings(session, {"lookup_review_days": "5"}, SUPERVISOR, now=NOW)
    assert settings == defaults()
    with tx() as session:
        assert session.scalars(select(AuditEvent)).all() == []


def test_the_engine_leaves_the_commit_to_its_caller(session_factory):
    with session_factory() as session:
        update_campaign_settings(session, {"asset_handover_days": 45}, SUPERVISOR, now=NOW)
        session.rollback()
    with session_factory() as session:
        assert campaign_settings(session)["asset_handover_days"] == 30


def test_the_error_message_is_chinese_and_names_the_field():
    with pytest.raises(InvalidSettings) as raised:
        checked(defaults(), {"lookup_review_days": 0})
    assert (
        str(raised.value) == "活动设置有误：lookup_review_days：档案查阅（复制）申请审核期限应为 1 至 60 天"
    )
