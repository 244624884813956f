"""The people of a hand-over step, read from the registry (人员名单): the registry is the one source
of truth for people, the workflow refers to them by programme case and county code.

A county's people are the registry rows linked to the programme case (``instance_id``, set when
the enterprise registers its roster in it) going to that county (``destination_code``) that are
handed over at all (not ``excluded``). A community's are those of them the county assigned to it
(``community_org``). Every list a step shows, every count a step checks and every move a step
makes starts from these WHERE clauses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.orm import Session

from engine.directory.organisations import Organisation
from engine.policy import divisions
from engine.policy.rules import management_fee
from engine.registry.retirees import HANDED_OVER, Retiree

T = TypeVar("T", str, int)
#: how many names a message lists before "等 N 人"
NAMED_IN_MESSAGES = 10
#: SQLite and PostgreSQL both cap the parameters of a statement; longer lists go in batches
BATCH = 1000


def batches(values: Iterable[T]) -> Iterator[list[T]]:
    """The distinct ``values``, sorted, in lists short enough for one ``IN (…)`` each."""
    ordered = sorted(set(values))
    for start in range(0, len(ordered), BATCH):
        yield ordered[start : start + BATCH]


@dataclass(frozen=True)
class CountyScope:
    """One county hand-over of one programme case."""

    programme: int
    county: str

    def where(self) -> list[ColumnElement[bool]]:
        return [
            Retiree.instance_id == self.programme,
            Retiree.destination_code == self.county,
            Retiree.excluded.is_(False),
        ]

    def people(self) -> Select:
        return select(Retiree).where(*self.where()).order_by(Retiree.id)


def county_scope(programme: int, task_data: dict[str, Any]) -> CountyScope | None:
    """The county hand-over a task belongs to (None outside one)."""
    county = task_data.get("county")
    code = county.get("code") if isinstance(county, dict) else None
    return CountyScope(programme, code) if isinstance(code, str) else None


def count(session: Session, *where: ColumnElement[bool]) -> int:
    return session.scalar(select(func.count()).select_from(Retiree).where(*where)) or 0


def names(session: Session, *where: ColumnElement[bool]) -> str:
    """``王建国、李秀英 等 12 人`` — who matches, for a message (the first few by registry order)."""
    total = count(session, *where)
    first = list(
        session.scalars(select(Retiree.name).where(*where).order_by(Retiree.id).limit(NAMED_IN_MESSAGES))
    )
    listed = "、".join(first)
    return listed if total <= len(first) else f"{listed} 等 {total} 人"


def hukou_differs() -> ColumnElement[bool]:
    """户籍与常住地不一致: hukou and residence are different Henan counties (``hukou_moves``)."""
    return and_(
        Retiree.hukou_code != Retiree.residence_code,
        func.substr(Retiree.hukou_code, 1, 2) == divisions.HENAN,
        func.substr(Retiree.residence_code, 1, 2) == divisions.HENAN,
    )


def under_interim() -> ColumnElement[bool]:
    """过渡期管理: managed for a period by the enterprise's retiree office or the social insurance
    agency (``interim``), until a community receives them."""
    return and_(Retiree.interim_manager_org.is_not(None), Retiree.status.not_in(HANDED_OVER))


def unassigned() -> ColumnElement[bool]:
    """Placed nowhere yet: no community, not under interim management, not received."""
    return and_(
        Retiree.community_org.is_(None),
        Retiree.interim_manager_org.is_(None),
        Retiree.status.not_in(HANDED_OVER),
    )


@dataclass(frozen=True)
class CountyFigures:
    """What a county hand-over's forms show and check, counted from the registry at the step."""

    retirees: int
    party_members: int
    unassigned: int
    received: int
    archives_listed: int
    archives_accepted: int
    archive_volumes: int
    #: 户籍迁移: hukou and residence differ, of them wanting the move, and moved (``hukou_moves``)
    hukou_differ: int = 0
    hukou_move_wanted: int = 0
    hukou_moved: int = 0
    #: 过渡期管理: people under interim management and the earliest end of it
    interim: int = 0
    interim_until: date | None = None

    @property
    def fee_annual(self) -> int:
        return management_fee(self.retirees, 12)

    def as_data(self) -> dict[str, Any]:
        return {
            "retirees": self.retirees,
            "party_members": self.party_members,
            "unassigned": self.unassigned,
            "received": self.received,
            "archives_listed": self.archives_listed,
            "archives_accepted": self.archives_accepted,
            "archive_volumes": self.archive_volumes,
            "fee_annual": self.fee_annual,
            "hukou_differ": self.hukou_differ,
            "hukou_move_wanted": self.hukou_move_wanted,
            "hukou_moved": self.hukou_moved,
            "interim": self.interim,
            "interim_until": self.interim_until.isoformat() if self.interim_until else None,
        }


def figures(session: Session, scope: CountyScope) -> CountyFigures:
    """One query over the county's people."""
    settled = Retiree.archive_status.in_(("accepted", "excepted"))
    differs = hukou_differs()
    counted = [
        Retiree.party_member.is_(True),
        unassigned(),
        Retiree.status.in_(HANDED_OVER),
        Retiree.archive_volumes.is_not(None),
        settled,
    ]
    hukou = [
        differs,
        and_(differs, Retiree.hukou_move_intention == "wants"),
        and_(differs, Retiree.hukou_move_outcome == "moved"),
    ]
    row = session.execute(
        select(
            func.count(),
            *(func.sum(case((where, 1), else_=0)) for where in counted),
            func.sum(func.coalesce(Retiree.archive_volumes, 0)),
            *(func.sum(case((where, 1), else_=0)) for where in hukou),
            func.sum(case((under_interim(), 1), else_=0)),
            func.min(case((under_interim(), Retiree.interim_until), else_=None)),
        ).where(*scope.where())
    ).one()
    *counts, earliest = row
    return CountyFigures(*(int(value or 0) for value in counts), interim_until=as_date(earliest))


def as_date(value: Any) -> date | None:
    """A date the database returns from an aggregate (SQLite gives its text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


# -- communities ----------------------------------------------------------------------------------


def communities_of(session: Session, county: str) -> list[Organisation]:
    """The streets/communities (街道、社区) of a county, by name: the allocation's choices."""
    return list(
        session.scalars(
            select(Organisation)
            .where(
                Organisation.kind == "community",
                Organisation.division_code == county,
                Organisation.active.is_(True),
            )
            .order_by(Organisation.name)
        )
    )


def allocations(session: Session, scope: CountyScope) -> list[dict[str, Any]]:
    """One reception per community with people assigned and not yet received (this round)."""
    rows = session.execute(
        select(Retiree.community_org, func.count())
        .where(
            *scope.where(),
            Retiree.community_org.is_not(None),
            Retiree.status.not_in(HANDED_OVER),
        )
        .group_by(Retiree.community_org)
        .order_by(Retiree.community_org)
    ).all()
    named = dict(
        session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.id.in_([r[0] for r in rows]))
        )
        .tuples()
        .all()
    )
    return [
        {"community_org": org, "community": named.get(org, org), "retiree_count": number}
        for org, number in rows
    ]


# -- the roster of a programme, tallied by destination --------------------------------------------


def tally(session: Session, programme: int, enterprise: str) -> dict[str, Any]:
    """The programme's registered people counted by receiving county (``group_tallies`` input):
    per destination its people, party members, out-of-province hukou and one name to quote."""
    linked = [Retiree.instance_id == programme, Retiree.enterprise_org == enterprise]
    out_of_province = case((func.substr(Retiree.hukou_code, 1, 2) != divisions.HENAN, 1), else_=0)
    rows = session.execute(
        select(
            Retiree.destination_code,
            func.count(),
            func.sum(case((Retiree.party_member.is_(True), 1), else_=0)),
            func.sum(out_of_province),
            func.min(Retiree.name),
        )
        .where(*linked, Retiree.excluded.is_(False))
        .group_by(Retiree.destination_code)
        .order_by(Retiree.destination_code)
    ).all()
    excluded = session.execute(
        select(Retiree.category, func.count())
        .where(*linked, Retiree.excluded.is_(True))
        .group_by(Retiree.category)
    ).all()
    imports = session.scalars(
        select(Retiree.roster_import_id).where(*linked, Retiree.roster_import_id.is_not(None)).distinct()
    )
    return {
        "imports": sorted(imports),
        "destinations": [
            {
                "code": code,
                "retiree_count": int(people),
                "party_member_count": int(members or 0),
                "out_of_province_hukou": int(outside or 0),
                "example": example,
            }
            for code, people, members, outside, example in rows
        ],
        "excluded": {category: int(number) for category, number in excluded},
    }


def id_numbers_in(session: Session, scope: CountyScope, numbers: Iterable[str], *where) -> set[str]:
    """Which of ``numbers`` are the county's people (and match ``where``)."""
    found: set[str] = set()
    for batch in batches(n for n in numbers if isinstance(n, str)):
        found.update(
            session.scalars(
                select(Retiree.id_number).where(*scope.where(), *where, Retiree.id_number.in_(batch))
            )
        )
    return found
