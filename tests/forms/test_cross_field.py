"""Checks across fields: sex and birth date against the ID number, unique ID numbers, conditions."""

from __future__ import annotations

import forms

from .helpers import MAN, WOMAN, retiree, validate


def test_sex_that_contradicts_the_id_number_is_refused():
    errors = validate("retiree_rows", {"roster": [retiree(sex="女")]})
    assert errors == {"roster.0.sex": ["性别与身份证号不符"]}


def test_birth_date_that_contradicts_the_id_number_is_refused():
    errors = validate("retiree_rows", {"roster": [retiree(birth_date="1955-03-21")]})
    assert errors == {"roster.0.birth_date": ["出生日期与身份证号不符"]}


def test_no_consistency_is_claimed_against_an_invalid_id_number():
    errors = validate("retiree_rows", {"roster": [retiree(id_number=MAN[:17], sex="女")]})
    assert errors == {"roster.0.id_number": ["身份证号应为18位"]}


def test_duplicate_id_numbers_name_the_other_rows_counted_from_one():
    woman = retiree(name="李秀兰", sex="女", id_number=WOMAN, birth_date="1962-07-01")
    errors = validate("retiree_rows", {"roster": [retiree(), woman, retiree(name="张建国（重复）")]})
    assert errors == {
        "roster.0.id_number": ["身份证号重复（第 3 行）"],
        "roster.2.id_number": ["身份证号重复（第 1 行）"],
    }


def test_duplicates_are_found_in_every_list_that_declares_them():
    row = {"name": "赵敏", "id_number": MAN, "position": "退管干事", "previous_monthly_salary": 4200}
    errors = forms.validate("hand_over_staff", {"staff": [row, row, row]})
    assert errors["staff.1.id_number"] == ["身份证号重复（第 1、3 行）"]


def test_approval_without_signer_requires_signer_and_date():
    errors = forms.validate("agreement_review", {"approved": True})
    assert errors == {"signed_by": ["审核通过时必填"], "signed_on": ["审核通过时必填"]}


def test_approval_with_an_empty_signer_is_refused():
    errors = forms.validate(
        "agreement_review", {"approved": True, "signed_by": "", "signed_on": "2017-03-25"}
    )
    assert errors == {"signed_by": ["审核通过时不能为空"]}


def test_sending_back_requires_reasons():
    assert forms.validate("agreement_review", {"approved": False}) == {"reasons": ["退回时必填"]}
    assert forms.validate("agreement_review", {"approved": False, "reasons": "协议未写明时间节点。"}) == {}


def test_incorrect_data_requires_at_least_one_correction():
    assert forms.validate("verify_retiree_data", {"all_correct": False}) == {
        "corrections": ["信息有误时必填"]
    }
    errors = forms.validate("verify_retiree_data", {"all_correct": False, "corrections": []})
    assert errors == {"corrections": ["信息有误时至少填写 1 项"]}
    assert forms.validate("verify_retiree_data", {"all_correct": True}) == {}


def test_all_correct_data_cannot_come_with_corrections():
    correction = {"id_number": MAN, "field": "常住地址", "issue": "已迁居。", "proposed": "经八路 1 号"}
    errors = forms.validate("verify_retiree_data", {"all_correct": True, "corrections": [correction]})
    assert errors == {"corrections": ["信息全部无误时不能填写"]}


def test_merging_requires_the_community_merged_into():
    data = {"arrangement": "merged", "households": 800, "setting": "town"}
    assert forms.validate("decide_community_arrangement", data) == {"merged_into": ["并入其他社区时必填"]}
    standalone = {**data, "arrangement": "standalone"}
    assert forms.validate("decide_community_arrangement", {**standalone, "households": 1500}) == {}


def test_a_standalone_community_outside_the_size_requires_a_reason():
    """Issue 14 (8): 城市1000–3000户, 城镇(县城)1000–2000户 (seed 三(二))."""
    data = {"arrangement": "standalone", "households": 800, "setting": "town"}
    assert forms.validate("decide_community_arrangement", data) == {
        "size_exception_reason": ["城镇（县城）社区户数不在1000至2000户而单独设立时必填"]
    }
    reasoned = {**data, "size_exception_reason": "独立工矿区"}
    assert forms.validate("decide_community_arrangement", reasoned) == {}


def test_accepting_staff_requires_the_local_salary_and_refusing_requires_reasons():
    assert forms.validate("receive_staff", {"accepted": True}) == {"local_monthly_salary": ["同意接收时必填"]}
    assert forms.validate("receive_staff", {"accepted": False}) == {"reasons": ["不接收时必填"]}


def test_receiving_assets_requires_the_date_and_refusing_requires_reasons():
    assert forms.validate("receive_assets", {"accepted": True}) == {"received_on": ["同意接收时必填"]}
    assert forms.validate("receive_assets", {"accepted": False}) == {"reasons": ["不接收时必填"]}


def test_incomplete_archives_require_the_returned_files():
    assert forms.validate("check_archives", {"complete": False}) == {"returned": ["档案不齐全时必填"]}


def test_complete_archives_return_nothing_but_may_list_exceptions():
    row = {"id_number": WOMAN, "reason": "招工表原单位遗失，无法补齐"}
    assert forms.validate("check_archives", {"complete": True, "returned": [row]}) == {
        "returned": ["档案齐全时不能填写"]
    }
    assert forms.validate("check_archives", {"complete": True, "exceptions": [row]}) == {}


def test_receiving_not_everyone_requires_the_people_not_received_and_everyone_forbids_them():
    done = {"info_database_built": True, "ledger_built": True, "contact_cards_issued": True}
    data = {**done, "service_phone": "0371-65551234", "all_received": False}
    row = {"id_number": MAN, "reason": "查无此人"}
    assert forms.validate("receive_retirees", data) == {"not_received": ["未全部接收时必填"]}
    assert forms.validate("receive_retirees", {**data, "not_received": [row]}) == {}
    assert forms.validate("receive_retirees", {**data, "all_received": True, "not_received": [row]}) == {
        "not_received": ["全部接收时不能填写"]
    }


def test_refusing_a_lookup_requires_reasons():
    assert forms.validate("review_lookup_request", {"approved": False}) == {"reasons": ["不同意时必填"]}
    assert forms.validate("review_lookup_request", {"approved": True}) == {}
