"""Checking one roster row (登记表的一行): every problem as ``(column, Chinese reason)``, or the
retiree's record for the registry with where they are handed over (``rules.destination_of``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import Any

from engine.policy import divisions, formats, resident_id, rules
from engine.registry.rosters.columns import HEADERS, ID_NUMBER

SPECIAL_STATUSES = ("特困", "高龄", "鳏寡", "重病", "残疾")
EARLIEST_RETIREMENT = date(1950, 1, 1)
#: nobody retires before 40: a younger "retiree" is a typing mistake in one of the two dates
YOUNGEST_RETIREMENT_AGE = 40
NAME_LENGTH = 50  # the registry's column
ADDRESS_LENGTH = 200  # the registry's column

Problem = tuple[str, str]

_SEPARATORS = re.compile(r"[、，,;；\s]+")
_DATE_TEXT = re.compile(r"([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})")
#: what Excel writes for a long number it has already rounded: 4.10105E+17
_EXCEL_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?[eE]\+?[0-9]+")
ID_AS_NUMBER = (
    "身份证号被存成了数字，Excel 只保留15位有效数字，后几位已经丢失：请把该列设为“文本”格式后重新填写身份证号"
)


class _Invalid(ValueError):
    """A cell's value that is wrong; the message is the reason officials read."""


def check_row(
    values: Mapping[str, Any], *, today: date, enterprise_location: str | None
) -> tuple[dict | None, list[Problem]]:
    """The row's record (registry columns, destination included) and no problems, or None and
    every problem found. ``enterprise_location`` receives people whose hukou is outside Henan."""
    fields, problems = _parse(values)
    problems += _agreement_with_id(fields)
    problems += _retirement_problems(fields, today)
    problems += _province_problems(fields, enterprise_location)
    if problems:
        return None, sorted(problems, key=lambda problem: HEADERS.index(problem[0]))
    return _record(fields, enterprise_location), []


def id_number_of(value: Any) -> str | None:
    """The valid ID number a ``身份证号`` cell holds, else None (duplicates are counted by it)."""
    try:
        return _id_number(value) if value is not None else None
    except _Invalid:
        return None


# -- one cell at a time ------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell's value as text: whole numbers without ".0", dates as YYYY-MM-DD, TRUE as 是."""
    if isinstance(value, bool):  # TRUE/FALSE typed into Excel
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):  # Excel's dates are datetimes at midnight
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _name(value: Any) -> str:
    text = cell_text(value)
    if len(text) > NAME_LENGTH:
        raise _Invalid(f"姓名不能超过{NAME_LENGTH}个字")
    return text


def _one_of(choices: tuple[str, ...], reason: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = cell_text(value)
        if text not in choices:
            raise _Invalid(reason)
        return text

    return parse


def _id_number(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise _Invalid(ID_AS_NUMBER)
    text = resident_id.normalised(cell_text(value)).upper()
    if _EXCEL_NUMBER.fullmatch(text):
        raise _Invalid(ID_AS_NUMBER)
    problem = resident_id.problem(text)
    if problem:
        raise _Invalid(problem)
    return text


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE_TEXT.fullmatch(value) if isinstance(value, str) else None
    if not match:
        raise _Invalid("日期应为 YYYY-MM-DD 格式（如 1950-01-31）")
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise _Invalid("不是有效的日期") from None


def _formatted(format_name: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = cell_text(value)
        problem = formats.problem(format_name, text)
        if problem:
            raise _Invalid(problem)
        return text

    return parse


def _party_member(value: Any) -> bool:
    text = cell_text(value)
    if text not in ("是", "否"):
        raise _Invalid("党员应填 是 或 否（不是党员也可以不填）")
    return text == "是"


def _special_status(value: Any) -> list[str]:
    found: list[str] = []
    for part in _SEPARATORS.split(cell_text(value)):
        if part and part not in SPECIAL_STATUSES:
            raise _Invalid(f"无法识别“{part}”：特殊情况只能填 {'、'.join(SPECIAL_STATUSES)}，多项用“、”分隔")
        if part and part not in found:
            found.append(part)
    return found


def _address(value: Any) -> str | None:
    text = cell_text(value)
    if len(text) > ADDRESS_LENGTH:
        raise _Invalid(f"常住地址不能超过{ADDRESS_LENGTH}字")
    return text or None


_CATEGORY_REASON = "人员类别应为 " + "、".join(rules.CATEGORIES) + " 之一"
#: header → (record key, parser), in template order
_FIELDS: tuple[tuple[str, str, Callable[[Any], Any]], ...] = (
    ("姓名", "name", _name),
    ("性别", "sex", _one_of(("男", "女"), "性别应填 男 或 女")),
    (ID_NUMBER, "id_number", _id_number),
    ("出生日期", "birth_date", _date),
    ("退休日期", "retirement_date", _date),
    ("户籍地区划代码", "hukou_code", _formatted("division_code")),
    ("常住地区划代码", "residence_code", _formatted("division_code")),
    ("人员类别", "category", _one_of(rules.CATEGORIES, _CATEGORY_REASON)),
    ("党员", "party_member", _party_member),
    ("特殊情况", "special_status", _special_status),
    ("联系电话", "phone", _formatted("phone")),
    ("常住地址", "address", _address),
)
#: what an empty optional cell means; every other column is required
_EMPTY: dict[str, Callable[[], Any]] = {
    "party_member": lambda: False,
    "special_status": list,
    "phone": lambda: None,
    "address": lambda: None,
}
HEADER_OF = {key: header for header, key, _parse_value in _FIELDS}


def field_value(key: str, value: Any) -> Any:
    """One registry column's value from what was typed, checked as a roster cell is (an optional
    column left empty gives its empty value); ``ValueError`` with the Chinese reason otherwise.
    Information changes after the hand-over (``engine.aftercare.changes``) use it."""
    parse = next(parse for _header, column, parse in _FIELDS if column == key)
    if (value is None or cell_text(value) == "") and key in _EMPTY:
        return _EMPTY[key]()
    if value is None:
        raise _Invalid("必填项，不能为空")
    return parse(value)


def _parse(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    fields: dict[str, Any] = {}
    problems: list[Problem] = []
    for header, key, parse in _FIELDS:
        value = values.get(header)
        if value is None:
            if key in _EMPTY:
                fields[key] = _EMPTY[key]()
            else:
                problems.append((header, "必填项，不能为空"))
            continue
        try:
            fields[key] = parse(value)
        except _Invalid as invalid:
            problems.append((header, str(invalid)))
    return fields, problems


# -- between cells -----------------------------------------------------------------------------


def _agreement_with_id(fields: dict[str, Any]) -> list[Problem]:
    """性别 and 出生日期 must say what the ID number says."""
    number = fields.get("id_number")
    if number is None:
        return []
    problems = []
    expected_sex = resident_id.sex(number)
    if fields.get("sex") not in (None, expected_sex):
        problems.append(("性别", f"性别与身份证号不符（身份证号第17位表明为{expected_sex}性）"))
    born = resident_id.birth_date(number)
    if fields.get("birth_date") not in (None, born):
        problems.append(("出生日期", f"出生日期与身份证号不符（身份证号中为 {born.isoformat()}）"))
    return problems


def _retirement_problems(fields: dict[str, Any], today: date) -> list[Problem]:
    retired = fields.get("retirement_date")
    if retired is None:
        return []
    born = fields.get("birth_date") or (
        resident_id.birth_date(fields["id_number"]) if "id_number" in fields else None
    )
    if retired < EARLIEST_RETIREMENT:
        reason = "退休日期不能早于1950年，请核对"
    elif retired > today:
        reason = f"退休日期不能晚于今天（{today.isoformat()}）"
    elif born is not None and retired < _years_after(born, YOUNGEST_RETIREMENT_AGE):
        reason = f"退休时未满{YOUNGEST_RETIREMENT_AGE}周岁，请核对退休日期和出生日期"
    else:
        return []
    return [("退休日期", reason)]


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


def _province_problems(fields: dict[str, Any], enterprise_location: str | None) -> list[Problem]:
    """省外户籍的退休人员移交到企业所在地 (seed 一(二)2), wherever they live: the enterprise's
    location must be known for them."""
    hukou = fields.get("hukou_code")
    if hukou is None or fields.get("category") in (None, *rules.EXCLUDED_CATEGORIES):
        return []
    if hukou.startswith(divisions.HENAN):
        return []
    if not enterprise_location:
        return [
            ("户籍地区划代码", "省外户籍人员移交企业所在地，但本单位没有登记所在地区划代码，请联系管理员")
        ]
    return []


def _record(fields: dict[str, Any], enterprise_location: str | None) -> dict[str, Any]:
    destination = rules.destination_of(fields, enterprise_location or "")
    return {
        **fields,
        "destination_code": destination["code"],
        "destination_reason": destination["reason"],
        "excluded": destination["excluded"],
    }
