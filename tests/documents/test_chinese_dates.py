"""Dates as documents write them: 2017年4月30日, no leading zeros, the Beijing date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from webapp.documents.chinese_dates import chinese_date


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("2017-04-30", "2017年4月30日"),
        ("2017-04-02", "2017年4月2日"),
        (date(2017, 12, 1), "2017年12月1日"),
        (datetime(2017, 3, 31, 16, 30, tzinfo=UTC), "2017年4月1日"),  # already April 1st in Beijing
        ("2017-06-30T23:59:59+08:00", "2017年6月30日"),
    ],
)
def test_dates_are_written_without_leading_zeros(value, written):
    assert chinese_date(value) == written


def test_no_date_leaves_room_to_write_one_by_hand():
    assert chinese_date(None) == "　　年　　月　　日"
