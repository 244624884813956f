"""The value formats of the domain — 身份证号, 区划代码, 日期, 电话 — each as a function giving the
Chinese problem with a text, or None when it has the format. Roster rows are checked with them
here, and ``forms.formats`` registers the same functions for JSON Schema's ``"format"``."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from engine.policy import divisions, resident_id

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_FIXED_LINE = re.compile(r"0[0-9]{2,3}-[0-9]{7,8}(-[0-9]{1,6})?")  # area code, number, extension


def date_problem(value: str) -> str | None:
    """YYYY-MM-DD and a day that exists (2017-02-30 does not)."""
    if not _DATE.fullmatch(value):
        return "日期应为 YYYY-MM-DD 格式"
    try:
        date.fromisoformat(value)
    except ValueError:
        return "不是有效的日期"
    return None


def phone_problem(value: str) -> str | None:
    """An 11-digit mobile number, or a fixed line with its area code (0371-12345678)."""
    if _MOBILE.fullmatch(value) or _FIXED_LINE.fullmatch(value):
        return None
    return "电话号码应为11位手机号，或带区号的固定电话（如 0371-12345678）"


def division_code_problem(value: str) -> str | None:
    """A GB/T 2260 code we know: any Henan division in our table, or a code of another province."""
    if not divisions.is_code(value):
        return "行政区划代码应为6位数字"
    if not divisions.is_known(value):
        return "未知的行政区划代码"
    return None


def henan_county_problem(value: str) -> str | None:
    """A Henan county-level code: a county, county-level city or district, not a prefecture."""
    if not divisions.is_code(value):
        return "行政区划代码应为6位数字"
    if not divisions.is_henan_county(value):
        return "应为河南省县级行政区划代码（县、县级市、市辖区）"
    return None


#: format name → the problem of a string value, or None when it has that format
PROBLEMS: dict[str, Callable[[str], str | None]] = {
    "resident_id": resident_id.problem,
    "division_code": division_code_problem,
    "henan_county": henan_county_problem,
    "date": date_problem,
    "phone": phone_problem,
}


def problem(format_name: str, value: str) -> str | None:
    """What is wrong with ``value`` as a ``format_name`` (for spreadsheets and other non-form input)."""
    return PROBLEMS[format_name](value)
