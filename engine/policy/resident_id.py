"""居民身份证号码 (GB 11643-1999): checksum, birth date and sex of an 18-digit ID number."""

from __future__ import annotations

import re
from datetime import date

#: 17 ASCII digits and a digit or X: ``str.isdigit`` would also take full-width and superscript digits
_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
#: full-width digits and Ｘ, as Chinese input methods type them, and their ASCII
_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789XX")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARACTERS = "10X98765432"


def check_character(first17: str) -> str:
    """The 18th character for the first 17 digits."""
    return _CHECK_CHARACTERS[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def problem(id_number: object) -> str | None:
    """What is wrong with an ID number, in Chinese, or None when it is valid.

    The address prefix is not looked up: retirees' IDs carry abolished county codes.
    """
    if not isinstance(id_number, str) or len(id_number) != 18:
        return "身份证号应为18位"
    if not _SHAPE.fullmatch(id_number):
        if id_number != normalised(id_number):
            return "身份证号应使用半角数字和大写X（不要用全角字符）"
        return "身份证号前17位应为数字，末位为数字或大写X"
    if birth_date(id_number) is None:
        return "身份证号中的出生日期无效"
    if check_character(id_number[:17]) != id_number[17]:
        return "身份证号校验码错误"
    return None


def normalised(text: str) -> str:
    """Full-width digits and Ｘ as ASCII (an ID number typed with a Chinese input method)."""
    return text.translate(_FULL_WIDTH)


def is_valid(id_number: object) -> bool:
    return problem(id_number) is None


def birth_date(id_number: str) -> date | None:
    """The birth date the number carries (digits 7–14), or None if it is no date."""
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def sex(id_number: str) -> str:
    """男 for an odd sequence digit (the 17th), 女 for an even one."""
    return "男" if int(id_number[16]) % 2 else "女"


def make(address: str, born: date, sequence: int) -> str:
    """A valid number from its parts (demo data and tests): sequence 0–999, odd for men."""
    first17 = f"{address}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
