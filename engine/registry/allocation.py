"""分解落实 — the county assigns each of its people to one of its streets/communities, while its
allocation task is open: chosen people, everyone a filter finds, or an uploaded table of
身份证号 → 社区. A community is one of the county's community organisations, named; a person
already received cannot be moved. Assigning clears a community's earlier return of the person.

A person placed under interim management (``interim``) and then assigned to a community stays
with the interim manager until the community receives them, once the county has submitted the
placement (they are ``allocated``); before that, the county is still choosing and the community
replaces the interim.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, update
from sqlalchemy.orm import Session

from engine.errors import InvalidTaskData
from engine.registry import handover
from engine.registry.retirees import HANDED_OVER, Retiree
from engine.registry.rosters.validation import id_number_of
from engine.registry.task_people import PeopleFilter, TaskPeople


@dataclass(frozen=True)
class Assignment:
    """What one assignment did: how many people it assigned, to which community."""

    community_org: str
    community: str
    assigned: int


def community_named(session: Session, county: str, community: str) -> tuple[str, str]:
    """The county's community organisation given by id or by exact name → (id, name)."""
    for organisation in handover.communities_of(session, county):
        if community in (organisation.id, organisation.name):
            return organisation.id, organisation.name
    raise InvalidTaskData({"community_org": [f"“{community}”不是本县（市、区）的街道（乡镇）、社区"]})


def assign(
    session: Session,
    people: TaskPeople,
    community: str,
    now: datetime,
    *,
    retiree_ids: Iterable[int] | None = None,
    filters: PeopleFilter | None = None,
) -> Assignment:
    """Assign the chosen people (by registry id), or everyone ``filters`` finds, to ``community``."""
    org, name = community_named(session, people.scope.county, community)
    assigned = sum(_assign_where(session, people, org, now, where) for where in chosen(retiree_ids, filters))
    return Assignment(org, name, assigned)


def chosen(
    retiree_ids: Iterable[int] | None, filters: PeopleFilter | None
) -> list[list[ColumnElement[bool]]]:
    """The WHERE clauses (one per batch) of the people picked by id, or found by ``filters``."""
    if retiree_ids is not None:
        ids = sorted({i for i in retiree_ids if isinstance(i, int) and not isinstance(i, bool)})
        if not ids:
            raise InvalidTaskData({"retirees": ["请选择要分解的人员"]})
        return [[Retiree.id.in_(batch)] for batch in handover.batches(ids)]
    if filters is not None:
        return [filters.where()]
    raise InvalidTaskData({"retirees": ["请选择要分解的人员，或按筛选条件分解"]})


def update_placement(
    session: Session, people: TaskPeople, now: datetime, where: list[ColumnElement[bool]], **values
) -> int:
    """Place the list's people matching ``where`` who are not received yet: one UPDATE."""
    result = session.execute(
        update(Retiree)
        .where(*people.where(), Retiree.status.not_in(HANDED_OVER), *where)
        .values(**values, returned_reason=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def _assign_where(
    session: Session, people: TaskPeople, org: str, now: datetime, where: list[ColumnElement[bool]]
) -> int:
    submitted = Retiree.status == "allocated"  # an interim placement the county has submitted
    return update_placement(
        session, people, now, where,
        community_org=org,
        interim_manager_org=case((submitted, Retiree.interim_manager_org), else_=None),
        interim_until=case((submitted, Retiree.interim_until), else_=None),
    )  # fmt: skip


def assign_table(
    session: Session, people: TaskPeople, rows: Iterable[tuple[int, dict[str, Any]]], now
) -> int:
    """An uploaded allocation table: (row number, {"身份证号", "社区"}) each; every row is
    checked first and any problem (row, column, reason) refuses the whole table."""
    county = people.scope.county
    communities = {o.name: o.id for o in handover.communities_of(session, county)}
    communities.update({o.id: o.id for o in handover.communities_of(session, county)})
    problems: dict[str, list[str]] = {}
    by_community: dict[str, list[str]] = {}
    wanted: dict[str, int] = {}
    for number, values in rows:
        id_number = id_number_of(values.get("身份证号"))
        community = str(values.get("社区") or "").strip()
        if id_number is None:
            problems[f"row {number}.身份证号"] = [f"第{number}行：身份证号无效"]
            continue
        if community not in communities:
            problems[f"row {number}.社区"] = [
                f"第{number}行：“{community}”不是本县（市、区）的街道（乡镇）、社区"
            ]
            continue
        wanted[id_number] = number
        by_community.setdefault(communities[community], []).append(id_number)
    pending = [Retiree.status.not_in(HANDED_OVER), *people.narrowing()]
    known = handover.id_numbers_in(session, people.scope, wanted, *pending)
    for id_number in sorted(set(wanted) - known, key=wanted.get):
        row = wanted[id_number]
        problems[f"row {row}.身份证号"] = [f"第{row}行：{id_number} 不是本县名单中待分解的人员"]
    if problems:
        raise InvalidTaskData(problems)
    if not wanted:
        raise InvalidTaskData({"file": ["分解表中没有数据行（表头应为 身份证号、社区）"]})
    assigned = 0
    for org, numbers in by_community.items():
        for batch in handover.batches(numbers):
            assigned += _assign_where(session, people, org, now, [Retiree.id_number.in_(batch)])
    return assigned
