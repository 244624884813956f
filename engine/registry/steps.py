"""A submitted step as the registry reads it, and the statements every move is made of.

A move first checks the submission against the registry (a typed figure against the count, a
listed person against the step's people) and refuses it with ``refuse`` — nothing is applied —
then moves the people it concerns with one UPDATE per batch. Statuses never go backwards: every
UPDATE touches only rows at an earlier stage (``statuses_before``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, update

from engine.errors import InvalidTaskData
from engine.registry import handover
from engine.registry.handover import batches
from engine.registry.retirees import STATUSES, Retiree
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.events import StepSubmitted


@dataclass(frozen=True)
class Step(StepSubmitted):
    """A submitted task as the registry reads it: the runtime's event, with the people's words."""

    @classmethod
    def of(cls, event: StepSubmitted) -> Step:
        return cls(**{f.name: getattr(event, f.name) for f in fields(StepSubmitted)})

    @property
    def enterprise(self) -> str | None:
        parties = self.task_data.get("parties")
        local = parties.get("enterprise") if isinstance(parties, dict) else None
        return local or self.instance.parties.get("enterprise")

    @property
    def scope(self) -> handover.CountyScope | None:
        # a year's fee case (engine.fees) is about the people of the programme that opened it
        programme = self.task_data.get("programme_case") or self.instance.id
        return handover.county_scope(programme, self.task_data)

    @property
    def today(self) -> date:
        return self.now.astimezone(CHINA_TZ).date()

    def rows(self, key: str) -> list[dict[str, Any]]:
        """The submitted table ``key`` (rows that are objects)."""
        return [row for row in self.data.get(key) or [] if isinstance(row, dict)]


def refuse(field: str, message: str) -> None:
    raise InvalidTaskData({field: [message]})


def check_figure(step: Step, field: str, title: str, registered: int, unit: str = "人") -> None:
    """A typed figure (when given) must be the registry's: refused with both numbers."""
    typed = step.data.get(field)
    if isinstance(typed, int) and not isinstance(typed, bool) and typed != registered:
        refuse(field, f"填写的{title} {typed} {unit}与登记库的 {registered} {unit}不符")


def check_listed(step: Step, key: str, allowed: set[str], what: str) -> None:
    """Each listed ``id_number`` of table ``key`` must be one of ``allowed``; named otherwise."""
    for index, row in enumerate(step.rows(key)):
        number = row.get("id_number")
        if number not in allowed:
            refuse(f"{key}.{index}.id_number", f"身份证号 {number} 不是{what}")


def statuses_before(status: str) -> tuple[str, ...]:
    return STATUSES[: STATUSES.index(status)]


def update_people(step: Step, where: Iterable[ColumnElement[bool]], **values: Any) -> None:
    """One UPDATE of the step's county's people matching ``where`` (none outside a county)."""
    scope = step.scope
    if scope is None:
        return
    step.session.execute(
        update(Retiree)
        .where(*scope.where(), *where)
        .values(**values, updated_at=step.now)
        .execution_options(synchronize_session=False)
    )


def advance(step: Step, status: str, *where: ColumnElement[bool], **values: Any) -> None:
    update_people(step, [Retiree.status.in_(statuses_before(status)), *where], status=status, **values)


def each_with_its_text(step: Step, rows: list[dict[str, Any]], column: str, key: str, **values: Any) -> None:
    """Each listed person (``id_number``) gets their row's ``key`` in ``column``, with ``values``:
    one UPDATE per distinct text, in batches."""
    grouped: dict[str, list[str]] = {}
    for row in rows:
        grouped.setdefault(str(row.get(key) or ""), []).append(row["id_number"])
    for text, numbers in grouped.items():
        for batch in batches(numbers):
            update_people(step, [Retiree.id_number.in_(batch)], **{column: text or None}, **values)


def people_where(step: Step, *where: ColumnElement[bool]) -> int:
    scope = step.scope
    return handover.count(step.session, *scope.where(), *where) if scope else 0
