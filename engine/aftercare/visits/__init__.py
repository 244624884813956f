"""走访慰问 (seed 四(四)(九); the Zhengzhou notice's festival visits) — the community visits its
retirees in difficulty (特困、高龄、鳏寡、重病、残疾, ``visit_plan``) and records each visit: the day,
the visitor, what was found, the help given and any referral (低保, medical services).

A festival campaign (春节、重阳 …, processes/festival_visits.bpmn) fixes its plan when it opens
(``visit_plan_entry``: who and why, per community); each community records its visits person by
person on its task (``visit_sheets``) and submits once everyone has a visit or a reason for not
being visited; people who die meanwhile drop out of the outstanding list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine.aftercare.visits import plan as visit_plan
from engine.database import Base, UTCDateTime
from engine.directory.organisations import organisation_names
from engine.registry.retirees import Retiree
from engine.registry.steps import Step, refuse
from engine.workflow.events import CaseStarted
from engine.workflow.models import ProcessDefinition
from engine.workflow.services import ServiceContext

KEY = "festival_visits"
#: 转介 — where a visit refers the person
REFERRALS = {"none": "无", "subsistence": "低保", "medical": "医疗服务"}


class VisitCampaign(Base):
    """One county's festival campaign (its case): festival, year, due date."""

    __tablename__ = "visit_campaign"
    __table_args__ = (Index("ix_visit_campaign_county_year", "county_code", "year"),)

    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), primary_key=True)
    county_code: Mapped[str] = mapped_column(String(6))
    year: Mapped[int] = mapped_column(Integer)
    festival: Mapped[str] = mapped_column(String(50))
    due: Mapped[date] = mapped_column(Date)
    opened_by: Mapped[str] = mapped_column(String(100))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)


class VisitPlanEntry(Base):
    """A person in a campaign's plan, why, and (when not visited) the reason given."""

    __tablename__ = "visit_plan_entry"
    __table_args__ = (
        UniqueConstraint("instance_id", "retiree_id", name="uq_visit_plan_entry_person"),
        Index("ix_visit_plan_entry_community", "instance_id", "community_org"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"))
    retiree_id: Mapped[int] = mapped_column(ForeignKey("retiree.id"), index=True)
    community_org: Mapped[str] = mapped_column(String(100))
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: 未走访原因 (None: visited, or not yet)
    not_visited: Mapped[str | None] = mapped_column(String(500))
    marked_by: Mapped[str | None] = mapped_column(String(100))
    marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Visit(Base):
    """One visit to one person, by whom and when it was recorded (in a campaign or not)."""

    __tablename__ = "visit"
    __table_args__ = (Index("ix_visit_campaign_person", "instance_id", "retiree_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    retiree_id: Mapped[int] = mapped_column(ForeignKey("retiree.id"), index=True)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"))
    community_org: Mapped[str] = mapped_column(String(100), index=True)
    visited_on: Mapped[date] = mapped_column(Date)
    visitor: Mapped[str] = mapped_column(String(100))
    found: Mapped[str] = mapped_column(Text, default="")
    help_given: Mapped[str] = mapped_column(Text, default="")
    referral: Mapped[str] = mapped_column(String(20), default="none")
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


Entry = VisitPlanEntry


def county_living(county: str):
    """The SQL condition for a county's living people in its communities."""
    return (
        (Retiree.destination_code == county)
        & (Retiree.status == "received")
        & Retiree.community_org.is_not(None)
    )


# -- opening a campaign: the plan ------------------------------------------------------------------------


def communities(
    context: ServiceContext, county: str, on: str, reasons: list, minimum_ages: list
) -> list[dict]:
    """The county's communities with people in the plan the table gave (one task each)."""
    criteria = visit_plan.criteria_from({"visit_reason": reasons, "visit_minimum_age": minimum_ages})
    planned = visit_plan.plan(context.session, [county_living(county)], date.fromisoformat(on), criteria)
    counts: dict[str, int] = {}
    for person in planned:
        counts[person.community_org] = counts.get(person.community_org, 0) + 1
    names = organisation_names(context.session, counts)
    found = [{"org": org, "name": names.get(org, org), "planned": n} for org, n in counts.items()]
    return sorted(found, key=lambda c: c["name"])


SERVICES: dict[str, Callable[..., Any]] = {"festival_visit_plan": communities}


def record_campaign(event: CaseStarted) -> None:
    """The campaign opened: its row, and its plan fixed by the table of the case's own version
    (the same rows the diagram's ``decide_visit_plan`` ran)."""
    campaign, session = event.data["campaign"], event.session
    due = date.fromisoformat(campaign["due"])
    session.add(
        VisitCampaign(
            instance_id=event.instance.id,
            county_code=campaign["county"],
            year=int(campaign["year"]),
            festival=campaign["name"],
            due=due,
            opened_by=campaign["government"],
            opened_at=event.now,
        )
    )
    definition = session.get(ProcessDefinition, event.instance.definition_id)
    criteria = visit_plan.criteria(session, event.data.get("festival", ""), definition)
    for person in visit_plan.plan(session, [county_living(campaign["county"])], due, criteria):
        session.add(
            Entry(
                instance_id=event.instance.id,
                retiree_id=person.retiree_id,
                community_org=person.community_org,
                reasons=person.reasons,
            )
        )


STARTED: dict[str, Callable[[CaseStarted], None]] = {KEY: record_campaign}


# -- the counts ------------------------------------------------------------------------------------------


def visited_people(instance_id: int):
    """A select of the people visited in a campaign."""
    return select(Visit.retiree_id).where(Visit.instance_id == instance_id)


def tally(session: Session, instance_id: int, *where) -> dict[str, int]:
    """A campaign's planned people matching ``where`` by what is recorded of them: planned,
    visited, not_visited (with a reason), outstanding (living, neither), died (not visited,
    since deceased), referred (referrals made)."""
    # grouped by the labels (PostgreSQL takes a repeated subquery with new parameters for
    # another expression than the one selected)
    flags = (
        Entry.retiree_id.in_(visited_people(instance_id)).label("visited"),
        Entry.not_visited.is_not(None).label("skipped"),
        (Retiree.status == "deceased").label("died"),
    )
    rows = session.execute(
        select(*flags, func.count())
        .join(Retiree, Retiree.id == Entry.retiree_id)
        .where(Entry.instance_id == instance_id, *where)
        .group_by(*flags)
    ).all()
    counts = dict.fromkeys(("planned", "visited", "not_visited", "outstanding", "died"), 0)
    for visited, skipped, died, n in rows:
        counts["planned"] += n
        state = "visited" if visited else "not_visited" if skipped else "died" if died else "outstanding"
        counts[state] += n
    counts["referred"] = int(
        session.scalar(
            select(func.count()).select_from(Visit).join(Entry, (Entry.retiree_id == Visit.retiree_id)
                                                         & (Entry.instance_id == Visit.instance_id))
            .where(Visit.instance_id == instance_id, Visit.referral != "none", *where)
        ) or 0
    )  # fmt: skip
    return counts


# -- what completing the tasks records ---------------------------------------------------------------------


def record_visits(step: Step) -> None:
    """The community's visits: each living person of its list visited or given a reason (a refusal
    of the whole submission, not of a field: the records are on the list, not in the form)."""
    counts = tally(step.session, step.instance.id, Entry.community_org == step.item.owner_org)
    if counts["outstanding"]:
        refuse(
            "",
            f"还有 {counts['outstanding']} 人未登记走访情况或未走访原因：请在走访名单中逐人登记后再提交",
        )


RECORDS: dict[str, Callable[[Step], None]] = {"festival_visits": record_visits}


# -- figures -----------------------------------------------------------------------------------------------


def campaigns_of(
    session: Session, county_codes: Sequence[str] | None, year: int | None = None
) -> list[VisitCampaign]:
    statement = select(VisitCampaign)
    if year is not None:
        statement = statement.where(VisitCampaign.year == year)
    if county_codes is not None:
        statement = statement.where(VisitCampaign.county_code.in_(list(county_codes)))
    return list(session.scalars(statement.order_by(VisitCampaign.due.desc(), VisitCampaign.instance_id)))


def figures(session: Session, county_codes: Sequence[str] | None, year: int) -> dict[str, dict[str, int]]:
    """County → planned (people in that year's campaign plans), visited (of those), referred."""
    result: dict[str, dict[str, int]] = {}
    for campaign in campaigns_of(session, county_codes, year):
        counts = tally(session, campaign.instance_id)
        county = result.setdefault(campaign.county_code, {"planned": 0, "visited": 0, "referred": 0})
        for key in county:
            county[key] += counts[key]
    return result
