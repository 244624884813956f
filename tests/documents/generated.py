"""Any number of generated retirees for 金水区, as a roster registers them (for the large register
test and the benchmark): valid ID numbers, short names, and addresses, phones and places that fit
their register columns, so that each person is one line of the register."""

from __future__ import annotations

from datetime import date, timedelta

from engine.policy import resident_id

SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN_NAMES = ("建国", "秀英", "伟", "洋", "静", "磊", "敏", "强", "杰", "桂兰")
ROADS = ("花园路", "农科路", "经三路", "纬五路", "丰产路")


def retiree(number: int) -> dict:
    """Person ``number``: every seventh has a 中原区 hukou but lives in 金水区 (and goes there)."""
    born = date(1940, 1, 1) + timedelta(days=number // 1000)
    return {
        "name": SURNAMES[number % 10] + GIVEN_NAMES[(number // 10) % 10],
        "sex": "男" if number % 2 else "女",
        "id_number": resident_id.make("410105", born, number % 1000),
        "birth_date": born.isoformat(),
        "retirement_date": (born + timedelta(days=55 * 365)).isoformat(),
        "hukou_code": "410102" if number % 7 == 0 else "410105",
        "residence_code": "410105",
        "category": "普通退休人员",
        "party_member": number % 3 == 0,
        "special_status": ["高龄"] if number % 11 == 0 else [],
        "address": f"{ROADS[number % 5]}{number % 97 + 1}号{number % 9 + 1}楼",
        "phone": f"138{number:08d}",
    }


def roster(retirees: int, first: int = 0) -> list[dict]:
    """``retirees`` people numbered from ``first`` (other numbers, other people)."""
    return [retiree(n) for n in range(first, first + retirees)]
