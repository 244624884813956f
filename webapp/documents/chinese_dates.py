"""Dates as official documents write them: 2017年4月30日, no leading zeros, Beijing time."""

from __future__ import annotations

from datetime import date, datetime

from engine.workflow.deadlines import CHINA_TZ


def as_date(value: date | datetime | str) -> date:
    """A date from a date, an aware datetime (its Beijing date) or ISO text."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        return value.astimezone(CHINA_TZ).date() if value.tzinfo else value.date()
    return value


def chinese_date(value: date | datetime | str | None) -> str:
    """``2017-04-30`` → ``2017年4月30日``; nothing → a blank for writing the date by hand."""
    if value is None or value == "":
        return "　　年　　月　　日"
    day = as_date(value)
    return f"{day.year}年{day.month}月{day.day}日"
