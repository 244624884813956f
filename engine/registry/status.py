"""移交进度 — how far each registered retiree's hand-over has come, moved on by the steps that do it.

``LISTENER`` hears every completed step in the step's own transaction; the procedures declare
which task makes which move (``engine/procedures/``, ``Step.registry``), ``MOVES`` below says
what each move does. The people of a county hand-over are the registry rows of
the case's enterprise (``parties["enterprise"]``) going to the task's county (``county["code"]``)
that are handed over at all (not ``excluded``); each move is one UPDATE over them.

Readings (see also the registry page's help):
- **Statuses never go backwards**: every UPDATE only touches rows at an earlier stage.
- **Allocated** once the allocation is *accepted*: ``check_allocation`` found the counts right,
  which shows as the community reception tasks it opened (an allocation sent back opens none;
  a community belongs to one county, so its tasks are told apart by their owner).
- **Received** when every community of the allocation has reported its reception (allocations
  give counts, not names, so one reception cannot say whom it received). ``community_org`` is
  recorded only when the whole county went to one community.
- **Archives**: ``sent`` and ``returned`` are one stage — the archive with the archive department,
  or sent back to be supplemented. A check returns the archives it lists and leaves the rest of
  the list ``sent``; a later check may move one between the two. ``accepted`` is final.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from engine import procedures
from engine.policy.rules import retiree_fields_without
from engine.procedures import county_handover
from engine.registry.retirees import ARCHIVE_STATUSES, STATUSES, Retiree
from engine.workflow.events import CaseStarted, StepCompleted
from engine.workflow.models import ProcessInstance, WorkItem

#: stage of each archive status; ``sent`` and ``returned`` share one (see above)
ARCHIVE_STAGE = {"none": 0, "sorted": 1, "sent": 2, "returned": 2, "accepted": 3}
#: SQLite and PostgreSQL both cap the parameters of a statement; longer lists go in batches
BATCH = 1000

assert set(ARCHIVE_STAGE) == set(ARCHIVE_STATUSES)


@dataclass(frozen=True)
class Step:
    """A completed task as the registry reads it."""

    session: Session
    instance: ProcessInstance
    item: WorkItem
    data: dict[str, Any]  # what the form submitted
    task_data: dict[str, Any]  # the case data at the task, the submission included

    @property
    def enterprise(self) -> str | None:
        parties = self.task_data.get("parties")
        local = parties.get("enterprise") if isinstance(parties, dict) else None
        return local or self.instance.parties.get("enterprise")

    @property
    def county(self) -> str | None:
        county = self.task_data.get("county")
        return county.get("code") if isinstance(county, dict) else None

    @property
    def now(self) -> datetime:
        return self.item.completed_at


class RegistryListener:
    """Moves the registry on for each completed step whose procedure declares a move."""

    def case_started(self, event: CaseStarted) -> None:
        pass

    def step_completed(self, event: StepCompleted) -> None:
        move = procedures.step(event.process_id, event.task_id).registry
        if move is not None:
            MOVES[move](Step(event.session, event.instance, event.item, event.data, event.task_data))


LISTENER = RegistryListener()


# -- the programme --------------------------------------------------------------------------------


def link_roster(step: Step) -> None:
    """登记造册: the registered people of the submitted roster now belong to this programme."""
    numbers = [p.get("id_number") for p in step.data.get("roster", []) if isinstance(p, dict)]
    for batch in _batches(sorted({n for n in numbers if isinstance(n, str)})):
        where = [Retiree.enterprise_org == step.enterprise, Retiree.id_number.in_(batch)]
        _execute(step, where, {"instance_id": step.instance.id})


# -- the county hand-over -------------------------------------------------------------------------


def agreement_signed(step: Step) -> None:
    if step.data.get("approved") is True:
        _advance(step, "in_agreement")


def data_verified(step: Step) -> None:
    if step.data.get("all_correct") is True:
        _advance(step, "verified")


def allocation_accepted(step: Step) -> None:
    if _receptions(step, _communities(step.data.get("allocations")), state="open") > 0:
        _advance(step, "allocated")


def reception_reported(step: Step) -> None:
    communities = _communities(step.task_data.get("allocations"))
    if _receptions(step, communities, state="completed") < len(step.task_data.get("allocations") or ()):
        _advance(step, "allocated")  # the allocation was accepted, or no reception task would exist
        return
    only = {"community_org": communities[0]} if len(set(communities)) == 1 else {}
    _advance(step, "received", **only)


def _communities(allocations: Any) -> list[str]:
    return [a["community_org"] for a in allocations or () if isinstance(a, dict) and a.get("community_org")]


def _receptions(step: Step, communities: list[str], state: str) -> int:
    """The case's reception tasks of these communities (the tasks of one county's allocation)."""
    if not communities:
        return 0
    return step.session.scalar(
        select(func.count())
        .select_from(WorkItem)
        .where(
            WorkItem.instance_id == step.instance.id,
            WorkItem.spec_id == county_handover.RECEPTION,
            WorkItem.state == state,
            WorkItem.owner_org.in_(sorted(set(communities))),
        )
    )


# -- the archives (附件2) ---------------------------------------------------------------------------


def archives_sorted(step: Step) -> None:
    listed = [a.get("id_number") for a in step.data.get("archives", []) if isinstance(a, dict)]
    for batch in _batches(sorted({n for n in listed if isinstance(n, str)})):
        _move_archives(step, "sorted", Retiree.id_number.in_(batch))


def archives_checked(step: Step) -> None:
    returned = sorted({r.get("id_number") for r in step.data.get("returned") or [] if isinstance(r, dict)})
    for batch in _batches(returned):
        _move_archives(step, "returned", Retiree.id_number.in_(batch))
    _move_archives(step, "sent", Retiree.archive_status != "none", *_not_in(Retiree.id_number, returned))


def archives_accepted(step: Step) -> None:
    _move_archives(step, "accepted", Retiree.archive_status != "none")


#: the moves a procedure's step may declare (``engine.procedures.Step.registry``)
MOVES: dict[str, Callable[[Step], None]] = {
    move.__name__: move
    for move in (
        link_roster,
        agreement_signed,
        data_verified,
        allocation_accepted,
        reception_reported,
        archives_sorted,
        archives_checked,
        archives_accepted,
    )
}


# -- the statements -------------------------------------------------------------------------------


def statuses_before(status: str) -> tuple[str, ...]:
    return STATUSES[: STATUSES.index(status)]


def archive_statuses_before(status: str) -> tuple[str, ...]:
    """Those a move to ``status`` may start from: earlier stages, and the other one of its own."""
    stage = ARCHIVE_STAGE[status]
    return tuple(s for s in ARCHIVE_STATUSES if s != status and ARCHIVE_STAGE[s] <= stage)


def _advance(step: Step, status: str, **values: Any) -> None:
    _update(step, [Retiree.status.in_(statuses_before(status))], status=status, **values)


def _move_archives(step: Step, status: str, *where: ColumnElement[bool]) -> None:
    _update(
        step, [Retiree.archive_status.in_(archive_statuses_before(status)), *where], archive_status=status
    )


def _update(step: Step, where: list[ColumnElement[bool]], **values: Any) -> None:
    """One UPDATE of the county's people (nobody, for a task outside a county hand-over)."""
    if step.county is None:
        return
    county = [
        Retiree.enterprise_org == step.enterprise,
        Retiree.destination_code == step.county,
        Retiree.excluded.is_(False),
    ]
    _execute(step, [*county, *where], values)


def _execute(step: Step, where: list[ColumnElement[bool]], values: dict[str, Any]) -> None:
    if step.enterprise is None:
        return
    step.session.execute(
        update(Retiree)
        .where(*where)
        .values(**values, updated_at=step.now)
        .execution_options(synchronize_session=False)
    )


def _batches(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), BATCH):
        yield values[start : start + BATCH]


def _not_in(column, values: list[str]) -> Iterator[ColumnElement[bool]]:
    for batch in _batches(values):
        yield column.not_in(batch)


# -- the registry as a roster, and a retiree's steps -------------------------------------------------

#: A registered retiree as ``register_roster`` submits them. No phone here: ``_roster_row`` adds
#: it only when there is one, as the form's schema takes a phone number or no key, never null.
ROSTER_KEYS = retiree_fields_without("phone")


def registered_roster(session: Session, enterprise: str) -> list[dict[str, Any]]:
    """The enterprise's registry rows as ``register_roster`` submits them (dates in ISO 8601)."""
    rows = session.scalars(select(Retiree).where(Retiree.enterprise_org == enterprise).order_by(Retiree.id))
    return [_roster_row(retiree) for retiree in rows]


def registered_count(session: Session, enterprise: str) -> int:
    return session.scalar(
        select(func.count()).select_from(Retiree).where(Retiree.enterprise_org == enterprise)
    )


def _roster_row(retiree: Retiree) -> dict[str, Any]:
    row = {key: getattr(retiree, key) for key in ROSTER_KEYS}
    row["birth_date"] = retiree.birth_date.isoformat()
    row["retirement_date"] = retiree.retirement_date.isoformat()
    row["party_member"] = bool(retiree.party_member)
    row["special_status"] = list(retiree.special_status or [])
    if retiree.phone:
        row["phone"] = retiree.phone
    return row


def steps_concerning(workflow, items: Iterable[WorkItem], county_code: str | None) -> list[WorkItem]:
    """The work items of a programme that concern one receiving county: the programme's own
    steps, the framework agreement of its prefecture, and its own county (and archive) hand-over."""
    return [item for item in items if _concerns(_task_data(workflow, item), county_code)]


def _task_data(workflow, item: WorkItem) -> dict[str, Any] | None:
    task = workflow.get_task_from_id(UUID(item.task_guid))
    return task.data if task is not None else None


def _concerns(data: dict[str, Any] | None, county_code: str | None) -> bool:
    if data is None:
        return False
    county, prefecture = data.get("county"), data.get("prefecture")
    if isinstance(county, dict):
        return county.get("code") == county_code
    if isinstance(prefecture, dict):
        return county_code in (prefecture.get("county_codes") or ())
    return True
