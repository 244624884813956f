"""A small 2017 campaign for driving the real procedures: organisations, officials, a roster."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from engine import Actor
from engine.policy import resident_id as ids

MILESTONES = {"M1": "2017-03-31", "M2": "2017-04-30", "M3": "2017-05-31", "M4": "2017-06-30"}

ENTERPRISE = "org-ent-pingmei"
SUPERVISOR = "org-office-henan"
FINANCE = "org-finance-henan"
ENTERPRISE_INFO = {
    "name": "中国平煤神马能源化工集团",
    "location_code": "410402",
    "devolved_from_centre": True,
    "industry": "煤炭",
}

#: receiving counties of the roster below: 金水区, 中原区 (郑州市), 新华区 (平顶山市)
COUNTIES = ("410105", "410102", "410402")
PREFECTURES = ("410100", "410400")


def county_org(code: str) -> str:
    return f"org-gov-{code}"


def archive_org(code: str) -> str:
    return f"org-archive-{code}"


def prefecture_org(code: str) -> str:
    return f"org-gov-{code}"


def directory(counties=COUNTIES, prefectures=PREFECTURES) -> dict:
    entries: dict = {code: {"prefecture_government": prefecture_org(code)} for code in prefectures}
    for code in counties:  # a directly-administered county is both
        entries.setdefault(code, {}).update(
            receiving_government=county_org(code),
            archive_department=archive_org(code),
            finance_bureau=FINANCE,
        )
    return entries


def retiree(
    name: str,
    hukou: str,
    residence: str,
    n: int,
    category: str = "普通退休人员",
    sex: str = "男",
    party_member: bool = False,
) -> dict:
    born = date(1950, 1, 1 + n % 27)
    sequence = (2 * n + 1) if sex == "男" else (2 * n + 2)
    number = ids.make(hukou if hukou.startswith("41") else "110105", born, sequence % 1000)
    return {
        "name": name,
        "sex": sex,
        "id_number": number,
        "birth_date": born.isoformat(),
        "retirement_date": "2010-02-01",
        "hukou_code": hukou,
        "residence_code": residence,
        "category": category,
        "party_member": party_member,
        "special_status": [],
    }


def roster() -> list[dict]:
    """11 people: 9 handed over (金水区 4, 中原区 2, 新华区 3), 1 离休干部, 1 省管干部."""
    return [
        retiree("王建国", "410105", "410105", 1, party_member=True),
        retiree("李秀英", "410105", "410105", 2, sex="女"),
        retiree("张伟", "410105", "410105", 3),
        retiree("刘洋", "410102", "410105", 4),  # hukou 中原区, lives in 金水区 → 金水区
        retiree("陈静", "410102", "410102", 5, sex="女", party_member=True),
        retiree("杨磊", "410102", "410102", 6),
        retiree("赵敏", "410402", "410402", 7, sex="女"),
        retiree("黄强", "410402", "410402", 8),
        retiree("周杰", "110105", "410105", 9),  # Beijing hukou → the enterprise's 新华区
        retiree("吴老", "410105", "410105", 10, category="离休干部"),
        retiree("郑干部", "410102", "410102", 11, category="省管干部"),
    ]


@dataclass
class Officials:
    """One official per organisation, made on demand (``officials.of("org-…")``)."""

    made: dict[str, Actor] = field(default_factory=dict)

    def of(self, organisation: str, roles: frozenset[str] = frozenset({"official"})) -> Actor:
        if organisation not in self.made:
            self.made[organisation] = Actor(f"user@{organisation}", organisation, roles)
        return self.made[organisation]
