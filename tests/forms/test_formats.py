"""The formats are enforced with their Chinese messages: ID numbers, division codes, dates, phones."""

from __future__ import annotations

from datetime import date

import pytest

import forms
from engine.policy.resident_id import make

from .helpers import MAN, WOMAN, retiree, validate


def roster_errors(**changes) -> dict[str, list[str]]:
    """The errors of a one-row roster of the retiree_rows test form, its row changed by ``changes``."""
    return validate("retiree_rows", {"roster": [retiree(**changes)]})


def test_a_valid_resident_id_passes():
    assert roster_errors(id_number=MAN, sex="男", birth_date="1955-03-12") == {}
    assert roster_errors(id_number=WOMAN, sex="女", birth_date="1962-07-01") == {}


@pytest.mark.parametrize(
    ("id_number", "message"),
    [
        (MAN[:17] + ("1" if MAN[17] != "1" else "2"), "身份证号校验码错误"),
        (MAN[:17], "身份证号应为18位"),
        ("410105195502300000", "身份证号中的出生日期无效"),
        ("41010519550312013x", "身份证号前17位应为数字，末位为数字或大写X"),
    ],
    ids=["bad checksum", "17 digits", "bad date", "lowercase x"],
)
def test_a_bad_resident_id_is_refused_with_its_problem(id_number, message):
    assert roster_errors(id_number=id_number)["roster.0.id_number"] == [message]


def test_an_id_ending_in_upper_case_x_passes():
    number = next(
        n for n in (make("410105", date(1960, 1, 1), s) for s in range(1, 999, 2)) if n.endswith("X")
    )
    assert roster_errors(id_number=number, birth_date="1960-01-01") == {}


@pytest.mark.parametrize(
    "code",
    ["410105", "410100", "419001", "110101"],
    ids=["Henan county", "Henan prefecture", "directly administered", "other province"],
)
def test_a_known_division_code_passes(code):
    assert roster_errors(hukou_code=code) == {}


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("419999", "未知的行政区划代码"),
        ("990000", "未知的行政区划代码"),
        ("41010", "行政区划代码应为6位数字"),
    ],
)
def test_an_unknown_division_code_is_refused(code, message):
    assert roster_errors(residence_code=code) == {"roster.0.residence_code": [message]}


@pytest.mark.parametrize(("code", "problem"), [("410105", None), ("419001", None)])
def test_henan_county_accepts_county_level_codes(code, problem):
    assert forms.problem("henan_county", code) is problem


@pytest.mark.parametrize("code", ["410100", "110101", "419999", "abc"])
def test_henan_county_refuses_prefectures_other_provinces_and_unknown_codes(code):
    assert forms.problem("henan_county", code)


def test_henan_county_is_enforced_as_a_schema_format():
    assert forms.FORMAT_CHECKER.conforms("410105", "henan_county")
    assert not forms.FORMAT_CHECKER.conforms("410100", "henan_county")


@pytest.mark.parametrize(
    "phone", ["13812345678", "19900001111", "0371-63912345", "010-12345678", "0371-6391234-802"]
)
def test_a_mobile_or_fixed_line_number_passes(phone):
    assert roster_errors(phone=phone) == {}


@pytest.mark.parametrize(
    "phone", ["12812345678", "1381234567", "63912345", "0371 63912345", "+8613812345678"]
)
def test_other_phone_numbers_are_refused(phone):
    assert roster_errors(phone=phone) == {
        "roster.0.phone": ["电话号码应为11位手机号，或带区号的固定电话（如 0371-12345678）"]
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2017-02-30", "不是有效的日期"),
        ("2017-2-3", "日期应为 YYYY-MM-DD 格式"),
        ("2017-03-01T00:00", "日期应为 YYYY-MM-DD 格式"),
    ],
)
def test_a_date_must_be_a_real_yyyy_mm_dd_day(value, message):
    assert forms.validate("store_archives", {"storage_location": "一号库", "stored_on": value}) == {
        "stored_on": [message]
    }


def test_a_leap_day_passes():
    assert forms.validate("store_archives", {"storage_location": "一号库", "stored_on": "2016-02-29"}) == {}
