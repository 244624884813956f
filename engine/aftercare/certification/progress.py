"""资格认证进度 — a certification campaign as its county's agency and government and the
supervisors watch it: per community living, certified, not found, outstanding (not marked yet),
suspended, and overdue when the deadline has passed with people still outstanding."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.aftercare.certification import FIGURES, CertificationCampaign, campaign_counts
from engine.directory.organisations import organisation_names
from engine.errors import Forbidden, NotFound
from engine.policy import divisions
from engine.registry.access import Viewer
from engine.workflow.models import ProcessInstance

#: who reads a campaign's progress besides supervisors: its county's government and agency
READERS = ("receiving_government", "social_insurance_agency")


@dataclass(frozen=True)
class CommunityProgress:
    org: str
    name: str
    counts: dict[str, int]
    overdue: bool

    def as_json(self) -> dict:
        return {"community_org": self.org, "community": self.name, **self.counts, "overdue": self.overdue}


@dataclass(frozen=True)
class CampaignProgress:
    instance_id: int
    title: str
    status: str
    county_code: str
    county: str
    year: int
    deadline: date
    communities: list[CommunityProgress] = field(default_factory=list)

    @property
    def total(self) -> dict[str, int]:
        keys = (*FIGURES, "died")
        return {key: sum(c.counts[key] for c in self.communities) for key in keys}

    def as_json(self) -> dict:
        return {
            "id": self.instance_id,
            "title": self.title,
            "status": self.status,
            "county_code": self.county_code,
            "county": self.county,
            "year": self.year,
            "deadline": self.deadline.isoformat(),
            "total": self.total,
            "communities": [c.as_json() for c in self.communities],
        }


def may_read(viewer: Viewer, county: str) -> bool:
    """Supervisors of the province (or of the county's prefecture); the county's own government
    and social insurance agency."""
    if viewer.overseer:
        return viewer.oversees_prefecture in (None, divisions.prefecture_of(county))
    return viewer.kind in READERS and viewer.division_code == county


def campaigns(session: Session, viewer: Viewer, year: int | None = None) -> list[CertificationCampaign]:
    """The campaigns the viewer may watch, newest first; ``Forbidden`` for anyone else."""
    if not viewer.overseer and viewer.kind not in READERS:
        raise Forbidden("只有督办人员、县（市、区）政府和社会保险经办机构可以查看资格认证进度")
    statement = select(CertificationCampaign).order_by(
        CertificationCampaign.year.desc(), CertificationCampaign.county_code
    )
    if year is not None:
        statement = statement.where(CertificationCampaign.year == year)
    if not viewer.overseer:
        statement = statement.where(CertificationCampaign.county_code == viewer.division_code)
    return [c for c in session.scalars(statement) if may_read(viewer, c.county_code)]


def progress(session: Session, viewer: Viewer, instance_id: int, today: date) -> CampaignProgress:
    """One campaign's figures by community; ``NotFound`` for a campaign outside the viewer's reach."""
    campaign = session.get(CertificationCampaign, instance_id)
    if campaign is None or not may_read(viewer, campaign.county_code):
        raise NotFound(f"certification campaign {instance_id} not found")
    return progress_of(session, campaign, today)


def progress_of(session: Session, campaign: CertificationCampaign, today: date) -> CampaignProgress:
    case = session.get(ProcessInstance, campaign.instance_id)
    counted = campaign_counts(session, campaign)
    names = organisation_names(session, list(counted))
    late = today > campaign.deadline
    rows = [
        CommunityProgress(org, names.get(org, org), counts, late and counts["outstanding"] > 0)
        for org, counts in counted.items()
    ]
    rows.sort(key=lambda row: row.name)
    return CampaignProgress(
        campaign.instance_id,
        case.title,
        case.status,
        campaign.county_code,
        divisions.full_name(campaign.county_code),
        campaign.year,
        campaign.deadline,
        rows,
    )
