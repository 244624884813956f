"""Amounts in Chinese uppercase (大写金额), as contracts and vouchers write them.

The rules of 《支付结算办法》 (中国人民银行): 壹贰叁… with 拾佰仟万亿; "壹拾" is written out; one
零 stands for a run of zeros between digits; an amount in whole yuan ends with 整, one with 角 or
分 does not (1.05 → 壹元零伍分, 0.5 → 伍角).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")  # within a group of four digits
GROUPS = ("", "万", "亿")  # groups of four digits
LIMIT = Decimal(10) ** 12  # 万亿 and above are not written


def uppercase(amount: int | str | Decimal | float) -> str:
    """``12000`` → ``壹万贰仟元整``; ``1234567.89`` → ``壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分``."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value < 0 or value >= LIMIT:
        raise ValueError(f"amount out of range for 大写: {amount!r}")
    yuan = int(value)
    cents = int((value - yuan) * 100)
    jiao, fen = divmod(cents, 10)
    if cents == 0:
        return f"{_integer(yuan) if yuan else '零'}元整"
    text = f"{_integer(yuan)}元" if yuan else ""
    if jiao:
        text += DIGITS[jiao] + "角"
    elif yuan:
        text += "零"  # 壹元零伍分
    if fen:
        text += DIGITS[fen] + "分"
    return text


def _integer(number: int) -> str:
    """The digits of a positive whole number with their places; one 零 per run of zeros."""
    digits = str(number)
    text, zero_pending = "", False
    for index, character in enumerate(digits):
        position = len(digits) - 1 - index
        place, group = position % 4, position // 4
        if character == "0":
            zero_pending = True
        else:
            if zero_pending:
                text += "零"
                zero_pending = False
            text += DIGITS[int(character)] + PLACES[place]
        if place == 0 and group and int(digits[max(index - 3, 0) : index + 1]):
            text += GROUPS[group]
    return text


def figures(amount: int | str | Decimal) -> str:
    """Yuan in figures with thousands separators: ``12000`` → ``12,000``; cents only if any."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
