"""The list a festival campaign's community task holds (走访名单) and what the community records on
it while it holds the task: a visit (date, visitor, what was found, help given, referral) or the
reason a person was not visited. Read a page at a time in SQL, searched by name, ID number or
address; each save is audited. A person not on the task's list is refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from engine.aftercare.visits import REFERRALS, Entry, Visit, VisitCampaign, tally
from engine.database import contains
from engine.directory import audit
from engine.directory.roles import Actor
from engine.errors import InvalidTaskData, NotFound, TaskConflict
from engine.registry.retirees import Retiree
from engine.workflow.models import WorkItem

TASK = "record_visits"
PER_PAGE = 50
MAX_PER_PAGE = 500
#: a list narrowed to the people of one state
STATES = ("outstanding", "visited", "not_visited")


@dataclass(frozen=True)
class Sheet:
    """The list of one community's task in one campaign."""

    item: WorkItem
    campaign: VisitCampaign

    @property
    def instance_id(self) -> int:
        return self.item.instance_id

    def where(self) -> list[ColumnElement[bool]]:
        return [Entry.instance_id == self.instance_id, Entry.community_org == self.item.owner_org]

    def counts(self, session: Session) -> dict[str, int]:
        """The list's people by what is recorded of them (never typed)."""
        return tally(session, self.instance_id, Entry.community_org == self.item.owner_org)


def sheet_of(session: Session, item: WorkItem) -> Sheet:
    """The list of a community's visit task (``NotFound`` for any other task)."""
    campaign = session.get(VisitCampaign, item.instance_id) if item.spec_id == TASK else None
    if campaign is None:
        raise NotFound(f"task {item.id} has no visit list")
    return Sheet(item, campaign)


def held_sheet(session: Session, item: WorkItem, actor: Actor) -> Sheet:
    """The list of a task the actor holds: open, claimed by them, their organisation's."""
    if item.owner_org != actor.organisation_id:
        raise NotFound(f"task {item.id} is not your organisation's")
    sheet = sheet_of(session, item)
    if item.state != "open":
        raise TaskConflict(f"task {item.id} is {item.state}")
    if item.claimed_by != actor.user_id:
        raise TaskConflict(f"claim task {item.id} before recording visits on its list")
    return sheet


@dataclass(frozen=True)
class Row:
    """One person of the list, why they are visited, and what is recorded of them."""

    retiree: Retiree
    entry: Entry
    visits: list[Visit]

    @property
    def state(self) -> str:
        if self.visits:
            return "visited"
        if self.entry.not_visited:
            return "not_visited"
        return "died" if self.retiree.status == "deceased" else "outstanding"


@dataclass
class SheetPage:
    rows: list[Row]
    total: int
    page: int
    per_page: int
    counts: dict[str, int]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def searched(instance_id: int, q: str = "", state: str = "") -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if q.strip():
        columns = (Retiree.name, Retiree.id_number, Retiree.address)
        where.append(or_(*(contains(column, q.strip()) for column in columns)))
    visited = Entry.retiree_id.in_(select(Visit.retiree_id).where(Visit.instance_id == instance_id))
    if state == "visited":
        where.append(visited)
    elif state == "not_visited":
        where += [~visited, Entry.not_visited.is_not(None)]
    elif state == "outstanding":
        where += [~visited, Entry.not_visited.is_(None), Retiree.status == "received"]
    return where


def page_of(
    session: Session, sheet: Sheet, q: str = "", state: str = "", page: int = 1, per_page: int = PER_PAGE
) -> SheetPage:
    """One page of the list (by address), with the whole list's counts."""
    per_page, page = min(max(per_page, 1), MAX_PER_PAGE), max(page, 1)
    where = [*sheet.where(), *searched(sheet.instance_id, q, state)]
    joined = select(Retiree, Entry).join(Entry, Entry.retiree_id == Retiree.id).where(*where)
    total = session.scalar(select(func.count()).select_from(joined.subquery()))
    found = session.execute(
        joined.order_by(Retiree.address, Retiree.id).limit(per_page).offset((page - 1) * per_page)
    ).all()
    visits: dict[int, list[Visit]] = {}
    ids = [retiree.id for retiree, _ in found]
    for visit in session.scalars(
        select(Visit)
        .where(Visit.instance_id == sheet.instance_id, Visit.retiree_id.in_(ids))
        .order_by(Visit.id)
    ):
        visits.setdefault(visit.retiree_id, []).append(visit)
    rows = [Row(retiree, entry, visits.get(retiree.id, [])) for retiree, entry in found]
    return SheetPage(rows, int(total or 0), page, per_page, sheet.counts(session))


@dataclass(frozen=True)
class Given:
    """A visit as recorded: the person (registry id or ID number) and what the visitor wrote."""

    person: int | str
    visited_on: date
    visitor: str
    found: str = ""
    help_given: str = ""
    referral: str = "none"


def given_person(row: dict[str, Any]) -> int | str:
    """The person a form or JSON object names (registry id or ID number)."""
    person = row.get("retiree_id") or row.get("id_number")
    if isinstance(person, str) and person.isdigit() and len(person) < 18:
        return int(person)
    if not person:
        raise InvalidTaskData({"retiree_id": ["请指明人员（身份证号）"]})
    return person


def given(row: dict[str, Any]) -> Given:
    """A visit from a form or a JSON object, refused field by field when it is wrong."""
    person = given_person(row)
    try:
        day = date.fromisoformat(str(row.get("visited_on") or ""))
    except ValueError:
        raise InvalidTaskData({"visited_on": ["请填写走访日期（YYYY-MM-DD）"]}) from None
    visitor = str(row.get("visitor") or "").strip()
    if not visitor:
        raise InvalidTaskData({"visitor": ["请填写走访人"]})
    referral = str(row.get("referral") or "none")
    if referral not in REFERRALS:
        raise InvalidTaskData({"referral": ["转介只能是：无、低保、医疗服务"]})
    text = {key: str(row.get(key) or "").strip()[:2000] for key in ("found", "help_given")}
    return Given(person, day, visitor[:100], text["found"], text["help_given"], referral)


def _listed(session: Session, sheet: Sheet, person: int | str) -> tuple[Retiree, Entry]:
    named = Retiree.id == person if isinstance(person, int) else Retiree.id_number == person
    found = session.execute(
        select(Retiree, Entry).join(Entry, Entry.retiree_id == Retiree.id).where(*sheet.where(), named)
    ).first()
    if found is None:
        raise InvalidTaskData({"retiree_id": [f"{person} 不在本任务的走访名单中"]})
    return found[0], found[1]


def record_visit(
    session: Session, sheet: Sheet, visit: Given, actor: Actor, now: datetime, today: date
) -> Visit:
    """Store a visit to a person of the list (a later visit is added, never overwritten)."""
    retiree, entry = _listed(session, sheet, visit.person)
    if visit.visited_on.year < sheet.campaign.year - 1:
        raise InvalidTaskData({"visited_on": [f"走访日期须在 {sheet.campaign.year - 1} 年以后"]})
    row = _store(session, retiree, visit, actor, now, today, sheet.instance_id)
    entry.not_visited = None
    audit.record(session, "visit", actor, now, item=sheet.item, detail=_detail(retiree, visit))
    return row


def record_own_visit(
    session: Session, community_org: str, visit: Given, actor: Actor, now: datetime, today: date
) -> Visit:
    """A visit outside any campaign (日常走访) to a living person of the community's own."""
    named = Retiree.id == visit.person if isinstance(visit.person, int) else Retiree.id_number == visit.person
    retiree = session.scalar(select(Retiree).where(named, Retiree.community_org == community_org))
    if retiree is None:
        raise InvalidTaskData({"retiree_id": [f"{visit.person} 不是本社区的退休人员"]})
    row = _store(session, retiree, visit, actor, now, today, None)
    audit.record(session, "visit", actor, now, detail=_detail(retiree, visit))
    return row


def _store(
    session: Session, retiree: Retiree, visit: Given, actor: Actor, now: datetime, today: date, instance_id
) -> Visit:
    if retiree.status != "received":
        raise InvalidTaskData({"retiree_id": [f"{retiree.name} 已故，不再走访"]})
    if visit.visited_on > today:
        raise InvalidTaskData({"visited_on": ["走访日期不得晚于今天"]})
    row = Visit(
        retiree_id=retiree.id,
        instance_id=instance_id,
        community_org=retiree.community_org,
        visited_on=visit.visited_on,
        visitor=visit.visitor,
        found=visit.found,
        help_given=visit.help_given,
        referral=visit.referral,
        recorded_by=actor.user_id,
        recorded_at=now,
    )
    session.add(row)
    session.flush()
    return row


def _detail(retiree: Retiree, visit: Given) -> dict[str, Any]:
    return {
        # the registry's id, never the ID number: the audit log is read beyond the community
        "retiree_id": retiree.id,
        "visited_on": visit.visited_on.isoformat(),
        "referral": visit.referral,
    }


def mark_not_visited(
    session: Session, sheet: Sheet, person: int | str, reason: str, actor: Actor, now: datetime
):
    """A person of the list not visited, and why (住院、外出、本人谢绝 …)."""
    reason = reason.strip()
    if not reason:
        raise InvalidTaskData({"reason": ["请填写未走访原因"]})
    retiree, entry = _listed(session, sheet, person)
    visited = session.scalar(
        select(func.count()).where(Visit.instance_id == sheet.instance_id, Visit.retiree_id == retiree.id)
    )
    if visited:
        raise InvalidTaskData({"reason": [f"{retiree.name} 已登记走访"]})
    entry.not_visited, entry.marked_by, entry.marked_at = reason[:500], actor.user_id, now
    session.flush()
    detail = {"retiree_id": retiree.id, "not_visited": entry.not_visited}
    audit.record(session, "visit_not_made", actor, now, item=sheet.item, detail=detail)
    return entry
