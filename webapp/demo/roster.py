"""A generated roster (登记造册) for the demo: valid ID numbers, Henan addresses, the usual mix.

Deterministic for a given seed, so the demo and its tests see the same people every time.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from engine.policy import resident_id

# -- the roster (登记表) -----------------------------------------------------------------------

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
MEN = "建国 国强 志刚 伟 军 勇 建华 振华 德明 保国 卫东 长生 新民 庆丰".split()
WOMEN = "秀英 桂英 秀兰 玉兰 桂兰 凤英 淑珍 素梅 丽华 玉梅 红梅 爱华 秀珍".split()
#: where the retirees live: 金水区 half, 中原区 three in ten, 西工区 the rest
COUNTY_WEIGHTS = {"410105": 5, "410102": 3, "410303": 2}
#: Henan hukou counties of people who live elsewhere (二七区, 管城区, 中牟县, 老城区, 涧西区, 魏都区, …)
OTHER_HUKOU = ("410103", "410104", "410122", "410302", "410305", "410311", "411002", "410702", "410102")
OUT_OF_PROVINCE = ("110105", "130102")  # 北京市朝阳区, 石家庄市长安区
SPECIAL_STATUSES = ("特困", "鳏寡", "重病", "残疾")
AREA_CODES = {"4101": "0371", "4103": "0379"}
#: receiving county → its two communities (街道 and 社区): the demo's addresses, and its organisations
COMMUNITIES = {
    "410105": ("经八路街道花园路社区", "文化路街道农科路社区"),
    "410102": ("林山寨街道百花社区", "桐柏路街道桐柏社区"),
    "410303": ("王城路街道王城社区", "凯旋东路街道凯旋社区"),
}


def generate_roster(count: int = 300, seed: int = 2017) -> list[dict[str, Any]]:
    """``count`` retirees of the demo enterprise, the same every time; valid ``register_roster`` rows.

    About one in ten lives away from their hukou county; rows 42, 192, … have a hukou outside
    Henan; every 50th from row 17 is a 离休干部 or 省管干部, who are not handed over.
    """
    rng = random.Random(seed)
    seen: set[str] = set()
    return [_retiree(rng, index, seen) for index in range(count)]


def _retiree(rng: random.Random, index: int, seen: set[str]) -> dict[str, Any]:
    category = _category(index)
    male = rng.random() < 0.55
    born = _birth_date(rng, category, male)
    hukou, residence = _places(rng, index)
    row = {
        "name": rng.choice(SURNAMES) + rng.choice(MEN if male else WOMEN),
        "sex": "男" if male else "女",
        "id_number": _id_number(rng, hukou, born, male, seen),
        "birth_date": born.isoformat(),
        "retirement_date": _retirement_date(rng, born, male, category).isoformat(),
        "hukou_code": hukou,
        "residence_code": residence,
        "category": category,
        "party_member": category == "离休干部" or rng.random() < 0.3,
        "special_status": _special_statuses(rng, born),
    }
    if rng.random() < 0.85:
        row["phone"] = _phone(rng, residence)
    address = _address(index, residence)
    if address:
        row["address"] = address
    return row


def _address(index: int, residence: str) -> str | None:
    """常住地址 in one of the county's two communities (its own random stream, so adding it left
    every other field of the roster as it was)."""
    communities = COMMUNITIES.get(residence)
    if not communities:
        return None
    rng = random.Random(f"address-{index}")
    community = communities[0] if rng.random() < 0.6 else communities[1]
    building, unit, floor, door = rng.randint(1, 30), rng.randint(1, 4), rng.randint(1, 6), rng.randint(1, 4)
    return f"{community}{building}号楼{unit}单元{floor}0{door}室"


def _category(index: int) -> str:
    if index % 50 != 17:
        return "普通退休人员"
    return "离休干部" if index // 50 % 2 == 0 else "省管干部"


def _birth_date(rng: random.Random, category: str, male: bool) -> date:
    """离休干部 joined the revolution before 1949, so they are born before 1934; men born after
    1955 would not have reached 60 by 2017."""
    first, last = (1926, 1933) if category == "离休干部" else (1940, 1955 if male else 1962)
    return date(rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28))


def _retirement_date(rng: random.Random, born: date, male: bool, category: str) -> date:
    """The first of the month after the retirement birthday: men at 60 (55 underground in the
    mines), women at 50 (55 for cadres born by 1960)."""
    if male:
        age = 55 if category == "普通退休人员" and rng.random() < 0.2 else 60
    else:
        age = 55 if (category != "普通退休人员" or rng.random() < 0.25) and born.year <= 1960 else 50
    return date(born.year + age + born.month // 12, born.month % 12 + 1, 1)


def _places(rng: random.Random, index: int) -> tuple[str, str]:
    """(hukou, residence): outside Henan for rows 42, 192, …; else mostly the same county."""
    if index % 150 == 42:
        outside = OUT_OF_PROVINCE[index // 150 % 2]
        return outside, outside  # goes to the enterprise's county wherever they live
    residence = rng.choices(list(COUNTY_WEIGHTS), weights=list(COUNTY_WEIGHTS.values()))[0]
    hukou = rng.choice(OTHER_HUKOU) if rng.random() < 0.1 else residence
    return hukou, residence


def _id_number(rng: random.Random, address: str, born: date, male: bool, seen: set[str]) -> str:
    sequence = rng.randrange(500) * 2 + male
    number = resident_id.make(address, born, sequence)
    while number in seen:
        sequence = (sequence + 2) % 1000
        number = resident_id.make(address, born, sequence)
    seen.add(number)
    return number


def _special_statuses(rng: random.Random, born: date) -> list[str]:
    statuses = ["高龄"] if born.year < 1937 else []
    if rng.random() < 0.08:
        statuses.append(rng.choice(SPECIAL_STATUSES))
    return statuses


def _phone(rng: random.Random, residence: str) -> str:
    if rng.random() < 0.3:
        return f"{AREA_CODES.get(residence[:4], '0371')}-6{rng.randrange(10**6, 10**7)}"
    return f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"


# -- the cases ---------------------------------------------------------------------------------
