"""The things a milestone counts (one row each), kept current by the steps that make them.

| milestone | unit | one per |
|---|---|---|
| M1 | 框架协议 framework agreement | programme case × prefecture (or 省直管县) of its roster |
| M2 | 具体移交协议 specific agreement | programme case × receiving county |
| M3 | 社区管理组织职能、人员移交 | community-organisation case |
| M4 | 本县移交完成 a county's hand-over | programme case × receiving county |

A programme case whose roster is not yet grouped counts as one M1 unit without a prefecture
(it cannot have signed anything yet); grouping replaces it with the real ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine import procedures
from engine.database import Base, UTCDateTime
from engine.directory.organisations import Organisation
from engine.policy import divisions
from engine.policy.rules import DEFAULT_MILESTONES, management_fee
from engine.procedures.retiree_handover_programme import GROUPING
from engine.registry import handover
from engine.workflow.deadlines import milestone_deadline, to_deadline
from engine.workflow.events import CaseStarted, StepCompleted, StepSubmitted
from engine.workflow.models import ProcessInstance, WorkItem


class MilestoneUnit(Base):
    """One unit a milestone counts, with the figures the dashboard sums."""

    __tablename__ = "milestone_unit"
    __table_args__ = (
        UniqueConstraint("instance_id", "kind", "scope_code"),
        # The dashboard's two aggregates read these covering indexes only (a province of 3,000
        # cases: ~110 ms from the table, ~18 ms from the indexes on SQLite).
        Index(
            "ix_milestone_unit_cells",
            *("campaign", "milestone", "prefecture_code", "county_code", "enterprise_org"),
            *("due_at", "done_at"),
        ),
        Index(
            "ix_milestone_unit_figures",
            *("campaign", "kind", "prefecture_code", "county_code", "enterprise_org"),
            *("retirees_planned", "retirees_received", "archives_planned", "archives_received"),
            *("fee_due", "fee_disbursed"),
        ),
        Index("ix_milestone_unit_done", "campaign", "done_at", "milestone", "prefecture_code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(200))
    milestone: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(40))
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"))
    #: the prefecture or county code the unit is about ("case" for the case as a whole)
    scope_code: Mapped[str] = mapped_column(String(20))
    enterprise_org: Mapped[str | None] = mapped_column(String(100))
    prefecture_code: Mapped[str | None] = mapped_column(String(6))
    county_code: Mapped[str | None] = mapped_column(String(6))
    title: Mapped[str] = mapped_column(String(300), default="")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retirees_planned: Mapped[int] = mapped_column(Integer, default=0)
    retirees_received: Mapped[int] = mapped_column(Integer, default=0)
    archives_planned: Mapped[int] = mapped_column(Integer, default=0)
    archives_received: Mapped[int] = mapped_column(Integer, default=0)
    fee_due: Mapped[int] = mapped_column(Integer, default=0)  # yuan
    fee_disbursed: Mapped[int] = mapped_column(Integer, default=0)  # yuan
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


DEFAULT_CAMPAIGN = "2017年省属企业退休人员社会化管理移交"

#: unit kind → its milestone
KINDS = {
    "roster": "M1",  # a programme not yet grouped: its framework agreements are still unknown
    "framework_agreement": "M1",
    "specific_agreement": "M2",
    "community_org": "M3",
    "county_handover": "M4",
}
CASE_SCOPE = "case"


def campaign_of(data: dict[str, Any]) -> str:
    """The campaign a case belongs to: ``campaign.name`` in its data, else the 2017 one."""
    campaign = data.get("campaign")
    name = campaign.get("name") if isinstance(campaign, dict) else None
    return name if isinstance(name, str) and name else DEFAULT_CAMPAIGN


# -- what a step does to the units --------------------------------------------------------------


def programme_started(event: CaseStarted) -> None:
    """A new programme counts as one M1 unit until its roster is grouped."""
    instance = event.instance
    _add(event.session, instance, event.data, event.now, "roster", CASE_SCOPE, title=instance.title)


def community_org_started(event: CaseStarted) -> None:
    """A community organisation's hand-over is its M3 unit from the start."""
    instance, session = event.instance, event.session
    county = _division_of(session, instance.parties.get("receiving_government"))
    title = instance.title
    _add(session, instance, event.data, event.now, "community_org", CASE_SCOPE, county=county, title=title)


class ProgressListener:
    """Moves the milestone units on as the procedures declare (``Procedure.started``, ``Step.progress``)."""

    def case_started(self, event: CaseStarted) -> None:
        declared = procedures.procedure(event.instance.process_key)
        if declared is not None and declared.started is not None:
            STARTS[declared.started](event)

    def step_submitted(self, event: StepSubmitted) -> None:
        pass

    def step_completed(self, event: StepCompleted) -> None:
        change = procedures.step(event.process_id, event.task_id).progress
        if change is not None:
            CHANGES[change](_Step.of(event))


LISTENER = ProgressListener()


@dataclass(frozen=True)
class _Step:
    session: Session
    instance: ProcessInstance
    item: WorkItem
    data: dict[str, Any]
    task_data: dict[str, Any]
    workflow: BpmnWorkflow

    @classmethod
    def of(cls, event: StepCompleted) -> _Step:
        return cls(event.session, event.instance, event.item, event.data, event.task_data, event.workflow)

    @property
    def now(self) -> datetime:
        return self.item.completed_at

    def scope(self, key: str) -> str | None:
        value = self.task_data.get(key)
        return value.get("code") if isinstance(value, dict) else None

    def unit(self, kind: str, scope_code: str | None) -> MilestoneUnit | None:
        if scope_code is None:
            return None
        # a year's fee case (engine.fees) counts toward the programme that opened it
        programme = self.task_data.get("programme_case") or self.instance.id
        return self.session.scalar(
            select(MilestoneUnit).where(
                MilestoneUnit.instance_id == programme,
                MilestoneUnit.kind == kind,
                MilestoneUnit.scope_code == scope_code,
            )
        )

    def count(self, figure: str, field: str) -> None:
        """Add the form's whole number ``field`` to the county hand-over's ``figure``."""
        unit = self.unit("county_handover", self.scope("county"))
        if unit is not None:
            setattr(unit, figure, getattr(unit, figure) + _whole(self.data.get(field)))
            unit.updated_at = self.now

    def recount(self) -> None:
        """The county hand-over's people received and archives accepted, as the registry has them."""
        scope = handover.county_scope(self.instance.id, self.task_data)
        unit = self.unit("county_handover", scope.county if scope else None)
        if unit is not None:
            figures = handover.figures(self.session, scope)
            unit.retirees_received, unit.archives_received = figures.received, figures.archives_accepted
            unit.updated_at = self.now

    def done(self, kind: str, scope_code: str | None) -> None:
        unit = self.unit(kind, scope_code)
        if unit is not None and unit.done_at is None:
            unit.done_at = unit.updated_at = self.now


def roster_grouped(step: _Step) -> None:
    """登记造册 done: the programme's real units, from the grouping that ran right after it."""
    grouped = _grouping(step.workflow)
    if grouped is None:  # the grouping failed, or has not run: the placeholder stays
        return
    step.session.execute(
        delete(MilestoneUnit).where(
            MilestoneUnit.instance_id == step.instance.id, MilestoneUnit.kind == "roster"
        )
    )
    data = {**step.task_data, **grouped}
    known = set(
        step.session.execute(
            select(MilestoneUnit.kind, MilestoneUnit.scope_code).where(
                MilestoneUnit.instance_id == step.instance.id
            )
        ).tuples()
    )  # a roster registered again (a later version's loop) keeps the units it already has
    for prefecture in grouped.get("prefectures") or []:
        if ("framework_agreement", prefecture["code"]) in known:
            continue
        _add(
            step.session, step.instance, data, step.now, "framework_agreement", prefecture["code"],
            title=f"{step.instance.title} · {prefecture['name']}框架协议",
            prefecture=prefecture["code"], retirees=prefecture.get("retiree_count", 0),
        )  # fmt: skip
    for county in grouped.get("counties") or []:
        for kind, what in (("specific_agreement", "具体移交协议"), ("county_handover", "移交")):
            if (kind, county["code"]) in known:
                continue
            _add(
                step.session, step.instance, data, step.now, kind, county["code"],
                title=f"{step.instance.title} · {county['name']}{what}",
                prefecture=county.get("prefecture_code"), county=county["code"],
                retirees=county.get("retiree_count", 0),
            )  # fmt: skip


def framework_signed(step: _Step) -> None:
    if step.data.get("approved") is True:
        step.done("framework_agreement", step.scope("prefecture"))


def specific_signed(step: _Step) -> None:
    if step.data.get("approved") is True:
        step.done("specific_agreement", step.scope("county"))


def county_confirmed(step: _Step) -> None:
    step.done("county_handover", step.scope("county"))


def retirees_received(step: _Step) -> None:
    """社区接收: the county's people its communities have received, counted in the registry."""
    step.recount()


def archives_received(step: _Step) -> None:
    """回执: the county's people whose archives were accepted (or excepted), from the registry."""
    step.recount()


def fee_planned(step: _Step) -> None:
    """The recorded instalment plan replaces the year's fee estimated from the roster."""
    unit = step.unit("county_handover", step.scope("county"))
    instalments = step.data.get("instalments")
    if unit is not None and isinstance(instalments, list):
        unit.fee_due = sum(_whole(i.get("amount")) for i in instalments if isinstance(i, dict))
        unit.updated_at = step.now


def fee_disbursed(step: _Step) -> None:
    """拨付: the first year's instalments count toward the campaign's county hand-over (the plan it
    recorded); later years are the county's own, outside the 2017 schedule."""
    if step.task_data.get("plan") is not None:
        step.count("fee_disbursed", "amount")


def community_staff_received(step: _Step) -> None:
    if step.data.get("accepted") is True:
        step.done("community_org", CASE_SCOPE)


#: the changes a procedure's step may declare (``engine.procedures.Step.progress``)
CHANGES: dict[str, Callable[[_Step], None]] = {
    change.__name__: change
    for change in (
        roster_grouped,
        framework_signed,
        specific_signed,
        retirees_received,
        archives_received,
        fee_planned,
        fee_disbursed,
        county_confirmed,
        community_staff_received,
    )
}
#: what a procedure's start may declare (``engine.procedures.Procedure.started``)
STARTS: dict[str, Callable[[CaseStarted], None]] = {
    start.__name__: start for start in (programme_started, community_org_started)
}


# -- helpers ------------------------------------------------------------------------------------


def _add(
    session: Session,
    instance: ProcessInstance,
    data: dict[str, Any],
    now: datetime,
    kind: str,
    scope_code: str,
    *,
    title: str,
    prefecture: str | None = None,
    county: str | None = None,
    retirees: int = 0,
) -> None:
    milestone = KINDS[kind]
    if county and not prefecture:
        prefecture = divisions.prefecture_of(county)
    handover = kind == "county_handover"
    session.add(
        MilestoneUnit(
            campaign=campaign_of(data),
            milestone=milestone,
            kind=kind,
            instance_id=instance.id,
            scope_code=scope_code,
            enterprise_org=instance.parties.get("enterprise"),
            prefecture_code=prefecture,
            county_code=county,
            title=title[:300],
            due_at=milestone_deadline(milestone, data) or to_deadline(DEFAULT_MILESTONES[milestone]),
            retirees_planned=retirees if handover else 0,
            archives_planned=retirees if handover else 0,
            fee_due=management_fee(retirees) if handover else 0,
            updated_at=now,
        )
    )


def _grouping(workflow: BpmnWorkflow) -> dict[str, Any] | None:
    done = [t for t in workflow.get_tasks(state=TaskState.COMPLETED) if t.task_spec.name == GROUPING]
    if not done:
        return None
    latest = max(done, key=lambda t: t.last_state_change)
    return {key: latest.data.get(key) for key in ("counties", "prefectures")}


def _division_of(session: Session, organisation_id: str | None) -> str | None:
    if not organisation_id:
        return None
    organisation = session.get(Organisation, organisation_id)
    return organisation.division_code if organisation is not None else None


def _whole(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0
