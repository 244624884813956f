"""What the visit pages show, chosen for the one looking: a community its own plan (its people by
name, why each is visited, their latest visit) and its part of each campaign; a county government
its communities' plans as counts and its campaigns' progress by community; supervisors the
campaigns of every county. Nobody sees another community's or county's people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.aftercare.visits import Entry, Visit, VisitCampaign, campaigns_of, county_living, tally
from engine.aftercare.visits import plan as visit_plan
from engine.directory.organisations import organisation_names
from engine.errors import Forbidden, NotFound
from engine.policy import divisions
from engine.procedures import festival_visits
from engine.registry.access import Viewer
from engine.registry.retirees import Retiree, living_in

#: who reads a county's plans and campaigns
COUNTY_READERS = ("receiving_government",)


@dataclass(frozen=True)
class PlanRow:
    retiree: Retiree
    reasons: list[str]
    last_visit: Visit | None


@dataclass(frozen=True)
class CommunityPlan:
    """A community's standing plan: the table's rows today, and its people."""

    community_org: str
    name: str
    criteria: list[visit_plan.Criterion]
    rows: list[PlanRow]


def community_plan(session: Session, community_org: str, today: date) -> CommunityPlan:
    """The community's living people in the plan today, with their latest visit."""
    criteria = visit_plan.criteria(session)
    planned = visit_plan.plan(session, [living_in(community_org)], today, criteria)
    ids = [p.retiree_id for p in planned]
    people = {r.id: r for r in session.scalars(select(Retiree).where(Retiree.id.in_(ids)))}
    latest = latest_visits(session, ids)
    rows = [PlanRow(people[p.retiree_id], p.reasons, latest.get(p.retiree_id)) for p in planned]
    name = organisation_names(session, [community_org]).get(community_org, community_org)
    return CommunityPlan(community_org, name, criteria, rows)


def latest_visits(session: Session, retiree_ids: list[int]) -> dict[int, Visit]:
    newest = (
        select(func.max(Visit.id))
        .where(Visit.retiree_id.in_(retiree_ids))
        .group_by(Visit.retiree_id)
        .scalar_subquery()
    )
    return {v.retiree_id: v for v in session.scalars(select(Visit).where(Visit.id.in_(newest)))}


def person_visits(session: Session, retiree_id: int) -> list[Visit]:
    """A person's visits, newest first (the caller has checked they may see the person)."""
    statement = (
        select(Visit).where(Visit.retiree_id == retiree_id).order_by(Visit.visited_on.desc(), Visit.id.desc())
    )
    return list(session.scalars(statement))


@dataclass(frozen=True)
class CommunityCount:
    community_org: str
    name: str
    planned: int
    visited_this_year: int


def county_plans(session: Session, county: str, today: date) -> list[CommunityCount]:
    """Each community of the county with people in the plan: how many, and how many of them have
    been visited this year."""
    planned = visit_plan.plan(session, [county_living(county)], today, visit_plan.criteria(session))
    visited = set(
        session.scalars(
            select(Visit.retiree_id).where(
                Visit.retiree_id.in_([p.retiree_id for p in planned]),
                Visit.visited_on >= date(today.year, 1, 1),
            )
        )
    )
    counts: dict[str, list[int]] = {}
    for person in planned:
        count = counts.setdefault(person.community_org, [0, 0])
        count[0] += 1
        count[1] += person.retiree_id in visited
    names = organisation_names(session, counts)
    rows = [CommunityCount(org, names.get(org, org), n, v) for org, (n, v) in counts.items()]
    return sorted(rows, key=lambda row: row.name)


@dataclass(frozen=True)
class CampaignRow:
    campaign: VisitCampaign
    title: str
    county_name: str
    counts: dict[str, int]


def campaigns(session: Session, viewer: Viewer) -> list[CampaignRow]:
    """The campaigns the viewer takes part in or oversees (a community: its own counts only)."""
    if viewer.overseer:
        found = campaigns_of(session, None)
    elif viewer.kind in COUNTY_READERS + ("community",) and viewer.division_code:
        found = campaigns_of(session, [viewer.division_code])
    else:
        raise Forbidden("只有社区、县（市、区）政府和督办人员可以查看走访慰问")
    own = [Entry.community_org == viewer.organisation_id] if viewer.kind == "community" else []
    rows = []
    for campaign in found:
        counts = tally(session, campaign.instance_id, *own)
        if own and not counts["planned"]:
            continue
        rows.append(
            CampaignRow(
                campaign, _title(session, campaign), divisions.full_name(campaign.county_code), counts
            )
        )
    return rows


def _title(session: Session, campaign: VisitCampaign) -> str:
    return festival_visits.title(divisions.full_name(campaign.county_code), campaign.year, campaign.festival)


@dataclass(frozen=True)
class CampaignProgress:
    campaign: VisitCampaign
    title: str
    communities: list[tuple[str, str, dict[str, int]]]
    total: dict[str, int]


def progress(session: Session, viewer: Viewer, instance_id: int) -> CampaignProgress:
    """One campaign by community, for its county's government and supervisors."""
    campaign = session.get(VisitCampaign, instance_id)
    if campaign is None:
        raise NotFound(f"no visit campaign {instance_id}")
    if not viewer.overseer and not (
        viewer.kind in COUNTY_READERS and viewer.division_code == campaign.county_code
    ):
        raise NotFound(f"no visit campaign {instance_id} for you")
    orgs = session.scalars(
        select(Entry.community_org).where(Entry.instance_id == instance_id).distinct()
    ).all()  # fmt: skip
    names = organisation_names(session, orgs)
    rows = [
        (org, names.get(org, org), tally(session, instance_id, Entry.community_org == org)) for org in orgs
    ]
    rows.sort(key=lambda row: row[1])
    return CampaignProgress(campaign, _title(session, campaign), rows, tally(session, instance_id))
