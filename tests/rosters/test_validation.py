"""One row checked: each kind of mistake gives its column and reason; good values are parsed."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from engine.registry.rosters import check_row
from engine.registry.rosters.validation import ID_AS_NUMBER

from .conftest import person

TODAY = date(2017, 4, 2)


def check(row: dict, location: str | None = "410402"):
    values = {header: (value if value != "" else None) for header, value in row.items()}
    return check_row(values, today=TODAY, enterprise_location=location)


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"身份证号": "41010519500102003"}, [("身份证号", "身份证号应为18位")]),
        ({"身份证号": "41010519501302003X"}, [("身份证号", "身份证号中的出生日期无效")]),
        ({"身份证号": 410105195001020000}, [("身份证号", ID_AS_NUMBER)]),
        ({"身份证号": 4.10105195001020e17}, [("身份证号", ID_AS_NUMBER)]),
        ({"身份证号": "4.10105E+17"}, [("身份证号", ID_AS_NUMBER)]),
        ({"性别": "M"}, [("性别", "性别应填 男 或 女")]),
        ({"出生日期": "1950.01.02"}, [("出生日期", "日期应为 YYYY-MM-DD 格式（如 1950-01-31）")]),
        ({"出生日期": "1950-02-30"}, [("出生日期", "不是有效的日期")]),
        ({"退休日期": "1949-12-31"}, [("退休日期", "退休日期不能早于1950年，请核对")]),
        ({"退休日期": "2017-04-03"}, [("退休日期", "退休日期不能晚于今天（2017-04-02）")]),
        ({"退休日期": "1990-01-01"}, [("退休日期", "退休时未满40周岁，请核对退休日期和出生日期")]),
        ({"户籍地区划代码": "41010"}, [("户籍地区划代码", "行政区划代码应为6位数字")]),
        ({"常住地区划代码": "990101"}, [("常住地区划代码", "未知的行政区划代码")]),
        ({"党员": "Y"}, [("党员", "党员应填 是 或 否（不是党员也可以不填）")]),
        (
            {"联系电话": "3712345678"},
            [("联系电话", "电话号码应为11位手机号，或带区号的固定电话（如 0371-12345678）")],
        ),
        ({"姓名": "张" * 51}, [("姓名", "姓名不能超过50个字")]),
        (
            {"姓名": "", "人员类别": "", "户籍地区划代码": ""},
            [
                ("姓名", "必填项，不能为空"),
                ("户籍地区划代码", "必填项，不能为空"),
                ("人员类别", "必填项，不能为空"),
            ],
        ),
    ],
)
def test_each_mistake_is_reported_with_its_column(changes, problems):
    assert check(person(1) | changes) == (None, problems)


def test_a_row_with_several_mistakes_lists_them_in_column_order():
    row = person(1) | {"联系电话": "1", "性别": "女", "出生日期": "1950-01-03", "特殊情况": "孤寡"}
    assert [column for column, _reason in check(row)[1]] == ["性别", "出生日期", "特殊情况", "联系电话"]


def test_excel_values_are_understood():
    row = person(1) | {
        "出生日期": datetime(1950, 1, 2),
        "退休日期": "2010/2/1",
        "户籍地区划代码": 410105,
        "常住地区划代码": 410105.0,
        "党员": True,
        "特殊情况": "高龄，残疾; 重病 高龄",
        "联系电话": 13812345678.0,
        "身份证号": person(1)["身份证号"].lower(),
    }
    record, problems = check(row)
    assert problems == []
    assert (record["birth_date"], record["retirement_date"]) == (date(1950, 1, 2), date(2010, 2, 1))
    assert (record["hukou_code"], record["residence_code"], record["phone"]) == (
        "410105",
        "410105",
        "13812345678",
    )
    assert (record["party_member"], record["special_status"]) == (True, ["高龄", "残疾", "重病"])


def test_optional_cells_may_be_empty():
    record, problems = check(person(1) | {"党员": "", "特殊情况": "", "联系电话": ""})
    assert problems == []
    assert (record["party_member"], record["special_status"], record["phone"]) == (False, [], None)


def test_excluded_cadres_may_live_anywhere():
    row = person(1) | {"人员类别": "离休干部", "户籍地区划代码": "110105", "常住地区划代码": "110105"}
    record, problems = check(row)
    assert problems == []
    assert (record["destination_code"], record["excluded"]) == (None, True)


def test_an_outside_hukou_needs_the_enterprise_location():
    row = person(1) | {"户籍地区划代码": "110105"}
    assert check(row)[0]["destination_code"] == "410402"
    assert check(row, location=None)[1] == [
        ("户籍地区划代码", "省外户籍人员移交企业所在地，但本单位没有登记所在地区划代码，请联系管理员")
    ]
