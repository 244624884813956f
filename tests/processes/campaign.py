"""A small 2017 campaign for driving the real procedures: organisations, officials, a roster."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from engine import Actor
from engine.directory.organisations import Organisation
from engine.policy import resident_id as ids
from engine.registry.enrolment import enrol
from engine.registry.retirees import Retiree

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


def community_org(code: str, second: bool = False) -> str:
    """Each receiving county has two communities: ``org-community-<code>`` and ``…-b``."""
    return f"org-community-{code}" + ("-b" if second else "")


def organisations(counties=COUNTIES) -> list[dict]:
    """The organisation rows the registry needs: the enterprise (people belong to it) and each
    county's two communities (the allocation picks among them)."""
    rows = [dict(id=ENTERPRISE, name=ENTERPRISE_INFO["name"], kind="enterprise", division_code="410402")]
    for code in counties:
        for n, second in ((1, False), (2, True)):
            rows.append(
                dict(
                    id=community_org(code, second),
                    name=f"{code}第{n}社区",
                    kind="community",
                    division_code=code,
                )
            )
    return rows


def register(session, people=None, counties=COUNTIES, enterprise=ENTERPRISE, now=None) -> None:
    """The organisations (those missing) and ``people`` (the roster below by default) registered."""
    from datetime import datetime

    from engine.workflow.deadlines import CHINA_TZ

    existing = set(session.scalars(select(Organisation.id)))
    for row in organisations(counties):
        if row["id"] not in existing:
            session.add(Organisation(**row))
    session.flush()
    when = now or datetime(2017, 3, 1, 9, 0, tzinfo=CHINA_TZ)
    known = set(session.scalars(select(Retiree.id_number)))  # registered already (by a fixture)
    fresh = [p for p in (people if people is not None else roster()) if p["id_number"] not in known]
    enrol(session, enterprise, ENTERPRISE_INFO["location_code"], fresh, when)


def county_org(code: str) -> str:
    return f"org-gov-{code}"


def archive_org(code: str) -> str:
    return f"org-archive-{code}"


def party_org(code: str) -> str:
    """The county's 组织部门, which receives the party relations of its retired party members."""
    return f"org-party-{code}"


def prefecture_org(code: str) -> str:
    return f"org-gov-{code}"


def directory(counties=COUNTIES, prefectures=PREFECTURES) -> dict:
    entries: dict = {code: {"prefecture_government": prefecture_org(code)} for code in prefectures}
    for code in counties:  # a directly-administered county is both
        entries.setdefault(code, {}).update(
            receiving_government=county_org(code),
            archive_department=archive_org(code),
            finance_bureau=FINANCE,
            organisation_department=party_org(code),
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


def roster(offset: int = 0) -> list[dict]:
    """11 people: 9 handed over (金水区 4, 中原区 2, 新华区 3), 1 离休干部, 1 省管干部; another
    ``offset`` gives the same people with other ID numbers (a second programme's roster)."""
    return [
        retiree("王建国", "410105", "410105", 1 + offset, party_member=True),
        retiree("李秀英", "410105", "410105", 2 + offset, sex="女"),
        retiree("张伟", "410105", "410105", 3 + offset),
        retiree("刘洋", "410102", "410105", 4 + offset),  # hukou 中原区, lives in 金水区 → 金水区
        retiree("陈静", "410102", "410102", 5 + offset, sex="女", party_member=True),
        retiree("杨磊", "410102", "410102", 6 + offset),
        retiree("赵敏", "410402", "410402", 7 + offset, sex="女"),
        retiree("黄强", "410402", "410402", 8 + offset),
        retiree("周杰", "110105", "410105", 9 + offset),  # Beijing hukou → the enterprise's 新华区
        retiree("吴老", "410105", "410105", 10 + offset, category="离休干部"),
        retiree("郑干部", "410102", "410102", 11 + offset, category="省管干部"),
    ]


@dataclass
class Officials:
    """One official per organisation, made on demand (``officials.of("org-…")``)."""

    made: dict[str, Actor] = field(default_factory=dict)

    def of(self, organisation: str, roles: frozenset[str] = frozenset({"official"})) -> Actor:
        if organisation not in self.made:
            self.made[organisation] = Actor(f"user@{organisation}", organisation, roles)
        return self.made[organisation]
