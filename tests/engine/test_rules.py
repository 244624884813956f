"""The policy's numbers: staff counts, community size, destinations, the grouped roster, fees, milestones."""

from __future__ import annotations

import copy
import itertools
import json
import re
from datetime import date

import pytest
from lxml import etree
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState

from engine.policy import resident_id
from engine.policy.rules import (
    DEFAULT_MILESTONES,
    RuleError,
    community_size_ok,
    count_management_staff,
    destination_of,
    group_roster,
    instalment_plan,
    list_milestones,
    management_fee,
    management_staff_shares,
    pay_difference,
)
from engine.workflow.scripting import ALLOWED_CALLS, HELPERS, RestrictedScriptEngine

JINSHUI, ZHONGYUAN, LAOCHENG, GONGYI = "410105", "410102", "410302", "410181"  # 巩义: 省直管
ZHENGZHOU, LUOYANG = "410100", "410300"
BEIJING_DISTRICT, SHANGHAI_DISTRICT = "110105", "310101"

# -- staff and community size ---------------------------------------------------------------


@pytest.mark.parametrize(("retirees", "staff"), [(0, 0), (1, 1), (299, 1), (300, 1), (301, 2), (600, 2)])
def test_management_staff_are_one_per_started_300_retirees(retirees, staff):
    assert count_management_staff(retirees) == staff


@pytest.mark.parametrize(
    ("counties", "shares"),
    [
        # 600 retirees over 20 counties of 30: two staff for the enterprise, not one per county
        (
            {f"4101{n:02d}": 30 for n in range(1, 21)},
            {"410101": 1, "410102": 1} | {f"4101{n:02d}": 0 for n in range(3, 21)},
        ),
        # a county with 5 retirees beside one with 595: both staff go where the people are
        ({"410105": 595, "410102": 5}, {"410105": 2, "410102": 0}),
        # a started 300 counts for the enterprise: 301 → 2, shared by the larger remainders
        ({"410105": 200, "410102": 101}, {"410105": 1, "410102": 1}),
        ({"410105": 900, "410102": 299, "410103": 1}, {"410105": 3, "410102": 1, "410103": 0}),
        ({"410105": 300}, {"410105": 1}),
        ({"410105": 0}, {"410105": 0}),
        ({}, {}),
    ],
)
def test_management_staff_are_the_enterprise_s_ratio_shared_among_its_counties(counties, shares):
    """Seed 五(四)2: "相关地方政府要根据接收的企业退休人员数量，按每300名退休人员配备1名管理服务人员
    的比例，接收原企业的退休管理机构工作人员" — the ratio is the enterprise's hand-over's (a started 300
    counts), shared among the receiving counties by their numbers (largest remainders), so the
    counties' shares add up to it (issue 14, 2: a ceiling per county asked 20 staff for 600)."""
    assert management_staff_shares(counties) == shares
    assert sum(shares.values()) == count_management_staff(sum(counties.values()))


@pytest.mark.parametrize(
    ("previous", "local", "difference"),
    [(4200, 3800, 400.0), (3800, 4200, 0.0), (4000, 4000, 0.0), (4200.5, 3800, 400.5), (4200, None, 0.0)],
)
def test_the_enterprise_pays_the_difference_when_local_pay_is_lower(previous, local, difference):
    """Seed 五(四)3: "薪酬待遇享受接收地社区工作人员同等待遇……移交后薪酬待遇低于移交前原企业的，
    差额部分由原企业支付" — per person, never negative (issue 14, 3)."""
    assert pay_difference(previous, local) == difference


@pytest.mark.parametrize("bad", [-1, "4000", True])
def test_a_pay_that_is_not_a_non_negative_number_is_refused(bad):
    with pytest.raises(RuleError, match="应为非负数"):
        pay_difference(bad, 3800)


@pytest.mark.parametrize("rule", [count_management_staff])
@pytest.mark.parametrize("bad", [-1, 1.5, "300", True])
def test_staff_counts_refuse_what_is_not_a_non_negative_integer(rule, bad):
    with pytest.raises(RuleError, match="应为非负整数"):
        rule(bad)


@pytest.mark.parametrize(
    ("households", "setting", "ok"),
    [
        (999, "city", False),
        (1000, "city", True),
        (3000, "city", True),
        (3001, "city", False),
        (999, "town", False),
        (1000, "town", True),
        (2000, "town", True),
        (2001, "town", False),
    ],
)
def test_community_size_is_within_the_target_range_inclusive(households, setting, ok):
    assert community_size_ok(households, setting) is ok


def test_community_size_refuses_an_unknown_setting():
    with pytest.raises(RuleError, match="city"):
        community_size_ok(1500, "village")


# -- destinations -----------------------------------------------------------------------------


_SEQUENCES = itertools.count(11, 2)  # odd: men


def retiree(name: str, hukou: str, residence: str, category: str = "普通退休人员", **more) -> dict:
    """A roster row with a valid, distinct ID number issued where the hukou is."""
    born = date(1950, 3, 1)
    row = {
        "name": name,
        "sex": "男",
        "id_number": resident_id.make(hukou, born, next(_SEQUENCES)),
        "birth_date": born.isoformat(),
        "retirement_date": "2010-03-01",
        "hukou_code": hukou,
        "residence_code": residence,
        "category": category,
        "party_member": False,
        "special_status": "",
        "phone": "13800000000",
    }
    return row | more


@pytest.mark.parametrize(
    ("hukou", "residence", "code", "reason"),
    [
        (JINSHUI, JINSHUI, JINSHUI, "户口所在地与常年居住地一致，移交户口所在地"),
        (ZHONGYUAN, JINSHUI, JINSHUI, "户口所在地与常年居住地不一致，移交常年居住地，尽量将户籍迁入居住地"),
        (BEIJING_DISTRICT, BEIJING_DISTRICT, LAOCHENG, "省外户籍，移交企业所在地"),
        (BEIJING_DISTRICT, JINSHUI, LAOCHENG, "省外户籍，移交企业所在地"),
        (ZHONGYUAN, SHANGHAI_DISTRICT, ZHONGYUAN, "常年居住地在省外，移交户口所在地"),
        (ZHONGYUAN, "", ZHONGYUAN, "户口所在地与常年居住地一致，移交户口所在地"),
    ],
)
def test_destination_follows_hukou_and_residence(hukou, residence, code, reason):
    assert destination_of(retiree("张三", hukou, residence), LAOCHENG) == {
        "code": code,
        "reason": reason,
        "excluded": False,
    }


@pytest.mark.parametrize("category", ["离休干部", "省管干部"])
def test_retired_and_province_managed_cadres_are_not_handed_over(category):
    assert destination_of(retiree("李四", JINSHUI, JINSHUI, category), LAOCHENG) == {
        "code": None,
        "reason": f"{category}保持现有管理方式不变，不移交",
        "excluded": True,
    }


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (retiree("王五", JINSHUI, JINSHUI, "退职人员"), "退休人员 王五 的人员类别 '退职人员' 无效"),
        (retiree("王五", JINSHUI, JINSHUI) | {"hukou_code": "4101"}, "王五 的户口所在地或常年居住地代码无效"),
        (retiree("王五", JINSHUI, "jinshui"), "王五 的户口所在地或常年居住地代码无效"),
    ],
)
def test_destination_refuses_an_unknown_category_or_malformed_codes(row, message):
    with pytest.raises(RuleError, match=message):
        destination_of(row, LAOCHENG)


# -- the roster grouped by county ---------------------------------------------------------------

ENTERPRISE = {"name": "河南某省属企业", "location_code": JINSHUI}


def county_parties(code: str) -> dict:
    return {
        "receiving_government": f"org-gov-{code}",
        "archive_department": f"org-archive-{code}",
        "finance_bureau": f"org-finance-{code}",
        "organisation_department": f"org-party-{code}",
    }


DIRECTORY = {
    ZHENGZHOU: {"prefecture_government": "org-zhengzhou"},
    LUOYANG: {"prefecture_government": "org-luoyang"},
    JINSHUI: county_parties(JINSHUI),
    ZHONGYUAN: county_parties(ZHONGYUAN),
    LAOCHENG: county_parties(LAOCHENG),
    GONGYI: {"prefecture_government": "org-gongyi", **county_parties(GONGYI)},
}

ROSTER = [
    retiree("甲", JINSHUI, JINSHUI, party_member=True),
    retiree("乙", ZHONGYUAN, JINSHUI),
    retiree("丙", LAOCHENG, LAOCHENG, party_member=True, special_status="高龄"),
    retiree("丁", BEIJING_DISTRICT, BEIJING_DISTRICT),
    retiree("戊", GONGYI, GONGYI, party_member=True),
    retiree("己", ZHONGYUAN, SHANGHAI_DISTRICT),
    retiree("庚", JINSHUI, JINSHUI, "离休干部", party_member=True),
    retiree("辛", LAOCHENG, LAOCHENG, "省管干部", party_member=True),
]


def grouped(roster: list[dict] = ROSTER, directory: dict = DIRECTORY) -> dict:
    return group_roster(roster, ENTERPRISE, directory)


def test_roster_is_grouped_by_destination_county_sorted_by_code():
    counties = grouped()["counties"]
    assert [(c["code"], c["name"], c["prefecture_code"]) for c in counties] == [
        (ZHONGYUAN, "郑州市中原区", ZHENGZHOU),
        (JINSHUI, "郑州市金水区", ZHENGZHOU),
        (GONGYI, "巩义市", GONGYI),
        (LAOCHENG, "洛阳市老城区", LUOYANG),
    ]
    assert {c["code"]: c["retiree_count"] for c in counties} == {
        ZHONGYUAN: 1,
        JINSHUI: 3,
        GONGYI: 1,
        LAOCHENG: 1,
    }


def test_each_county_carries_its_parties_counts_and_party_members():
    counties = {c["code"]: c for c in grouped()["counties"]}
    assert counties[JINSHUI]["parties"] == county_parties(JINSHUI)
    assert [(c["retiree_count"], c["party_member_count"]) for c in counties.values()] == [
        (1, 0),
        (3, 1),
        (1, 1),
        (1, 1),
    ]


def test_the_grouping_carries_counts_never_people():
    """People live in the registry: a county of the grouped roster names no one."""
    text = json.dumps(grouped(), ensure_ascii=False)
    assert ROSTER[3]["id_number"] not in text and "甲" not in text
    jinshui = next(c for c in grouped()["counties"] if c["code"] == JINSHUI)
    assert set(jinshui) == {
        "code",
        "name",
        "prefecture_code",
        "parties",
        "retiree_count",
        "party_member_count",
        "staff_due",
    }


def test_a_registry_tally_is_grouped_with_the_parties_and_summed():
    """``group_tallies``: the registry's counts by destination become the counties, prefectures
    and summary of the case, as a list of people would (``group_roster``)."""
    from engine.policy.rules import group_tallies

    tallies = {
        "destinations": [
            {"code": JINSHUI, "retiree_count": 3, "party_member_count": 1, "out_of_province_hukou": 1},
            {"code": GONGYI, "retiree_count": 2, "party_member_count": 0, "out_of_province_hukou": 0},
        ],
        "excluded": {"离休干部": 1},
    }
    grouped_tallies = group_tallies(tallies, DIRECTORY)
    assert [
        (c["code"], c["retiree_count"], c["party_member_count"]) for c in grouped_tallies["counties"]
    ] == [
        (JINSHUI, 3, 1),
        (GONGYI, 2, 0),
    ]
    assert grouped_tallies["counties"][0]["parties"] == county_parties(JINSHUI)
    assert grouped_tallies["summary"] == {
        "total": 6,
        "handed_over": 5,
        "excluded": {"离休干部": 1, "省管干部": 0},
        "out_of_province_hukou": 1,
        "staff_due": 1,
        "counties": 2,
        "prefectures": 2,
    }


def test_a_tally_naming_a_destination_outside_henan_quotes_a_person():
    from engine.policy.rules import group_tallies

    tallies = {
        "destinations": [{"code": "110105", "retiree_count": 1, "party_member_count": 0, "example": "甲"}]
    }
    with pytest.raises(RuleError, match="退休人员 甲 的移交地"):
        group_tallies(tallies, DIRECTORY)


def test_prefectures_group_their_counties_and_a_directly_administered_county_is_its_own():
    assert grouped()["prefectures"] == [
        {
            "code": ZHENGZHOU,
            "name": "郑州市",
            "government": "org-zhengzhou",
            "directly_administered": False,
            "county_codes": [ZHONGYUAN, JINSHUI],
            "retiree_count": 4,
        },
        {
            "code": GONGYI,
            "name": "巩义市",
            "government": "org-gongyi",
            "directly_administered": True,
            "county_codes": [GONGYI],
            "retiree_count": 1,
        },
        {
            "code": LUOYANG,
            "name": "洛阳市",
            "government": "org-luoyang",
            "directly_administered": False,
            "county_codes": [LAOCHENG],
            "retiree_count": 1,
        },
    ]


def test_summary_counts_excluded_cadres_apart_from_those_handed_over():
    assert grouped()["summary"] == {
        "total": 8,
        "handed_over": 6,
        "excluded": {"离休干部": 1, "省管干部": 1},
        "out_of_province_hukou": 1,
        "staff_due": 1,
        "counties": 4,
        "prefectures": 3,
    }


def test_grouped_roster_is_plain_json_even_from_date_objects():
    roster = [retiree("甲", JINSHUI, JINSHUI, birth_date=date(1950, 3, 1))]
    result = grouped(roster)
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result


def test_empty_roster_gives_empty_groups():
    assert grouped([]) == {
        "counties": [],
        "prefectures": [],
        "summary": {
            "total": 0,
            "handed_over": 0,
            "excluded": {"离休干部": 0, "省管干部": 0},
            "out_of_province_hukou": 0,
            "staff_due": 0,
            "counties": 0,
            "prefectures": 0,
        },
    }


def without(code: str, *roles: str) -> dict:
    """The directory with ``roles`` of ``code`` removed (the whole entry when no role is named)."""
    directory = copy.deepcopy(DIRECTORY)
    if roles:
        for role in roles:
            del directory[code][role]
    else:
        del directory[code]
    return directory


@pytest.mark.parametrize(
    ("directory", "message"),
    [
        (without(JINSHUI, "receiving_government"), "组织目录中没有 410105 郑州市金水区 的接收地政府"),
        (without(JINSHUI, "archive_department"), "组织目录中没有 410105 郑州市金水区 的档案管理部门"),
        (without(JINSHUI, "finance_bureau"), "组织目录中没有 410105 郑州市金水区 的财政部门"),
        (without(JINSHUI, "organisation_department"), "组织目录中没有 410105 郑州市金水区 的组织部门"),
        (
            without(LAOCHENG),
            "组织目录中没有 410302 洛阳市老城区 的接收地政府、档案管理部门、财政部门、组织部门",
        ),
        (without(ZHENGZHOU), "组织目录中没有 410100 郑州市 的省辖市政府"),
        (without(GONGYI, "prefecture_government"), "组织目录中没有 410181 巩义市 的省直管县(市)政府"),
        (
            without(ZHONGYUAN, "finance_bureau") | {LUOYANG: {}},
            "组织目录中没有 410102 郑州市中原区 的财政部门；410300 洛阳市 的省辖市政府",
        ),
    ],
)
def test_missing_directory_entries_are_named_in_chinese(directory, message):
    with pytest.raises(RuleError) as refused:
        grouped(directory=directory)
    assert str(refused.value) == message


def test_directory_entries_of_counties_without_retirees_are_not_needed():
    roster = [retiree("甲", JINSHUI, JINSHUI)]
    directory = {ZHENGZHOU: DIRECTORY[ZHENGZHOU], JINSHUI: DIRECTORY[JINSHUI]}
    assert grouped(roster, directory)["summary"]["counties"] == 1


NOT_A_COUNTY = "不是河南省的县(市、区)"


@pytest.mark.parametrize(
    ("row", "location", "message"),
    [
        (retiree("甲", ZHENGZHOU, ZHENGZHOU), JINSHUI, f"退休人员 甲 的移交地 410100 郑州市 {NOT_A_COUNTY}"),
        (retiree("乙", "419999", "419999"), JINSHUI, f"退休人员 乙 的移交地 419999 {NOT_A_COUNTY}"),
        (
            retiree("丙", BEIJING_DISTRICT, BEIJING_DISTRICT),
            SHANGHAI_DISTRICT,
            f"退休人员 丙 的移交地 310101 上海市 {NOT_A_COUNTY}",
        ),
    ],
)
def test_destination_that_is_not_a_henan_county_is_refused(row, location, message):
    with pytest.raises(RuleError, match=re.escape(message)):
        group_roster([row], {"location_code": location}, DIRECTORY)


# -- money ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("retirees", "months", "fee"),
    [
        (0, 12, 0),
        (1, 12, 1000),
        (300, 12, 300_000),
        (1, 6, 500),
        (1, 7, 583),  # 583.33 rounds down
        (1, 5, 417),  # 416.67 rounds up
        (300, 6, 150_000),
        (300, 7, 175_000),
        (0, 7, 0),
        (1, 0, 0),
    ],
)
def test_management_fee_is_1000_yuan_a_year_prorated_by_whole_months(retirees, months, fee):
    assert management_fee(retirees, months) == fee


def test_management_fee_defaults_to_a_whole_year():
    assert management_fee(300) == 300_000


@pytest.mark.parametrize(("retirees", "months"), [(-1, 12), (1, -1), (1, 1.5)])
def test_management_fee_refuses_negative_or_fractional_inputs(retirees, months):
    with pytest.raises(RuleError):
        management_fee(retirees, months)


@pytest.mark.parametrize(
    ("total", "count", "plan"),
    [
        (300_000, 4, [75_000, 75_000, 75_000, 75_000]),
        (1000, 3, [333, 333, 334]),
        (175_000, 12, [14_583] * 11 + [14_587]),
        (583, 1, [583]),
        (2, 4, [0, 0, 0, 2]),
        (0, 2, [0, 0]),
    ],
)
def test_instalments_are_equal_whole_yuan_with_the_remainder_last_and_sum_to_the_total(total, count, plan):
    assert instalment_plan(total, count) == plan
    assert sum(plan) == total


@pytest.mark.parametrize("count", [0, -1])
def test_instalment_plan_needs_at_least_one_instalment(count):
    with pytest.raises(RuleError, match="分期次数"):
        instalment_plan(1000, count)


# -- milestones ---------------------------------------------------------------------------------


def test_milestones_default_to_the_2017_schedule():
    assert DEFAULT_MILESTONES == {
        "M1": "2017-03-31",
        "M2": "2017-04-30",
        "M3": "2017-05-31",
        "M4": "2017-06-30",
    }
    assert [tuple(m.values()) for m in list_milestones({})] == [
        ("M1", "2017-03-31", "2017-04-01T00:00:00+08:00", "签订移交框架协议"),
        ("M2", "2017-04-30", "2017-05-01T00:00:00+08:00", "签订具体移交协议"),
        ("M3", "2017-05-31", "2017-06-01T00:00:00+08:00", "完成社区管理组织职能、人员移交"),
        ("M4", "2017-06-30", "2017-07-01T00:00:00+08:00", "总体完成移交"),
    ]
    assert list(list_milestones({})[0]) == ["code", "date", "passes_at", "title"]


@pytest.mark.parametrize(
    ("milestones", "dates"),
    [
        ({"M4": "2018-12-31", "M1": "2018-02-28"}, ["2018-02-28", "2017-04-30", "2017-05-31", "2018-12-31"]),
        ({"M2": date(2020, 2, 29)}, ["2017-03-31", "2020-02-29", "2017-05-31", "2017-06-30"]),
        (None, ["2017-03-31", "2017-04-30", "2017-05-31", "2017-06-30"]),
    ],
)
def test_campaign_dates_replace_the_defaults_and_come_back_sorted_by_code(milestones, dates):
    assert [m["date"] for m in list_milestones(milestones)] == dates


@pytest.mark.parametrize(
    ("day", "passes_at"),
    [
        ("2018-12-31", "2019-01-01T00:00:00+08:00"),
        ("2020-02-28", "2020-02-29T00:00:00+08:00"),
        ("2020-02-29", "2020-03-01T00:00:00+08:00"),
    ],
)
def test_milestone_passes_at_the_next_midnight_beijing_time(day, passes_at):
    [m1, *_] = list_milestones({"M1": day})
    assert m1["passes_at"] == passes_at


@pytest.mark.parametrize(
    ("milestones", "message"),
    [
        ({"M5": "2017-07-31"}, "未知的时间节点：M5"),
        ({"M1": "2017-02-30"}, "时间节点 M1 的日期 '2017-02-30' 无效"),
        ({"M1": 20170331}, "时间节点 M1 的日期 20170331 无效"),
    ],
)
def test_unknown_milestones_and_bad_dates_are_refused(milestones, message):
    with pytest.raises(RuleError, match=message):
        list_milestones(milestones)


# -- the rules in BPMN scripts -------------------------------------------------------------------

SCRIPT_PROCESS = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  id="rules" targetNamespace="http://yijiao.example/bpmn">
  <bpmn:process id="rules" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:scriptTask id="group"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:script>handover = group_roster(roster, enterprise, directory)
staff = count_management_staff(handover["summary"]["handed_over"])
fee = instalment_plan(management_fee(handover["summary"]["handed_over"], 7), 2)
schedule = list_milestones(milestones)</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="group" />
    <bpmn:sequenceFlow id="f2" sourceRef="group" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>"""


def run_script(directory: dict) -> BpmnWorkflow:
    parser = SpiffBpmnParser()
    parser.add_bpmn_xml(etree.fromstring(SCRIPT_PROCESS.encode()), filename="rules.bpmn")
    wf = BpmnWorkflow(parser.get_spec("rules"), script_engine=RestrictedScriptEngine())
    start = wf.get_next_task(state=TaskState.READY)
    start.data.update(roster=ROSTER, enterprise=ENTERPRISE, directory=directory, milestones={})
    wf.do_engine_steps()
    return wf


def test_every_rule_is_a_script_helper():
    names = {
        "group_roster",
        "destination_of",
        "count_management_staff",
        "community_size_ok",
        "management_fee",
        "instalment_plan",
        "list_milestones",
    }
    assert names <= HELPERS.keys()
    assert names <= ALLOWED_CALLS


def test_scripts_call_the_rules_and_store_plain_data():
    wf = run_script(DIRECTORY)
    assert wf.is_completed()
    assert wf.data["handover"] == grouped()
    assert wf.data["staff"] == 1
    assert wf.data["fee"] == [1750, 1750]
    assert wf.data["schedule"] == list_milestones()


def test_rule_error_in_a_script_surfaces_with_its_chinese_message():
    with pytest.raises(WorkflowTaskException) as failed:
        run_script(without(JINSHUI, "receiving_government"))
    assert "组织目录中没有 410105 郑州市金水区 的接收地政府" in str(failed.value)
    assert failed.value.error_type == "RuleError"
