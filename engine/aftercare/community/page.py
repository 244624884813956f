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

from engine.aftercare import certification, visits
from engine.aftercare.certification import marks as certification_marks
from engine.aftercare.changes import RetireeChange
from engine.aftercare.community import records as community_records
from engine.aftercare.deaths.reports import DeathReport
from engine.aftercare.transfers.cases import RetireeTransfer
from engine.aftercare.visits import sheets as visit_sheets
from engine.directory.audit import AuditEvent
from engine.directory.organisations import Organisation
from engine.errors import Forbidden
from engine.procedures import certification_campaign
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
RECENT = 30
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
    #: what is still to do inside the task (its list's counts), e.g. "未认证 3 人"; "" when none
    outstanding: str = ""


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
    #: the county's latest certification campaign of the year (None: none opened): people on it
    #: (living, and marked since died), certified, outstanding
    certification: dict[str, int] | None = None
    #: the year's festival visit plans: people planned, visited
    visits_planned: int = 0
    visits_done: int = 0

    @property
    def coverage(self) -> str:
        """Certified of those on the campaign, as a percentage ("" without a campaign)."""
        if self.certification is None or not self.certification["living"]:
            return ""
        return f"{100 * self.certification['certified'] // self.certification['living']}%"


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
    return [DueItem(item, item.overdue(now), outstanding(session, item)) for item in session.scalars(query)]


def due_later(session: Session, owner_orgs: list[str], now: datetime, limit: int = 20) -> list[DueItem]:
    """The open tasks of the procedures after the hand-over falling due after this month (or with
    no due date), soonest first: what the month's list does not show yet."""
    if not owner_orgs:
        return []
    _start, end = month_of(now.astimezone(CHINA_TZ).date())
    query = (
        select(WorkItem)
        .where(
            WorkItem.owner_org.in_(owner_orgs),
            WorkItem.state == "open",
            WorkItem.process_key.not_in(HANDOVER_PROCESSES),
            or_(WorkItem.due_at.is_(None), WorkItem.due_at >= end),
        )
        .order_by(WorkItem.due_at.is_(None), WorkItem.due_at, WorkItem.id)
        .limit(limit)
    )
    return [DueItem(item, False, outstanding(session, item)) for item in session.scalars(query)]


def outstanding(session: Session, item: WorkItem) -> str:
    """What is left on the list of a certification or visit task, counted as its task page counts
    it (``certification_marks`` / ``visit_sheets``); "" for any other task."""
    if item.process_key == certification_campaign.KEY and item.spec_id in certification_campaign.SHEETS:
        counts = certification_marks.sheet_of(session, item).counts(session)
        return f"名单 {counts['listed']} 人，未标记 {counts['unmarked']} 人"
    if item.spec_id == visit_sheets.TASK:
        counts = visit_sheets.sheet_of(session, item).counts(session)
        return f"名单 {counts['planned']} 人，未走访 {counts['outstanding']} 人"
    return ""


def recent_events(session: Session, community_org: str, limit: int = RECENT) -> list[Event]:
    """People received and died, and the completed steps and information-database changes of
    the community, newest first."""
    events = _received(session, community_org, limit) + _deaths(session, community_org, limit)
    events += _audited(session, community_org, limit)
    for read in (_changes, _transfers, _visits, _marks, _death_reports):
        events += read(session, community_org, limit)
    return sorted(events, key=lambda event: event.on, reverse=True)[:limit]


def _day(moment: datetime) -> date:
    return moment.astimezone(CHINA_TZ).date()


def _changes(session: Session, org: str, limit: int) -> list[Event]:
    """The community's own changes to its people's information (a transfer's own moves are told
    as the transfer)."""
    query = (
        select(Retiree.name, RetireeChange)
        .join(Retiree, Retiree.id == RetireeChange.retiree_id)
        .where(RetireeChange.organisation_id == org, RetireeChange.instance_id.is_(None))
        .order_by(RetireeChange.changed_at.desc(), RetireeChange.id.desc())
        .limit(limit)
    )
    return [
        Event(_day(change.changed_at), "信息变更",
              f"{name} {change.field_name}：{change.old or '（空）'} → {change.new or '（空）'}")
        for name, change in session.execute(query)
    ]  # fmt: skip


TRANSFER_KINDS = {"community": "社区间转移", "county": "跨县转移"}
TRANSFER_STATES = {"asked": "申请", "refused": "未接收", "done": "已完成"}


def _transfers(session: Session, org: str, limit: int) -> list[Event]:
    """Transfers out of the community and into it: asked, then refused or done."""
    query = (
        select(Retiree.name, RetireeTransfer)
        .join(Retiree, Retiree.id == RetireeTransfer.retiree_id)
        .where(or_(RetireeTransfer.from_community == org, RetireeTransfer.to_community == org))
        .order_by(RetireeTransfer.id.desc())
        .limit(limit)
    )
    events = []
    for name, moved in session.execute(query):
        kind = TRANSFER_KINDS.get(moved.kind, moved.kind)
        way = "迁出" if moved.from_community == org else "迁入"
        state = TRANSFER_STATES.get(moved.state, moved.state)
        on = moved.done_on or moved.asked_on
        events.append(Event(on, kind, f"{name} {way}本社区（{state}），新地址：{moved.new_address}"))
    return events


def _visits(session: Session, org: str, limit: int) -> list[Event]:
    query = (
        select(Retiree.name, visits.Visit)
        .join(Retiree, Retiree.id == visits.Visit.retiree_id)
        .where(visits.Visit.community_org == org)
        .order_by(visits.Visit.visited_on.desc(), visits.Visit.id.desc())
        .limit(limit)
    )
    return [
        Event(visit.visited_on, "走访",
              f"{name} 由{visit.visitor}走访" + (f"，帮扶：{visit.help_given}" if visit.help_given else ""))
        for name, visit in session.execute(query)
    ]  # fmt: skip


def _marks(session: Session, org: str, limit: int) -> list[Event]:
    mark = certification.CertificationMark
    query = (
        select(Retiree.name, mark)
        .join(Retiree, Retiree.id == mark.retiree_id)
        .where(mark.community_org == org, mark.outcome.is_not(None), mark.marked_at.is_not(None))
        .order_by(mark.marked_at.desc(), mark.id.desc())
        .limit(limit)
    )
    events = []
    for name, found in session.execute(query):
        how = certification.METHODS.get(found.method or "", "")
        outcome = certification.OUTCOMES.get(found.outcome or "", found.outcome)
        text = f"{name} 资格认证：{outcome}" + (f"（{how}）" if how else "")
        events.append(Event(found.certified_on or _day(found.marked_at), "资格认证", text))
    return events


def _death_reports(session: Session, org: str, limit: int) -> list[Event]:
    """Death reports opened, and those closed (the family told of the grants)."""
    query = (
        select(Retiree.name, DeathReport)
        .join(Retiree, Retiree.id == DeathReport.retiree_id)
        .where(DeathReport.community_org == org)
        .order_by(DeathReport.id.desc())
        .limit(limit)
    )
    events = []
    for name, report in session.execute(query):
        source = "（民政数据）" if report.death_list_id else ""
        opened = f"{name} 死亡报告开启{source}，去世日期 {report.died_on}"
        events.append(Event(report.reported_on, "死亡报告", opened))
        if report.family_told_on:
            events.append(Event(report.family_told_on, "死亡报告", f"{name} 死亡报告办结，已告知家属"))
    return events


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
    _service_counts(session, county, now, rows)
    if with_items:
        for due in due_this_month(session, orgs, now):
            row = rows[due.item.owner_org]
            row.items.append(due)
            row.due += 1
            row.overdue += due.overdue
    return list(rows.values())


def _service_counts(session: Session, county: str, now: datetime, rows: dict[str, CommunityCounts]) -> None:
    """The certification coverage of the county's latest campaign this year, and this year's
    festival visits planned and done, per community."""
    year = now.astimezone(CHINA_TZ).year
    campaigns = certification.campaigns_of(session, [county], year)
    if campaigns:
        latest = max(campaigns, key=lambda campaign: (campaign.opened_at, campaign.instance_id))
        counts = certification.campaign_counts(session, latest)
        for org, row in rows.items():
            row.certification = counts.get(org, dict.fromkeys(certification.FIGURES, 0))
    for org, planned, done in visit_counts(session, county, year):
        if org in rows:
            rows[org].visits_planned, rows[org].visits_done = planned, done


def visit_counts(session: Session, county: str, year: int) -> list[tuple[str, int, int]]:
    """Community → people planned in the county's festival visits of the year (a person in two
    campaigns counts twice) and of those visited, in one grouped query."""
    entry, visit = visits.Entry, visits.Visit
    visited = (
        select(visit.id)
        .where(visit.instance_id == entry.instance_id, visit.retiree_id == entry.retiree_id)
        .exists()
        .label("visited")
    )
    found: dict[str, list[int]] = {}
    rows = session.execute(
        select(entry.community_org, visited, func.count())
        .join(visits.VisitCampaign, visits.VisitCampaign.instance_id == entry.instance_id)
        .where(visits.VisitCampaign.county_code == county, visits.VisitCampaign.year == year)
        .group_by(entry.community_org, visited)
    )
    for org, was_visited, n in rows:
        counts = found.setdefault(org, [0, 0])
        counts[0] += n
        counts[1] += n if was_visited else 0
    return [(org, planned, done) for org, (planned, done) in found.items()]


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
        "certification": row.certification,
        "visits_planned": row.visits_planned,
        "visits_done": row.visits_done,
    }
