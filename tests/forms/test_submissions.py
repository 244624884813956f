"""Every form (and test-only form) accepts its good fixture and refuses its bad one on exactly the
expected fields."""

from __future__ import annotations

import re

import pytest

import forms

from .helpers import TEST_FORMS, fixture, validate

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("key", [*forms.keys(), *TEST_FORMS])
def test_good_submission_has_no_errors(key):
    assert validate(key, fixture(f"{key}.good.json")) == {}


@pytest.mark.parametrize("key", [*forms.keys(), *TEST_FORMS])
def test_bad_submission_is_refused_on_the_expected_fields(key):
    bad = fixture(f"{key}.bad.json")
    assert sorted(validate(key, bad["data"])) == sorted(bad["errors"])


@pytest.mark.parametrize("key", [*forms.keys(), *TEST_FORMS])
def test_bad_submission_is_explained_in_chinese(key):
    errors = validate(key, fixture(f"{key}.bad.json")["data"])
    assert all(CJK.search(message) for messages in errors.values() for message in messages)


def test_missing_field_is_reported_on_its_own_path_as_required():
    assert forms.validate(
        "survey_retirees", {"total_retirees": 1, "out_of_province": 0, "archives_sorted": True}
    ) == {"in_province": ["必填"]}


def test_unknown_field_is_refused_on_the_object_that_has_it():
    data = {**fixture("establish_community.good.json"), "comunity_name": "矿区社区"}
    assert forms.validate("establish_community", data) == {"": ["不应有字段：comunity_name"]}


def test_data_that_is_not_an_object_is_refused_for_the_whole_form():
    assert forms.validate("acknowledge", ["received"]) == {"": ["须为对象"]}


@pytest.mark.parametrize(
    ("key", "data", "path", "message"),
    [
        ("survey_retirees", {"total_retirees": -1}, "total_retirees", "不能小于 0"),
        ("survey_retirees", {"total_retirees": "3"}, "total_retirees", "须为整数"),
        ("survey_retirees", {"archives_sorted": "是"}, "archives_sorted", "须为是或否"),
        ("store_archives", {"storage_location": ""}, "storage_location", "不能为空"),
        ("store_archives", {"storage_location": "库" * 101}, "storage_location", "不能超过 100 个字"),
        ("acknowledge", {"received": False}, "received", "须确认"),
        ("hand_over_assets", {"assets": []}, "assets", "至少填写 1 项"),
        (
            "decide_community_arrangement",
            {"setting": "village"},
            "setting",
            "须为以下之一：城市、城镇（县城）",
        ),
        ("retiree_rows", {"roster": [{"sex": "M"}]}, "roster.0.sex", "须为以下之一：男、女"),
        (
            "retiree_rows",
            {"roster": [{"special_status": ["高龄", "高龄"]}]},
            "roster.0.special_status",
            "不能有重复项",
        ),
        ("disburse_fee_instalment", {"paid_on": "2017-6-1"}, "paid_on", "日期应为 YYYY-MM-DD 格式"),
    ],
)
def test_each_kind_of_error_has_its_chinese_message(key, data, path, message):
    assert message in validate(key, data)[path]


def test_errors_come_in_the_order_of_the_form():
    data = {"roster": [{"phone": "1"}, {"sex": "M"}]}
    paths = list(validate("retiree_rows", data))
    assert paths.index("roster.0.name") < paths.index("roster.0.phone") < paths.index("roster.1.name")
    assert paths.index("roster.1.sex") < paths.index("roster.1.id_number")
