"""Every branch of a county hand-over, person by person: returns, corrections that change the
registry, allocation by name, receptions that send people back, the archive loop by name, and
typed figures that disagree with the registry."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine import InvalidTaskData
from engine.directory.audit import AuditEvent
from engine.policy.rules import management_fee

from . import campaign
from . import submissions as form
from .campaign import ENTERPRISE, archive_org, community_org, county_org
from .test_retiree_handover import EXPECTED_COUNTS, sign_framework_agreements, start_programme

CODE = "410102"  # 中原区: 陈静 (party member) and 杨磊
COUNTY = county_org(CODE)
ARCHIVES = archive_org(CODE)
COMMUNITY = community_org(CODE)
OTHER_COMMUNITY = community_org(CODE, second=True)


@pytest.fixture
def case(drive) -> int:
    case = start_programme(drive)
    sign_framework_agreements(drive, case)
    return case


def county_specs(drive, case) -> list[str]:
    """Open steps of this county (the other two counties' steps are left aside)."""
    return sorted(
        i.spec_id
        for i in drive.open_items(case)
        if i.owner_org in (COUNTY, ARCHIVES, COMMUNITY, OTHER_COMMUNITY, campaign.FINANCE)
        or (i.owner_org == ENTERPRISE and drive.item_data(i).get("county", {}).get("code") == CODE)
    )


def draft(drive, case, retirees: int = 2) -> None:
    drive.complete_item(
        drive.by_county(case, "draft_specific_agreement")[CODE], form.specific_draft(retirees, 1)
    )


def until_allocation(drive, case) -> None:
    draft(drive, case)
    drive.complete(case, "sign_specific_agreement", form.approve(), owner=COUNTY)
    drive.complete(case, "verify_retiree_data", form.all_correct(), owner=COUNTY)


def until_streams(drive, case) -> None:
    until_allocation(drive, case)
    drive.allocate_all(case, CODE)
    drive.complete(case, "receive_retirees", form.received(2), owner=COMMUNITY)


def refused(drive, case, spec_id, data, owner=None, item=None) -> dict[str, list[str]]:
    """The engine's refusal of a submission (the task stays open, nothing applied)."""
    with pytest.raises(InvalidTaskData) as refusal:
        if item is not None:
            drive.complete_item(item, data)
        else:
            drive.complete(case, spec_id, data, owner=owner)
    return refusal.value.errors


def statuses(drive, case, code=CODE) -> dict[str, tuple[str, str, str | None]]:
    return {p.name: (p.status, p.archive_status, p.community_org) for p in drive.people(case, code)}


def test_a_refused_specific_agreement_returns_to_the_enterprise(drive, case):
    draft(drive, case)
    drive.complete(case, "sign_specific_agreement", form.refuse(), owner=COUNTY)
    assert "draft_specific_agreement" in county_specs(drive, case)
    draft(drive, case)
    drive.complete(case, "sign_specific_agreement", form.approve(), owner=COUNTY)
    assert drive.item(case, "verify_retiree_data", COUNTY).milestone == "M4"


def test_a_typed_retiree_count_that_disagrees_with_the_registry_is_refused_with_both_figures(drive, case):
    item = drive.by_county(case, "draft_specific_agreement")[CODE]
    errors = refused(drive, case, None, form.specific_draft(5, 1), item=item)
    assert errors == {"retiree_count": ["填写的移交退休人员数 5 人与登记库的 2 人不符"]}
    draft(drive, case, retirees=2)  # the right figure is accepted


def test_a_correction_changes_the_registry_and_is_audited(drive, case):
    draft(drive, case)
    drive.complete(case, "sign_specific_agreement", form.approve(), owner=COUNTY)
    yang = next(p for p in drive.people(case, CODE) if p.name == "杨磊")
    drive.complete(case, "verify_retiree_data", form.corrections(yang.id_number), owner=COUNTY)
    fix = drive.by_county(case, "correct_retiree_data")[CODE]
    assert fix.owner_org == ENTERPRISE
    drive.complete_item(fix, form.corrected(yang.id_number, value="林山寨街道百花社区8号楼"))
    assert next(p for p in drive.people(case, CODE) if p.name == "杨磊").address == "林山寨街道百花社区8号楼"
    with drive.tx() as session:
        (event,) = session.scalars(select(AuditEvent).where(AuditEvent.action == "correct_retiree"))
        assert event.detail == {
            "retiree": yang.id,
            "field": "address",
            "from": None,
            "to": "林山寨街道百花社区8号楼",
        }
    drive.complete(case, "verify_retiree_data", form.all_correct(), owner=COUNTY)
    assert drive.item(case, "allocate_to_communities", COUNTY)


def test_a_correction_must_answer_every_item_the_county_listed(drive, case):
    draft(drive, case)
    drive.complete(case, "sign_specific_agreement", form.approve(), owner=COUNTY)
    chen, yang = drive.people(case, CODE)
    drive.complete(
        case, "verify_retiree_data", form.corrections(yang.id_number, "联系电话", "空号"), owner=COUNTY
    )
    fix = drive.by_county(case, "correct_retiree_data")[CODE]
    errors = refused(drive, case, None, form.corrected(chen.id_number), item=fix)
    assert "corrections_made.0.id_number" in errors or "corrections_made" in errors
    errors = refused(drive, case, None, form.corrected(yang.id_number, "联系电话", "12345"), item=fix)
    assert list(errors) == ["corrections_made.0.value"]  # not a phone number
    drive.complete_item(fix, form.corrected(yang.id_number, "联系电话", "13812345678"))
    assert drive.people(case, CODE)[1].phone == "13812345678"


def test_a_corrected_residence_moves_the_person_to_the_other_county(drive, case):
    draft(drive, case)
    drive.complete(case, "sign_specific_agreement", form.approve(), owner=COUNTY)
    yang = drive.people(case, CODE)[1]
    drive.complete(
        case,
        "verify_retiree_data",
        form.corrections(yang.id_number, "常住地区划代码", "已迁居金水区"),
        owner=COUNTY,
    )
    drive.complete_item(
        drive.by_county(case, "correct_retiree_data")[CODE],
        form.corrected(yang.id_number, "常住地区划代码", "410105"),
    )
    assert [p.name for p in drive.people(case, CODE)] == ["陈静"]
    assert "杨磊" in [p.name for p in drive.people(case, "410105")]
    drive.complete(case, "verify_retiree_data", form.all_correct(), owner=COUNTY)
    item = drive.item(case, "allocate_to_communities", COUNTY)
    assert drive.assign(item, COMMUNITY) == 1  # only 陈静 is left to allocate here


def test_a_correction_to_a_county_outside_the_programme_is_refused(drive, case):
    draft(drive, case)
    drive.complete(case, "sign_specific_agreement", form.approve(), owner=COUNTY)
    yang = drive.people(case, CODE)[1]
    drive.complete(
        case, "verify_retiree_data", form.corrections(yang.id_number, "常住地区划代码", "迁居"), owner=COUNTY
    )
    fix = drive.by_county(case, "correct_retiree_data")[CODE]
    errors = refused(drive, case, None, form.corrected(yang.id_number, "常住地区划代码", "410303"), item=fix)
    assert "不在本企业本次移交的接收县" in errors["corrections_made.0.value"][0]
    assert drive.people(case, CODE)[1].residence_code == "410102"  # nothing applied


def test_all_correct_and_a_correction_list_cannot_both_be_sent(drive, case):
    draft(drive, case)
    drive.complete(case, "sign_specific_agreement", form.approve(), owner=COUNTY)
    yang = drive.people(case, CODE)[1]
    both = {**form.corrections(yang.id_number), "all_correct": True}
    errors = refused(drive, case, "verify_retiree_data", both, owner=COUNTY)
    assert "corrections" in errors


def test_the_allocation_is_refused_while_anyone_is_unassigned_naming_them(drive, case):
    until_allocation(drive, case)
    item = drive.item(case, "allocate_to_communities", COUNTY)
    drive.assign(item, COMMUNITY, names=["陈静"])
    errors = refused(drive, case, None, {}, item=item)
    assert errors == {"": ["还有 1 人未分解到社区：杨磊。请在人员名单中逐人分解后再提交"]}
    drive.assign(item, "410102第2社区", names=["杨磊"])  # a community named, not coded
    drive.complete_item(item, {})
    owners = sorted(i.owner_org for i in drive.open_items(case, "receive_retirees"))
    assert owners == [COMMUNITY, OTHER_COMMUNITY]  # one reception per community
    assert statuses(drive, case) == {
        "陈静": ("allocated", "none", COMMUNITY),
        "杨磊": ("allocated", "none", OTHER_COMMUNITY),
    }


def test_a_community_of_another_county_cannot_be_assigned(drive, case):
    until_allocation(drive, case)
    item = drive.item(case, "allocate_to_communities", COUNTY)
    with pytest.raises(InvalidTaskData) as refusal:
        drive.assign(item, community_org("410105"))
    message = "“org-community-410105”不是本县（市、区）的街道（乡镇）、社区"
    assert refusal.value.errors == {"community_org": [message]}


def test_a_person_a_community_does_not_receive_goes_back_to_the_allocation(drive, case):
    until_allocation(drive, case)
    drive.allocate_all(case, CODE)
    yang = drive.people(case, CODE)[1]
    not_found = [{"id_number": yang.id_number, "reason": "查无此人"}]
    drive.complete(case, "receive_retirees", form.received(1, not_received=not_found), owner=COMMUNITY)
    assert statuses(drive, case) == {
        "陈静": ("received", "none", COMMUNITY),
        "杨磊": ("allocated", "none", None),
    }
    assert drive.people(case, CODE)[1].returned_reason == "查无此人"
    again = drive.item(case, "allocate_to_communities", COUNTY)
    assert drive.assign(again, OTHER_COMMUNITY) == 1  # only the returned person
    drive.complete_item(again, {})
    (reception,) = drive.open_items(case, "receive_retirees")
    assert reception.owner_org == OTHER_COMMUNITY
    drive.complete_item(reception, form.received(1))
    assert statuses(drive, case)["杨磊"] == ("received", "none", OTHER_COMMUNITY)
    assert "transfer_party_relations" in county_specs(drive, case)


def test_a_reception_may_only_return_its_own_people_and_its_typed_count_must_agree(drive, case):
    until_allocation(drive, case)
    drive.allocate_all(case, CODE)
    stranger = drive.people(case, "410105")[0]
    errors = refused(
        drive,
        case,
        "receive_retirees",
        form.received(1, [{"id_number": stranger.id_number, "reason": "x"}]),
        COMMUNITY,
    )
    assert list(errors) == ["not_received.0.id_number"]
    errors = refused(drive, case, "receive_retirees", form.received(3), COMMUNITY)
    assert errors == {"received_count": ["填写的接收人数 3 人与登记库的 2 人不符"]}


def test_after_reception_four_streams_run_in_parallel(drive, case):
    until_streams(drive, case)
    assert {
        "transfer_party_relations",
        "hand_over_management_staff",
        "sort_archives",
        "record_management_fee",
    } <= set(county_specs(drive, case))


def test_party_counts_that_disagree_with_the_registry_are_refused(drive, case):
    until_streams(drive, case)
    item = drive.by_county(case, "transfer_party_relations")[CODE]
    errors = refused(drive, case, None, form.party_transfer(2), item=item)
    assert errors == {"party_member_count": ["填写的党员人数 2 人与登记库的 1 人不符"]}
    drive.complete_item(item, form.party_transfer(1))


def test_party_relations_are_received_by_the_organisation_department_and_checked(drive, case):
    """Seed 八(二): "组织部门要做好企业向街道(乡镇)和社区移交党组织关系的接收工作" — the county's
    组织部门 receives the party relations (not the county government), and its figure must be the
    registry's party members handed over."""
    until_streams(drive, case)
    drive.complete_item(drive.by_county(case, "transfer_party_relations")[CODE], form.party_transfer(1))
    (receiving,) = [i for i in drive.open_items(case, "receive_party_relations")]
    assert receiving.owner_org == campaign.party_org(CODE) and receiving.lane == "organisation_department"
    errors = refused(drive, case, None, form.party_received(2), item=receiving)
    assert errors == {"received_count": ["填写的接收党员人数 2 人与登记库的 1 人不符"]}
    drive.complete_item(receiving, form.party_received(1))
    assert "receive_party_relations" not in {i.spec_id for i in drive.open_items(case)}


def test_management_staff_refused_are_handed_over_again(drive, case):
    until_streams(drive, case)
    data = drive.item_data(drive.by_county(case, "hand_over_management_staff")[CODE])
    assert data["staff_due"] == 0  # the programme's one staff member goes to 金水区 (4 of its 9)
    person = drive.people(case, CODE)[0]
    drive.complete_item(
        drive.by_county(case, "hand_over_management_staff")[CODE], form.staff((person.name, person.id_number))
    )
    drive.complete(case, "receive_management_staff", form.staff_refused(), owner=COUNTY)
    drive.complete_item(
        drive.by_county(case, "hand_over_management_staff")[CODE], form.staff((person.name, person.id_number))
    )
    drive.complete(case, "receive_management_staff", form.staff_accepted(), owner=COUNTY)
    assert "hand_over_management_staff" not in county_specs(drive, case)


def test_a_fee_plan_that_does_not_add_up_or_leaves_its_year_is_refused_then_ends_the_fee_stream(drive, case):
    until_streams(drive, case)
    fee = management_fee(EXPECTED_COUNTS[CODE], 12)
    errors = refused(drive, case, "record_management_fee", form.fee_plan(fee - 1), campaign.FINANCE)
    assert errors == {
        "instalments": [f"各期金额合计 {fee - 1} 元与年度管理费用 {fee} 元（登记库 2 人 × 1000 元）不符"]
    }
    late = form.fee_plan(500, fee - 500)
    late["instalments"][1]["due_on"] = "2018-01-15"
    errors = refused(drive, case, "record_management_fee", late, campaign.FINANCE)
    assert errors == {"instalments": ["拨付日期 2018-01-15 不在 2017 年度内：每年度的费用在本年度内分期拨付"]}
    drive.complete(case, "record_management_fee", form.fee_plan(500, 500, fee - 1000), owner=campaign.FINANCE)
    assert not {"record_management_fee", "disburse_fee_instalment"} & set(county_specs(drive, case))


def test_the_archive_list_is_refused_while_a_row_is_blank(drive, case):
    until_streams(drive, case)
    item = drive.by_county(case, "sort_archives")[CODE]
    errors = refused(drive, case, None, form.archive_list(), item=item)
    assert errors == {"": ["还有 2 人的档案卷数未填写：陈静、杨磊。请在档案移交清单中填写后再提交"]}


def test_archives_returned_for_two_named_people_are_supplemented_and_accepted(drive, case):
    until_streams(drive, case)
    chen, yang = drive.people(case, CODE)
    drive.fill_archives(case, CODE, volumes=2)
    drive.complete_item(drive.by_county(case, "sort_archives")[CODE], form.archive_list())
    assert {s[1] for s in statuses(drive, case).values()} == {"sent"}
    returned = {
        "complete": False,
        "returned": [
            {"id_number": chen.id_number, "reason": "缺少退休审批表"},
            {"id_number": yang.id_number, "reason": "缺少工资审批表"},
        ],
    }
    drive.complete(case, "check_archives", returned, owner=ARCHIVES)
    assert {p.name: (p.archive_status, p.archive_note) for p in drive.people(case, CODE)} == {
        "陈静": ("returned", "缺少退休审批表"),
        "杨磊": ("returned", "缺少工资审批表"),
    }
    supplement = drive.by_county(case, "supplement_archives")[CODE]
    errors = refused(drive, case, None, form.archives_supplemented(chen.id_number), item=supplement)
    assert errors == {"supplemented": ["还有 1 名退回人员未填写补充情况：杨磊"]}
    both = {"supplemented": [{"id_number": p.id_number, "action": "已补充"} for p in (chen, yang)]}
    drive.complete_item(supplement, both)
    drive.complete(case, "check_archives", form.archives_complete(), owner=ARCHIVES)
    errors = refused(drive, case, "issue_archive_receipt", form.archive_receipt(2, 2), ARCHIVES)
    assert errors == {"volumes": ["填写的接收卷数 2 卷与登记库的 4 卷不符"]}
    drive.complete(case, "issue_archive_receipt", form.archive_receipt(2, 4), owner=ARCHIVES)
    assert {s[1] for s in statuses(drive, case).values()} == {"accepted"}
    drive.complete(case, "store_archives", form.archives_stored(), owner=ARCHIVES)


def test_an_archive_the_department_accepts_as_an_exception_is_final_with_its_reason(drive, case):
    until_streams(drive, case)
    chen, yang = drive.people(case, CODE)
    drive.fill_archives(case, CODE)
    drive.complete_item(drive.by_county(case, "sort_archives")[CODE], form.archive_list())
    exception = {
        "complete": True,
        "exceptions": [{"id_number": yang.id_number, "reason": "原件毁于火灾，已附说明"}],
    }
    drive.complete(case, "check_archives", exception, owner=ARCHIVES)
    drive.complete(case, "issue_archive_receipt", form.archive_receipt(2), owner=ARCHIVES)
    assert {p.name: p.archive_status for p in drive.people(case, CODE)} == {
        "陈静": "accepted",
        "杨磊": "excepted",
    }


def test_county_steps_are_refused_to_another_county(drive, case):
    from engine import NotYourTask

    draft(drive, case)
    sign = drive.item(case, "sign_specific_agreement", COUNTY)
    with pytest.raises(NotYourTask), drive.tx() as session:
        drive.engine.claim(session, sign.id, drive.officials.of(county_org("410105")))


def test_a_county_task_shows_its_holder_only_what_it_needs(drive, case):
    """Data minimisation: declared per task, never the whole case data (no directory, no other
    counties, no roster) — and no person at all."""
    draft(drive, case)
    item = drive.item(case, "sign_specific_agreement", COUNTY)
    with drive.tx() as session:
        shown = drive.engine.task_view(session, item.id, drive.officials.of(COUNTY)).data
    assert set(shown) == {
        "parties", "enterprise", "milestones", "county", "staff_due", "fee_annual",
        "draft_specific_agreement", "sign_specific_agreement",
    } - {"sign_specific_agreement"}  # fmt: skip
    assert "counties" not in shown and "directory" not in shown
    numbers = [p.id_number for p in drive.people(case, CODE)]
    assert not any(n in repr(shown) for n in numbers)


def test_fewer_staff_than_the_county_s_share_are_refused_unless_both_sides_say_why(drive, case):
    """Seed 五(四)2: "按每300名退休人员配备1名管理服务人员的比例，接收原企业的退休管理机构工作人员。
    具体人员由企业和当地政府协商确定" — the programme's 9 people call for one staff member, and
    金水区 (4 of them) is due it: fewer is refused with the figure, or agreed with a reason."""
    jinshui = drive.by_county(case, "draft_specific_agreement")["410105"]
    assert drive.item_data(jinshui)["staff_due"] == 1
    errors = refused(drive, case, None, form.specific_draft(4, 0), item=jinshui)
    assert errors == {
        "staff_to_hand_over": [
            "填写的移交管理服务人员数 0 人少于应移交的1人（按企业移交的退休人员总数每300名配备1名，"
            "分配到本县）；如双方协商一致少于此数，请写明原因"
        ]
    }
    agreed = form.specific_draft(4, 0) | {"staff_shortfall_reason": "原退休管理机构仅余1人，留企业安置"}
    drive.complete_item(jinshui, agreed)


def test_more_staff_than_the_share_may_be_agreed(drive, case):
    drive.complete_item(drive.by_county(case, "draft_specific_agreement")[CODE], form.specific_draft(2, 3))


def test_staff_handed_over_are_as_many_as_agreed_unless_both_sides_say_why(drive, case):
    until_streams(drive, case)  # the agreement names one staff member
    item = drive.by_county(case, "hand_over_management_staff")[CODE]
    errors = refused(drive, case, None, form.staff(), item=item)
    assert errors == {
        "staff": [
            "移交人员名单 0 人，少于具体移交协议约定的 1 人；"
            "如双方协商一致少于此数，请在“少于协议人数的原因”中写明"
        ]
    }
    drive.complete_item(item, form.staff() | {"shortfall_reason": "该人员已退休"})
