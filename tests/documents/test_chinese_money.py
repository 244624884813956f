"""大写金额: amounts as contracts write them (壹万贰仟元整), and in figures with separators."""

from __future__ import annotations

from decimal import Decimal

import pytest

from webapp.documents.chinese_money import figures, uppercase


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        (0, "零元整"),
        (1, "壹元整"),
        (10, "壹拾元整"),
        (11, "壹拾壹元整"),
        (100, "壹佰元整"),
        (101, "壹佰零壹元整"),
        (1000, "壹仟元整"),
        (1001, "壹仟零壹元整"),
        (1010, "壹仟零壹拾元整"),
        (10000, "壹万元整"),
        (100010, "壹拾万零壹拾元整"),
        (101000, "壹拾万零壹仟元整"),
        (12000, "壹万贰仟元整"),
        (300000, "叁拾万元整"),
        ("1234567.89", "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
        (100000000, "壹亿元整"),
        (100010000, "壹亿零壹万元整"),
        (Decimal("1.05"), "壹元零伍分"),
        ("10.50", "壹拾元伍角"),
        ("0.5", "伍角"),
        ("0.05", "伍分"),
    ],
)
def test_an_amount_is_written_in_uppercase(amount, written):
    assert uppercase(amount) == written


@pytest.mark.parametrize("amount", [-1, 10**12])
def test_amounts_outside_what_contracts_write_are_refused(amount):
    with pytest.raises(ValueError):
        uppercase(amount)


@pytest.mark.parametrize(
    ("amount", "written"), [(0, "0"), (4000, "4,000"), (12000, "12,000"), ("1234567.89", "1,234,567.89")]
)
def test_figures_have_thousands_separators_and_cents_only_when_there_are_any(amount, written):
    assert figures(amount) == written
