"""养老金领取资格认证 (生存调查, seed 四(三)) — the yearly campaign in which a county's social
insurance agency has every community confirm that each of its living retirees is alive and
entitled: certified in person, on a home visit or remotely (视频、手机应用), or not found. People
without a mark by the deadline, and those not found, are followed up; those still not certified
have their pension suspended (暂停发放).

The marks are rows of ``certification_mark``, one per (campaign case, retiree), written person
by person or a page at a time while the community holds its task (``certification_marks``);
the diagram (processes/certification_campaign.bpmn) reads them through the services below, and
the tasks' completions record their tally here (``RECORDS``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    and_,
    exists,
    func,
    insert,
    literal,
    select,
    true,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine.database import Base, UTCDateTime
from engine.directory.organisations import organisation_names
from engine.procedures.certification_campaign import KEY
from engine.registry.retirees import Retiree, living_in
from engine.registry.steps import Step, refuse
from engine.workflow.events import CaseStarted
from engine.workflow.services import ServiceContext

#: how a person was certified (认证方式)
METHODS = {"in_person": "本人到场", "home_visit": "上门认证", "remote": "远程认证（视频、手机应用）"}
#: a mark's outcome; 已去世 only on the follow-up (the community then files a death report)
OUTCOMES = {"certified": "已认证", "not_found": "未找到", "died": "已去世"}
#: the list a task holds (its stage) → the outcomes it may mark
STAGES = {"certification": ("certified", "not_found"), "follow_up": ("certified", "not_found", "died")}


class CertificationCampaign(Base):
    """One county's campaign of one year (its case), with its deadline."""

    __tablename__ = "certification_campaign"
    __table_args__ = (Index("ix_certification_campaign_county_year", "county_code", "year"),)

    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), primary_key=True)
    county_code: Mapped[str] = mapped_column(String(6))
    year: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[date] = mapped_column(Date)
    agency_org: Mapped[str] = mapped_column(String(100))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CertificationMark(Base):
    """What the community found of one person in one campaign, and what followed."""

    __tablename__ = "certification_mark"
    __table_args__ = (
        UniqueConstraint("instance_id", "retiree_id", name="uq_certification_mark_person"),
        Index("ix_certification_mark_community", "instance_id", "community_org"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"))
    retiree_id: Mapped[int] = mapped_column(ForeignKey("retiree.id"), index=True)
    community_org: Mapped[str] = mapped_column(String(100))
    #: certified / not_found / died; None: not marked by the deadline (on the follow-up list)
    outcome: Mapped[str | None] = mapped_column(String(20))
    method: Mapped[str | None] = mapped_column(String(20))
    certified_on: Mapped[date | None] = mapped_column(Date)
    #: where the latest mark was given: "certification" or "follow_up"
    stage: Mapped[str] = mapped_column(String(20), default="certification")
    #: on the follow-up list (not marked by the deadline, or not found)
    in_follow_up: Mapped[bool] = mapped_column(Boolean, default=False)
    suspended_on: Mapped[date | None] = mapped_column(Date)
    suspended_by: Mapped[str | None] = mapped_column(String(100))
    marked_by: Mapped[str | None] = mapped_column(String(100))
    marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CertificationRound(Base):
    """The tally a completed task recorded: a community's certification or follow-up, or the
    agency's suspension (``community_org`` the agency's)."""

    __tablename__ = "certification_round"

    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), primary_key=True)
    community_org: Mapped[str] = mapped_column(String(100), primary_key=True)
    stage: Mapped[str] = mapped_column(String(20), primary_key=True)
    listed: Mapped[int] = mapped_column(Integer)
    certified: Mapped[int] = mapped_column(Integer)
    not_found: Mapped[int] = mapped_column(Integer)
    died: Mapped[int] = mapped_column(Integer)
    suspended: Mapped[int] = mapped_column(Integer, default=0)
    completed_by: Mapped[str] = mapped_column(String(100))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime)


Mark = CertificationMark


def county_living(county: str):
    """The SQL condition for a county's living people in its communities."""
    return (
        (Retiree.destination_code == county)
        & (Retiree.status == "received")
        & Retiree.community_org.is_not(None)
    )


def joined_marks(instance_id: int):
    """Outer-join condition: each person's mark of this campaign."""
    return and_(Mark.retiree_id == Retiree.id, Mark.instance_id == instance_id)


def tally(session: Session, instance_id: int, *where) -> dict[str, int]:
    """Living people matching ``where`` by their mark in the campaign: listed, certified,
    not_found, died, unmarked."""
    rows = session.execute(
        select(Mark.outcome, func.count())
        .select_from(Retiree)
        .outerjoin(Mark, joined_marks(instance_id))
        .where(*where)
        .group_by(Mark.outcome)
    ).all()
    counts = {outcome or "unmarked": n for outcome, n in rows}
    found = {key: counts.get(key, 0) for key in ("certified", "not_found", "died", "unmarked")}
    return {"listed": sum(found.values()), **found}


# -- services the diagram calls --------------------------------------------------------------------


def communities(context: ServiceContext, county: str) -> list[dict]:
    """The county's communities with living people (one task each)."""
    session = context.session
    rows = session.execute(
        select(Retiree.community_org, func.count())
        .where(county_living(county))
        .group_by(Retiree.community_org)
    ).all()
    names = organisation_names(session, [org for org, _ in rows])
    communities = [{"org": org, "name": names.get(org, org), "living": n} for org, n in rows]
    return sorted(communities, key=lambda c: c["name"])


def follow_ups(context: ServiceContext) -> list[dict]:
    """After the deadline (or once every community is done): put everyone not marked and everyone
    not found on the follow-up list; the communities with anyone on it, one task each."""
    session, instance_id = context.session, context.instance_id
    campaign = session.get(CertificationCampaign, instance_id)
    unmarked = select(
        literal(instance_id), Retiree.id, Retiree.community_org, literal("certification"), true()
    ).where(county_living(campaign.county_code), ~exists().where(joined_marks(instance_id)))
    session.execute(
        insert(Mark).from_select(
            ["instance_id", "retiree_id", "community_org", "stage", "in_follow_up"], unmarked
        )
    )
    session.execute(
        update(Mark)
        .where(Mark.instance_id == instance_id, Mark.outcome == "not_found")
        .values(in_follow_up=True)
        .execution_options(synchronize_session=False)
    )
    rows = session.execute(
        select(Retiree.community_org, func.count())
        .join(Mark, joined_marks(instance_id))
        .where(county_living(campaign.county_code), Mark.in_follow_up.is_(True))
        .group_by(Retiree.community_org)
    ).all()
    names = organisation_names(session, [org for org, _ in rows])
    return sorted(
        ({"org": org, "name": names.get(org, org), "people": n} for org, n in rows), key=lambda c: c["name"]
    )


def uncertified_count(context: ServiceContext) -> int:
    """How many people on the follow-up list are still not certified (their pension is suspended)."""
    return len(uncertified_ids(context.session, context.instance_id))


def uncertified_ids(session: Session, instance_id: int) -> list[int]:
    campaign = session.get(CertificationCampaign, instance_id)
    return list(
        session.scalars(
            select(Mark.id)
            .join(Retiree, Retiree.id == Mark.retiree_id)
            .where(*suspension_list(instance_id, campaign.county_code))
        )
    )


def suspension_list(instance_id: int, county: str) -> list:
    """Who the suspension notice names: living, followed up and still not found (or not marked)."""
    return [
        Mark.instance_id == instance_id,
        county_living(county),
        Mark.in_follow_up.is_(True),
        (Mark.outcome.is_(None)) | (Mark.outcome == "not_found"),
    ]


SERVICES: dict[str, Callable[..., Any]] = {
    "certification_communities": communities,
    "certification_follow_ups": follow_ups,
    "certification_uncertified": uncertified_count,
}


def record_campaign(event: CaseStarted) -> None:
    """The campaign opened: its county, year and deadline (the figures and lists find it so)."""
    campaign = event.data["campaign"]
    event.session.add(
        CertificationCampaign(
            instance_id=event.instance.id,
            county_code=campaign["county"],
            year=int(campaign["year"]),
            deadline=date.fromisoformat(campaign["deadline"]),
            agency_org=campaign["agency"],
            opened_at=event.now,
        )
    )


#: what opening a campaign records, by process key
STARTED: dict[str, Callable[[CaseStarted], None]] = {KEY: record_campaign}


# -- what completing the tasks records --------------------------------------------------------------


def record_certification(step: Step) -> None:
    """The community's certification: everyone on its list marked; the tally recorded."""
    community = step.item.owner_org
    counts = tally(step.session, step.instance.id, living_in(community))
    if counts["unmarked"]:
        refuse("", f"还有 {counts['unmarked']} 人未标记认证结果：请在认证名单中逐人标记后再提交")
    _round(step, community, "certification", counts)


def record_follow_up(step: Step) -> None:
    """The community's follow-up: everyone on the follow-up list given an outcome."""
    community = step.item.owner_org
    where = [living_in(community), Mark.in_follow_up.is_(True)]
    counts = tally(step.session, step.instance.id, *where)
    pending = step.session.scalar(
        select(func.count()).select_from(Retiree).join(Mark, joined_marks(step.instance.id))
        .where(*where, Mark.stage != "follow_up")
    )  # fmt: skip
    if pending:
        refuse("", f"还有 {pending} 人未填写补充认证结果：请在补充认证名单中逐人填写后再提交")
    _round(step, community, "follow_up", counts)


def record_suspension(step: Step) -> None:
    """The agency suspends the pension of everyone on the notice, from the date it gives."""
    suspended_on = date.fromisoformat(str(step.data.get("suspended_on")))
    ids = uncertified_ids(step.session, step.instance.id)
    step.session.execute(
        update(Mark)
        .where(Mark.id.in_(ids), Mark.suspended_on.is_(None))
        .values(suspended_on=suspended_on, suspended_by=step.item.claimed_by)
        .execution_options(synchronize_session=False)
    )
    counts = {"listed": len(ids), "certified": 0, "not_found": len(ids), "died": 0}
    _round(step, step.item.owner_org, "suspension", counts, suspended=len(ids))


def _round(step: Step, org: str, stage: str, counts: dict[str, int], suspended: int = 0) -> None:
    step.session.merge(
        CertificationRound(
            instance_id=step.instance.id,
            community_org=org,
            stage=stage,
            listed=counts["listed"],
            certified=counts["certified"],
            not_found=counts["not_found"],
            died=counts["died"],
            suspended=suspended,
            completed_by=step.item.claimed_by or "",
            completed_at=step.now,
        )
    )


RECORDS: dict[str, Callable[[Step], None]] = {
    "certification": record_certification,
    "certification_follow_up": record_follow_up,
    "pension_suspension": record_suspension,
}


# -- figures -----------------------------------------------------------------------------------------


def campaign_counts(session: Session, campaign: CertificationCampaign) -> dict[str, dict[str, int]]:
    """Community → living, certified, not_found, died, outstanding, suspended: the living people
    of the county today, and those marked in the campaign who have died since."""
    instance_id, county = campaign.instance_id, campaign.county_code
    living = session.execute(
        select(Retiree.community_org, Mark.outcome, Mark.suspended_on.is_not(None), func.count())
        .select_from(Retiree)
        .outerjoin(Mark, joined_marks(instance_id))
        .where(county_living(county))
        .group_by(Retiree.community_org, Mark.outcome, Mark.suspended_on.is_not(None))
    ).all()
    since_died = session.execute(
        select(Mark.community_org, Mark.outcome, Mark.suspended_on.is_not(None), func.count())
        .join(Retiree, Retiree.id == Mark.retiree_id)
        .where(Mark.instance_id == instance_id, Retiree.status != "received")
        .group_by(Mark.community_org, Mark.outcome, Mark.suspended_on.is_not(None))
    ).all()
    found: dict[str, dict[str, int]] = {}
    for org, outcome, suspended, n in [*living, *since_died]:
        counts = found.setdefault(org, dict.fromkeys(FIGURES + ("died",), 0))
        counts["living"] += n
        if outcome in ("certified", "not_found", "died"):
            counts[outcome] += n
        counts["suspended"] += n if suspended else 0
    for counts in found.values():
        counts["outstanding"] = counts["living"] - counts["certified"] - counts["not_found"] - counts["died"]
    return found


#: the figures of a county's campaign (``figures``)
FIGURES = ("living", "certified", "not_found", "outstanding", "suspended")


def campaigns_of(
    session: Session, county_codes: Sequence[str] | None, year: int
) -> list[CertificationCampaign]:
    statement = select(CertificationCampaign).where(CertificationCampaign.year == year)
    if county_codes is not None:
        statement = statement.where(CertificationCampaign.county_code.in_(list(county_codes)))
    return list(session.scalars(statement.order_by(CertificationCampaign.county_code)))


def figures(session: Session, county_codes: Sequence[str] | None, year: int) -> dict[str, dict[str, int]]:
    """County → living, certified, not_found, outstanding, suspended in that year's campaign(s)."""
    result: dict[str, dict[str, int]] = {}
    for campaign in campaigns_of(session, county_codes, year):
        county = result.setdefault(campaign.county_code, dict.fromkeys(FIGURES, 0))
        for counts in campaign_counts(session, campaign).values():
            for key in FIGURES:
                county[key] += counts[key]
    return result
