"""The lists of a certification campaign's tasks (认证名单) and the marks the officials give on
them: a community's living people (its certification task), those on its follow-up list (its
follow-up task), and the county's people whose pension the agency suspends (its suspension task).

A list is read a page at a time in SQL, searched by name, ID number or address; the marks are
stored as the official works, person by person or a page at a time, only while they hold the
task, and each save is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from engine.aftercare.certification import (
    METHODS,
    OUTCOMES,
    STAGES,
    CertificationCampaign,
    CertificationRound,
    Mark,
    joined_marks,
    suspension_list,
    tally,
)
from engine.database import contains
from engine.directory import audit
from engine.directory.roles import Actor
from engine.errors import InvalidTaskData, NotFound, TaskConflict
from engine.procedures.certification_campaign import KEY, SHEETS
from engine.registry.retirees import Retiree, living_in
from engine.workflow.models import WorkItem

PER_PAGE = 50
MAX_PER_PAGE = 500
#: a list narrowed to the people not marked yet, or marked so
STATES = ("unmarked", "certified", "not_found", "died")


@dataclass(frozen=True)
class Sheet:
    """The list one task holds: its case, its organisation (a community, or the agency) and stage."""

    item: WorkItem
    campaign: CertificationCampaign
    stage: str

    @property
    def instance_id(self) -> int:
        return self.item.instance_id

    def where(self) -> list[ColumnElement[bool]]:
        if self.stage == "suspension":
            return suspension_list(self.instance_id, self.campaign.county_code)
        where = [living_in(self.item.owner_org)]
        return where + ([Mark.in_follow_up.is_(True)] if self.stage == "follow_up" else [])

    def counts(self, session: Session) -> dict[str, int]:
        """The list's people by their mark, from the registry and the marks (never typed)."""
        return tally(session, self.instance_id, *self.where())

    def recorded(self, session: Session) -> dict[str, int] | None:
        """The tally its task recorded when it was completed (None before)."""
        found = session.get(CertificationRound, (self.instance_id, self.item.owner_org, self.stage))
        if found is None:
            return None
        keys = ("listed", "certified", "not_found", "died", "suspended")
        counts = {key: getattr(found, key) for key in keys}
        return {**counts, "unmarked": found.listed - found.certified - found.not_found - found.died}


def sheet_of(session: Session, item: WorkItem) -> Sheet:
    """The list of a campaign task (``NotFound`` for any other task)."""
    stage = SHEETS.get(item.spec_id) if item.process_key == KEY else None
    campaign = session.get(CertificationCampaign, item.instance_id) if stage else None
    if campaign is None:
        raise NotFound(f"task {item.id} has no certification list")
    return Sheet(item, campaign, stage)


@dataclass
class SheetPage:
    rows: list[tuple[Retiree, Mark | None]]
    total: int
    page: int
    per_page: int
    counts: dict[str, int]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def searched(q: str, state: str = "") -> list[ColumnElement[bool]]:
    """Name, ID number or address containing ``q``; and the mark's state when asked."""
    where: list[ColumnElement[bool]] = []
    if q.strip():
        columns = (Retiree.name, Retiree.id_number, Retiree.address)
        where.append(or_(*(contains(column, q.strip()) for column in columns)))
    if state == "unmarked":
        where.append(Mark.outcome.is_(None))
    elif state in OUTCOMES:
        where.append(Mark.outcome == state)
    return where


def _query(sheet: Sheet, where: list[ColumnElement[bool]]) -> Select:
    return (
        select(Retiree, Mark).outerjoin(Mark, joined_marks(sheet.instance_id)).where(*sheet.where(), *where)
    )


def page_of(
    session: Session, sheet: Sheet, q: str = "", state: str = "", page: int = 1, per_page: int = PER_PAGE
) -> SheetPage:
    """One page of the list (by address, then registry order), with the whole list's counts."""
    per_page, page = min(max(per_page, 1), MAX_PER_PAGE), max(page, 1)
    where = searched(q, state)
    counts = sheet.counts(session)
    if where:
        total = session.scalar(
            select(func.count()).select_from(Retiree).outerjoin(Mark, joined_marks(sheet.instance_id))
            .where(*sheet.where(), *where)
        )  # fmt: skip
    else:
        total = counts["listed"]
    statement = (
        _query(sheet, where)
        .order_by(Retiree.address, Retiree.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    rows = [(retiree, mark) for retiree, mark in session.execute(statement).all()]
    return SheetPage(rows, int(total or 0), page, per_page, counts)


@dataclass(frozen=True)
class Marking:
    """One person's mark as given: the person (registry id or ID number), outcome, method, date."""

    person: int | str
    outcome: str
    method: str | None = None
    on: date | None = None


def marking(row: dict[str, Any], index: int) -> Marking:
    """A mark from a form row or a JSON object, refused field by field when it is wrong."""
    person = row.get("retiree_id") or row.get("id_number")
    if isinstance(person, str) and person.isdigit() and len(person) < 18:
        person = int(person)
    if not person:
        raise InvalidTaskData({f"marks.{index}.id_number": ["请指明人员（身份证号）"]})
    on = row.get("on") or row.get("certified_on")
    try:
        day = date.fromisoformat(str(on)) if on else None
    except ValueError:
        raise InvalidTaskData({f"marks.{index}.on": [f"日期 {on} 无效"]}) from None
    return Marking(person, str(row.get("outcome") or ""), str(row.get("method") or "") or None, day)


def _check(sheet: Sheet, mark: Marking, index: int, today: date) -> None:
    allowed = STAGES.get(sheet.stage, ())
    if mark.outcome not in allowed:
        names = "、".join(OUTCOMES[o] for o in allowed)
        raise InvalidTaskData({f"marks.{index}.outcome": [f"认证结果只能是{names}"]})
    if mark.outcome != "certified":
        return
    if mark.method not in METHODS:
        raise InvalidTaskData({f"marks.{index}.method": ["请选择认证方式：本人到场、上门认证或远程认证"]})
    if mark.on is None or mark.on > today or mark.on < date(sheet.campaign.year, 1, 1):
        raise InvalidTaskData({f"marks.{index}.on": [f"认证日期须在 {sheet.campaign.year} 年内且不晚于今天"]})


def held_sheet(session: Session, item: WorkItem, actor: Actor) -> Sheet:
    """The list of a task the actor holds: open, claimed by them, their organisation's."""
    if item.owner_org != actor.organisation_id:
        raise NotFound(f"task {item.id} is not your organisation's")
    sheet = sheet_of(session, item)
    if item.state != "open":
        raise TaskConflict(f"task {item.id} is {item.state}")
    if item.claimed_by != actor.user_id:
        raise TaskConflict(f"claim task {item.id} before marking its list")
    if sheet.stage == "suspension":
        raise NotFound(f"task {item.id} has no list to mark")
    return sheet


def mark(
    session: Session, sheet: Sheet, marks: list[Marking], actor: Actor, now: datetime, today: date
) -> int:
    """Store the marks (each person must be on the list; nothing is stored if one is refused)."""
    for index, given in enumerate(marks):
        _check(sheet, given, index, today)
    people = _listed(session, sheet, marks)
    for index, given in enumerate(marks):
        found = people.get(given.person)
        if found is None:
            raise InvalidTaskData({f"marks.{index}.id_number": [f"{given.person} 不在本任务的名单中"]})
        retiree, existing = found
        row = existing or Mark(
            instance_id=sheet.instance_id, retiree_id=retiree.id, community_org=retiree.community_org
        )
        row.outcome, row.stage = given.outcome, sheet.stage
        row.method = given.method if given.outcome == "certified" else None
        row.certified_on = given.on if given.outcome == "certified" else None
        row.marked_by, row.marked_at = actor.user_id, now
        if existing is None:
            session.add(row)
    session.flush()
    # the registry's ids, never ID numbers: the audit log is read beyond the community
    detail = {"stage": sheet.stage, "marks": [[people[m.person][0].id, m.outcome] for m in marks]}
    audit.record(session, "certification_mark", actor, now, item=sheet.item, detail=detail)
    return len(marks)


def _listed(session: Session, sheet: Sheet, marks: list[Marking]) -> dict[Any, tuple[Retiree, Mark | None]]:
    """The marked people found on the list, by the way each was named (id or ID number)."""
    ids = [m.person for m in marks if isinstance(m.person, int)]
    numbers = [m.person for m in marks if isinstance(m.person, str)]
    named = or_(Retiree.id.in_(ids), Retiree.id_number.in_(numbers))
    found: dict[Any, tuple[Retiree, Mark | None]] = {}
    for retiree, existing in session.execute(_query(sheet, [named])).all():
        found[retiree.id] = found[retiree.id_number] = (retiree, existing)
    return found
