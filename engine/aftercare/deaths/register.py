"""死亡报告台账 as each reader sees it: a community its own people's reports, a county's government
and social insurance agency the county's, supervisors theirs (the enterprise: its task only);
with the stage each report has reached and the ID number as the registry lets the reader see it.
Also the people a community may report (its own living people) and the civil affairs lists an
agency uploaded."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, func, or_, select, true
from sqlalchemy.orm import Session

from engine.aftercare.deaths.reports import DeathList, DeathReport
from engine.errors import NotFound
from engine.registry.access import Viewer, identity
from engine.registry.retirees import Retiree, living_in

PER_PAGE = 50
#: how many of its people a community's report form offers for one search
CHOICES = 20


@dataclass(frozen=True)
class ReportRow:
    """One report as a list shows it."""

    report: DeathReport
    name: str
    id_number: str
    stage: str


@dataclass(frozen=True)
class ReportPage:
    rows: list[ReportRow]
    total: int
    page: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def readable(viewer: Viewer) -> ColumnElement[bool]:
    """The reports a viewer may read."""
    if viewer.overseer and viewer.oversees_prefecture:
        return DeathReport.county_code.startswith(viewer.oversees_prefecture[:4])
    if viewer.overseer:
        return true()
    if viewer.kind == "community":
        return DeathReport.community_org == viewer.organisation_id
    if viewer.kind in ("receiving_government", "social_insurance_agency") and viewer.division_code:
        return DeathReport.county_code == viewer.division_code
    return false()  # the enterprise reads its own task only (name, masked number, date)


def stage(report: DeathReport) -> str:
    """How far a report has come, in the officials' words."""
    if report.withdrawn:
        return "核实不属实，未报告"
    if report.family_told_on:
        return "已告知家属"
    if report.grants_decided_on:
        return "已核定，待告知家属"
    if report.family_applied is False:
        return "已停发，家属未申领"
    if report.family_applied:
        return "待核定丧葬补助金和抚恤金"
    if report.pension_stopped_on:
        return "已停发，待协助家属申领"
    if report.confirmed_on:
        return "待停发养老金"
    return "待社区核实"


def page_of(session: Session, viewer: Viewer, page: int = 1, list_id: int | None = None) -> ReportPage:
    """The viewer's reports, newest first (those one civil affairs list opened: ``list_id``)."""
    where = [readable(viewer)] + ([DeathReport.death_list_id == list_id] if list_id else [])
    joined = select(DeathReport, Retiree).join(Retiree, Retiree.id == DeathReport.retiree_id).where(*where)
    total = session.scalar(select(func.count()).select_from(joined.subquery()))
    found = session.execute(
        joined.order_by(DeathReport.reported_on.desc(), DeathReport.id.desc())
        .limit(PER_PAGE)
        .offset((max(page, 1) - 1) * PER_PAGE)
    ).all()
    rows = [
        ReportRow(report, person.name, identity(viewer, person).id_number, stage(report))
        for report, person in found
    ]
    return ReportPage(rows, total or 0, max(page, 1))


def reportable(session: Session, community_org: str, q: str) -> list[Retiree]:
    """A community's own living people matching ``q`` (name or part of the ID number)."""
    text = q.strip()
    if not text:
        return []
    matches = or_(
        Retiree.name.contains(text, autoescape=True), Retiree.id_number.contains(text, autoescape=True)
    )
    statement = select(Retiree).where(living_in(community_org), matches).order_by(Retiree.name, Retiree.id)
    return list(session.scalars(statement.limit(CHOICES)))


def lists_of(session: Session, viewer: Viewer) -> list[DeathList]:
    """The civil affairs lists the viewer's agency uploaded, newest first."""
    if viewer.kind != "social_insurance_agency":
        return []
    statement = select(DeathList).where(DeathList.agency_org == viewer.organisation_id)
    return list(session.scalars(statement.order_by(DeathList.id.desc())))


def own_list(session: Session, viewer: Viewer, list_id: int) -> DeathList:
    """One list of the viewer's agency; ``NotFound`` for anyone else's."""
    found = session.get(DeathList, list_id)
    if (
        found is None
        or viewer.kind != "social_insurance_agency"
        or found.agency_org != viewer.organisation_id
    ):
        raise NotFound(f"death list {list_id} does not exist")
    return found
