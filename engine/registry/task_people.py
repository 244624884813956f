"""The people a task shows its holder (本环节人员名单), read from the registry for that task.

Each procedure declares per task which list it shows (``procedures.Step.people``):
- ``county``: the county hand-over's people (agreement, verification, party, staff, fee steps);
- ``allocation``: the same, with each one's community, to assign them (分解落实);
- ``reception``: the people allocated to the task's community and not yet received;
- ``interim``: the county's people under interim management (过渡期管理), to allocate them to
  communities when it ends (or extend it);
- ``party_members``: the county's people who are party members (党组织关系);
- ``archive_list``: the archive transfer list, one row per person, as the enterprise fills it in;
- ``archives``: the same list as the archive department checks and receives it;
- ``returned_archives``: the people whose archives were returned, with the reasons.

Lists are filtered and paginated in SQL; nobody outside the task's organisation gets a list, and
ID numbers and phones are shown in full only to those the registry allows (``access``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, cast, func, or_, select
from sqlalchemy.orm import Session

from engine import procedures
from engine.database import contains
from engine.registry import handover
from engine.registry.retirees import Retiree

KINDS = (
    "county",
    "allocation",
    "reception",
    "interim",
    "party_members",
    "archive_list",
    "archives",
    "returned_archives",
)
PER_PAGE = 50
MAX_PER_PAGE = 500


@dataclass(frozen=True)
class PeopleFilter:
    """What the holder narrows the list to (all optional)."""

    #: part of a name or ID number
    q: str = ""
    residence_code: str = ""
    #: part of the 常住地址
    address: str = ""
    special_status: str = ""
    #: "unassigned" (placed nowhere yet), "interim" (under interim management), or a community
    #: organisation id
    community: str = ""
    #: archive rows: "blank" (not filled in), "returned"
    archive: str = ""
    #: "differs": hukou and residence are different Henan counties (户籍与常住地不一致)
    hukou: str = ""

    def where(self) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if self.q.strip():
            text = self.q.strip()
            where.append(or_(contains(Retiree.name, text), contains(Retiree.id_number, text)))
        if self.residence_code.strip():
            where.append(Retiree.residence_code == self.residence_code.strip())
        if self.address.strip():
            where.append(contains(Retiree.address, self.address.strip()))
        if self.special_status.strip():
            # the JSON list as stored (json.dumps: "\u9ad8\u9f84"), matched as text on both databases
            stored = json.dumps(self.special_status.strip())
            stored = stored.replace("!", "!!").replace("%", "!%").replace("_", "!_")
            where.append(cast(Retiree.special_status, String).like(f"%{stored}%", escape="!"))
        if self.hukou == "differs":
            where.append(handover.hukou_differs())
        return where + self._progress()

    def _progress(self) -> list[ColumnElement[bool]]:
        """How far the person has come: placed in a community or not, their archive row."""
        where: list[ColumnElement[bool]] = []
        if self.community == "unassigned":
            where.append(handover.unassigned())
        elif self.community == "interim":
            where.append(and_(handover.under_interim(), Retiree.community_org.is_(None)))
        elif self.community:
            where.append(Retiree.community_org == self.community)
        if self.archive == "blank":
            where.append(Retiree.archive_volumes.is_(None))
        elif self.archive == "returned":
            where.append(Retiree.archive_status == "returned")
        return where


@dataclass(frozen=True)
class TaskPeople:
    """The list one task shows: its kind, its county, (for a reception) its community, and the
    enterprise handing them over (whose retiree office may manage them for a period)."""

    kind: str
    scope: handover.CountyScope
    community: str | None = None
    enterprise: str | None = None

    def where(self) -> list[ColumnElement[bool]]:
        return [*self.scope.where(), *self.narrowing()]

    def narrowing(self) -> list[ColumnElement[bool]]:
        """Who of the county's people the list holds (none: all of them)."""
        if self.kind == "reception":
            return [Retiree.community_org == self.community, Retiree.status == "allocated"]
        if self.kind == "interim":
            return [handover.under_interim()]
        if self.kind == "party_members":
            return [Retiree.party_member.is_(True)]
        if self.kind == "returned_archives":
            return [Retiree.archive_status == "returned"]
        return []

    def query(self, filters: PeopleFilter | None = None) -> Select:
        return (
            select(Retiree)
            .where(*self.where(), *(filters or PeopleFilter()).where())
            .order_by(Retiree.residence_code, Retiree.address, Retiree.id)
        )

    def total(self, session: Session, filters: PeopleFilter | None = None) -> int:
        return handover.count(session, *self.where(), *(filters or PeopleFilter()).where())


@dataclass
class PeoplePage:
    rows: list[Retiree]
    total: int
    page: int
    per_page: int
    #: the whole list's total before the filters, and the allocation's sums by community
    unfiltered: int = 0
    by_community: list[dict[str, Any]] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def page_of(
    session: Session, people: TaskPeople, filters: PeopleFilter, page: int = 1, per_page: int = PER_PAGE
) -> PeoplePage:
    per_page = min(max(per_page, 1), MAX_PER_PAGE)
    page = max(page, 1)
    total = people.total(session, filters)
    unfiltered = total if filters == PeopleFilter() else people.total(session)
    rows = list(session.scalars(people.query(filters).limit(per_page).offset((page - 1) * per_page)))
    by_community = community_sums(session, people) if people.kind in ("allocation", "interim") else []
    return PeoplePage(rows, total, page, per_page, unfiltered, by_community)


def community_sums(session: Session, people: TaskPeople) -> list[dict[str, Any]]:
    """The allocation table summing itself: people per community (received or not yet), those
    under interim management without a community yet (when there are any), and those still
    unassigned (a received person always has a community)."""
    interim = Retiree.interim_manager_org.is_not(None)  # no bound parameters: PostgreSQL groups by it
    rows = session.execute(
        select(Retiree.community_org, interim, func.count())
        .where(*people.scope.where())
        .group_by(Retiree.community_org, interim)
    ).all()
    communities = {org.id: org.name for org in handover.communities_of(session, people.scope.county)}
    counts: dict[str, int] = {}
    for org, _interim, n in rows:
        if org is not None:
            counts[org] = counts.get(org, 0) + n
    sums = [
        {"community_org": org, "community": communities.get(org, org), "retiree_count": n}
        for org, n in counts.items()
    ]
    sums.sort(key=lambda s: s["community"])
    waiting = sum(n for org, flag, n in rows if org is None and flag)
    if waiting:
        interim_row = {"community_org": None, "community": "过渡期管理", "retiree_count": waiting}
        sums.append({**interim_row, "interim": True})
    unassigned = sum(n for org, flag, n in rows if org is None and not flag)
    return [*sums, {"community_org": None, "community": "未分解", "retiree_count": unassigned}]


def people_of(view) -> TaskPeople | None:
    """The list a task (``engine.workflow.case_view.TaskView``) shows, None for a task without one."""
    kind = procedures.step(view.process_id, view.item.spec_id).people
    scope = handover.county_scope(view.case.id, view.data)
    if kind is None or scope is None:
        return None
    community = view.item.owner_org if kind == "reception" else None
    return TaskPeople(kind, scope, community, view.case.parties.get("enterprise"))
