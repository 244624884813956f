"""Fee cycles (六(二)2: "管理费用暂按每人1000元的标准计算，此项经费先由省级财政分期拨付给相关县(市、区)
政府，专款专用").

A county's hand-over records its first year's plan (核定并列支管理费用) and is then complete: the money
it schedules comes later and must not hold the hand-over up. Recording the plan opens the county's
fee cycle; the worker opens one ``management_fee`` case for each year of the cycle the clock has
reached — the first with the plan recorded, every later one planned afresh at that year's rate
(``management_fee_rate.dmn``) — so a year is paid, instalment by instalment, on its own dates.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine import procedures
from engine.database import Base, UTCDateTime
from engine.directory.roles import SYSTEM
from engine.registry import handover
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.events import CaseStarted, StepCompleted, StepSubmitted
from engine.workflow.services import ServiceContext

if TYPE_CHECKING:
    from engine.workflow.runtime import Engine

#: the process of one year of a county's fee (processes/management_fee.bpmn)
FEE_YEAR_PROCESS = "management_fee"


class FeeCycle(Base):
    """One county's management fee, year after year, from its hand-over on."""

    __tablename__ = "fee_cycle"
    __table_args__ = (UniqueConstraint("programme_id", "county_code", name="uq_fee_cycle_county"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the programme (case) whose county hand-over opened the cycle: its people are the county's
    programme_id: Mapped[int] = mapped_column(Integer, index=True)
    county_code: Mapped[str] = mapped_column(String(6))
    #: what each year's case starts with: county, enterprise, payer, parties (data, not code)
    basis: Mapped[dict[str, Any]] = mapped_column(JSON)
    first_year: Mapped[int] = mapped_column(Integer)
    #: the first year's plan as the county hand-over recorded it (budget document, instalments)
    first_plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FeeYear(Base):
    """The case of one year of a cycle; unique, so two workers never open a year twice."""

    __tablename__ = "fee_year"
    __table_args__ = (UniqueConstraint("cycle_id", "year", name="uq_fee_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("fee_cycle.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    instance_id: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)


def open_cycle(event: StepCompleted) -> FeeCycle | None:
    """The county's cycle, opened by its recorded first-year plan (None if it is open already)."""
    data, session = event.task_data, event.session
    county = data["county"]
    exists = session.scalar(
        select(FeeCycle.id).where(
            FeeCycle.programme_id == event.instance.id, FeeCycle.county_code == county["code"]
        )
    )
    if exists is not None:
        return None
    parties = data.get("parties") or {}
    cycle = FeeCycle(
        programme_id=event.instance.id,
        county_code=county["code"],
        basis={
            "county": {key: county.get(key) for key in ("code", "name", "prefecture_code")},
            "enterprise": {"name": (data.get("enterprise") or {}).get("name")},
            "fee_payer": data.get("fee_payer"),
            "parties": {
                role: parties[role]
                for role in ("enterprise", "receiving_government", "finance_bureau", "supervisor")
                if parties.get(role)
            },
        },
        first_year=int(data["fee_year"]),
        first_plan={key: event.data.get(key) for key in ("budget_document", "instalments")},
        opened_at=event.now,
    )
    session.add(cycle)
    return cycle


def open_due_years(session: Session, engine: Engine, now: datetime) -> int:
    """Open the case of every year the clock has reached and a cycle has no case for yet (the
    worker's round); the number opened. Cycles another worker holds are left to it."""
    this_year = now.astimezone(CHINA_TZ).year
    cycles = session.scalars(
        select(FeeCycle)
        .where(FeeCycle.first_year <= this_year)
        .order_by(FeeCycle.id)
        .with_for_update(skip_locked=True)
    ).all()
    opened = 0
    for cycle in cycles:
        done = set(session.scalars(select(FeeYear.year).where(FeeYear.cycle_id == cycle.id)))
        for year in range(cycle.first_year, this_year + 1):
            if year not in done:
                _open_year(session, engine, cycle, year, now)
                opened += 1
    return opened


def _open_year(session: Session, engine: Engine, cycle: FeeCycle, year: int, now: datetime) -> None:
    basis = cycle.basis
    data = {
        "county": basis["county"],
        "enterprise": basis["enterprise"],
        "fee_payer": basis["fee_payer"],
        "fee_year": year,
        "programme_case": cycle.programme_id,
        # the first year was planned in the hand-over; a later year is planned at its own rate
        "plan": cycle.first_plan if year == cycle.first_year else None,
    }
    title = f"{basis['county']['name']} {year}年度管理费用拨付（{basis['enterprise']['name']}）"
    instance = engine.start(session, FEE_YEAR_PROCESS, dict(basis["parties"]), data, SYSTEM, title)
    session.add(FeeYear(cycle_id=cycle.id, year=year, instance_id=instance.id, opened_at=now))


def fee_retirees(context: ServiceContext, programme: int, county: str) -> int:
    """The people of the programme's hand-over to the county, as the registry has them now."""
    return handover.figures(context.session, handover.CountyScope(int(programme), county)).retirees


class FeeListener:
    """Opens a county's cycle when a step that declares it (``Step.opens_fee_cycle``) completes."""

    services = {"fee_retirees": fee_retirees}

    def case_started(self, event: CaseStarted) -> None:
        pass

    def step_submitted(self, event: StepSubmitted) -> None:
        pass

    def step_completed(self, event: StepCompleted) -> None:
        if procedures.step(event.process_id, event.task_id).opens_fee_cycle:
            open_cycle(event)


LISTENER = FeeListener()
