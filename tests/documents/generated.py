"""A county with any number of generated retirees, as the grouped roster holds it (for the large
register test and the benchmark): valid ID numbers, short names, one line per register row."""

from __future__ import annotations

from datetime import date, timedelta

from engine.policy import resident_id

SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN_NAMES = ("建国", "秀英", "伟", "洋", "静", "磊", "敏", "强", "杰", "桂兰")


def retiree(number: int) -> dict:
    born = date(1940, 1, 1) + timedelta(days=number // 1000)
    sex = "男" if number % 2 else "女"
    return {
        "name": SURNAMES[number % 10] + GIVEN_NAMES[(number // 10) % 10],
        "sex": sex,
        "id_number": resident_id.make("410105", born, number % 1000),
        "birth_date": born.isoformat(),
        "retirement_date": (born + timedelta(days=55 * 365)).isoformat(),
        "hukou_code": "410105",
        "residence_code": "410105" if number % 7 else "410102",
        "party_member": number % 3 == 0,
        "special_status": ["高龄"] if number % 11 == 0 else [],
    }


def county_data(retirees: int) -> dict:
    """The case data of 金水区's hand-over with ``retirees`` people, allocated to one community."""
    people = [retiree(n) for n in range(retirees)]
    return {
        "enterprise": {"name": "中国平煤神马能源化工集团", "location_code": "410402"},
        "milestones": {"M2": "2017-04-30"},
        "county": {
            "code": "410105",
            "name": "郑州市金水区",
            "prefecture_code": "410100",
            "parties": {},
            "retirees": people,
            "retiree_count": len(people),
            "party_member_count": sum(p["party_member"] for p in people),
        },
        "allocate_to_communities": {"allocations": [{"street": "花园路街道", "community": "农科路社区"}]},
        "draft_specific_agreement": {"signed_on": "2017-04-20"},
    }
