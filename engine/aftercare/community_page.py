"""本社区 — what a community's own page shows: its people (the registry's, in full: they are its
own), the 离休干部/省管干部 it recorded (``community_records``), what is due this month in the
procedures after the hand-over, and what happened lately; and the same in counts for the county
government over its communities and for the county's social insurance agency.

The month's work is read from the work-item table (``WorkItem.process_key``: every procedure but
the hand-over's own), so a procedure after the hand-over shows up here as soon as its cases run,
whoever built it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from engine.aftercare import community_records
from engine.directory.audit import AuditEvent
from engine.directory.organisations import Organisation
from engine.errors import Forbidden
from engine.registry import handover
from engine.registry.access import Viewer
from engine.registry.retirees import Retiree, living_in
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.models import WorkItem

#: the procedures of the 2017 hand-over itself; every other procedure (death reports,
#: certification, visits, transfers, new retirees, archive look-ups, and any a designer adds later)
#: is a service after the hand-over, whose open tasks are a community's monthly work
HANDOVER_PROCESSES = (
    "retiree_handover_programme",
    "prefecture_handover",
    "framework_agreement",
    "county_handover",
    "archive_handover",
    "interim_management",
    "community_org_handover",
    "management_fee",
    "milestone_schedule",
)
PER_PAGE = 50
RECENT = 20
#: audit actions a community's own page tells as events (its information database)
RECORD_ACTIONS = {
    "community_record_add": "信息库新增",
    "community_record_change": "信息库修改",
    "community_record_remove": "信息库删除",
}


@dataclass(frozen=True)
class PeoplePage:
    rows: list[Retiree]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class DueItem:
    item: WorkItem
    overdue: bool


@dataclass(frozen=True)
class Event:
    """Something that happened to the community's people, newest first on the page."""

    on: date
    kind: str
    text: str


@dataclass
class CommunityCounts:
    """One community in the county's and the agency's views."""

    org: str
    name: str
    living: int = 0
    deceased: int = 0
    waiting: int = 0
    recorded: int = 0
    due: int = 0
    overdue: int = 0
    items: list[DueItem] = field(default_factory=list)


def month_of(today: date) -> tuple[datetime, datetime]:
    """The first moment of ``today``'s month and of the next, in China time."""
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return (datetime.combine(first, time(), CHINA_TZ), datetime.combine(following, time(), CHINA_TZ))


def people(
    session: Session, community_org: str, q: str = "", page: int = 1, per_page: int = PER_PAGE
) -> PeoplePage:
    """The community's living people (received by it), narrowed by part of a name, ID number or
    address; ordered by address."""
    where = [living_in(community_org)]
    if q.strip():
        text = f"%{q.strip()}%"
        where.append(or_(Retiree.name.like(text), Retiree.id_number.like(text), Retiree.address.like(text)))
    total = handover.count(session, *where)
    page = max(page, 1)
    query = select(Retiree).where(*where).order_by(Retiree.address, Retiree.id)
    return PeoplePage(
        list(session.scalars(query.limit(per_page).offset((page - 1) * per_page))), total, page, per_page
    )


def due_this_month(session: Session, owner_orgs: list[str], now: datetime) -> list[DueItem]:
    """The open tasks of the procedures after the hand-over these organisations own that fall due
    this month or are overdue already, soonest first."""
    if not owner_orgs:
        return []
    _start, end = month_of(now.astimezone(CHINA_TZ).date())
    query = (
        select(WorkItem)
        .where(
            WorkItem.owner_org.in_(owner_orgs),
            WorkItem.state == "open",
            WorkItem.process_key.not_in(HANDOVER_PROCESSES),
            WorkItem.due_at.is_not(None),
            WorkItem.due_at < end,
        )
        .order_by(WorkItem.due_at, WorkItem.id)
    )
    return [DueItem(item, item.overdue(now)) for item in session.scalars(query)]


def recent_events(session: Session, community_org: str, limit: int = RECENT) -> list[Event]:
    """People received and died, and the completed steps and information-database changes of
    the community, newest first."""
    events = _received(session, community_org, limit) + _deaths(session, community_org, limit)
    events += _audited(session, community_org, limit)
    return sorted(events, key=lambda event: event.on, reverse=True)[:limit]


def _received(session: Session, org: str, limit: int) -> list[Event]:
    query = (
        select(Retiree.name, Retiree.received_on)
        .where(Retiree.community_org == org, Retiree.received_on.is_not(None))
        .order_by(Retiree.received_on.desc())
        .limit(limit)
    )
    return [Event(on, "接收", f"{name} 由本社区接收") for name, on in session.execute(query)]


def _deaths(session: Session, org: str, limit: int) -> list[Event]:
    query = (
        select(Retiree.name, Retiree.died_on)
        .where(Retiree.community_org == org, Retiree.status == "deceased", Retiree.died_on.is_not(None))
        .order_by(Retiree.died_on.desc())
        .limit(limit)
    )
    return [Event(on, "去世", f"{name} 去世") for name, on in session.execute(query)]


def _audited(session: Session, org: str, limit: int) -> list[Event]:
    """Steps of the procedures after the hand-over the community completed (information
    changes, transfers, certifications, visits, death reports …) and its database's changes."""
    query = (
        select(AuditEvent)
        .where(
            AuditEvent.organisation_id == org,
            or_(
                (AuditEvent.action == "complete") & AuditEvent.definition_key.not_in(HANDOVER_PROCESSES),
                AuditEvent.action.in_(RECORD_ACTIONS),
            ),
        )
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    events = []
    for audited in session.scalars(query):
        day = audited.at.astimezone(CHINA_TZ).date()
        if audited.action in RECORD_ACTIONS:
            events.append(Event(day, RECORD_ACTIONS[audited.action], str(audited.detail.get("name", ""))))
        else:
            events.append(Event(day, "办理", _step_text(session, audited)))
    return events


def _step_text(session: Session, audited: AuditEvent) -> str:
    item = session.get(WorkItem, audited.work_item_id) if audited.work_item_id else None
    return f"{item.title or item.name}：{item.name}" if item is not None else str(audited.definition_key)


# -- the county's and the agency's views ------------------------------------------------------------


def county_of(viewer: Viewer) -> str:
    """The county a receiving government or a social insurance agency looks after."""
    if viewer.kind not in ("receiving_government", "social_insurance_agency") or not viewer.division_code:
        raise Forbidden("only a county government or its social insurance agency sees its communities")
    return viewer.division_code


def communities_overview(
    session: Session, county: str, now: datetime, with_items: bool = True
) -> list[CommunityCounts]:
    """Each community of the county with its people counted (living, deceased, waiting to be
    received, recorded but not handed over) and, when ``with_items``, its month's tasks."""
    rows = {org.id: CommunityCounts(org.id, org.name) for org in handover.communities_of(session, county)}
    orgs = list(rows)
    if not orgs:
        return []
    status_counts = session.execute(
        select(Retiree.community_org, Retiree.status, func.count())
        .where(Retiree.community_org.in_(orgs))
        .group_by(Retiree.community_org, Retiree.status)
    )
    for org, status, n in status_counts:
        row = rows[org]
        if status == "received":
            row.living += n
        elif status == "deceased":
            row.deceased += n
        elif status == "allocated":
            row.waiting += n
    for org, n in community_records.counts_by_community(session, orgs).items():
        rows[org].recorded = n
    if with_items:
        for due in due_this_month(session, orgs, now):
            row = rows[due.item.owner_org]
            row.items.append(due)
            row.due += 1
            row.overdue += due.overdue
    return list(rows.values())


def community_name(session: Session, org: str) -> str:
    found = session.get(Organisation, org)
    return found.name if found is not None else org


def as_dict(row: CommunityCounts) -> dict[str, Any]:
    return {
        "community_org": row.org,
        "community": row.name,
        "living": row.living,
        "deceased": row.deceased,
        "waiting_reception": row.waiting,
        "recorded_not_handed_over": row.recorded,
        "due_this_month": row.due,
        "overdue": row.overdue,
    }
