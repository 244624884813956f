"""民政死亡名单 — the civil affairs bureau's death data (Zhengzhou notice: 民政部门向社保经办机构
提供死亡信息), uploaded by a county's social insurance agency as CSV or XLSX with the columns
身份证号, 姓名, 死亡日期. Every row naming a living person of the county whom a community received
opens a death report (``engine.procedures.death_report``), which starts at that community's
confirmation; every other row is explained, by its spreadsheet row number.

The upload request works the list through; a list whose request died (the server restarted) is
finished by the worker's round (``StalledLists`` finds it, ``run_batch(wait=False)`` takes it
unless another transaction holds it), with no second command.

Uploading the same list again opens nothing twice: a person with a report open (or already
已故) is a row explained, not a case. Rows go in batches, one transaction each, so a long list
never holds the database for long and shows its progress (``DeathList.rows_done``)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from engine.aftercare.deaths import people as death_people
from engine.aftercare.deaths.reports import DeathList
from engine.directory.organisations import User
from engine.directory.roles import Actor
from engine.errors import InvalidTaskData
from engine.policy import resident_id
from engine.procedures import death_report
from engine.registry.retirees import Retiree
from engine.registry.rosters.reading import RosterUnreadable, open_roster
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.runtime import Engine

HEADERS = ("身份证号", "姓名", "死亡日期")
#: rows per transaction: each matched row opens a case (a few milliseconds each)
BATCH_SIZE = 100
#: rows one list may hold: it is worked through while the uploader waits (990 reports took 7.5 s
#: on SQLite); a county's monthly list is far smaller, a larger one is split
MAX_ROWS = 2000
#: the date forms civil affairs lists use
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "%Y年%m月%d日")
#: the states of a list with rows still to work through
UNFINISHED = ("pending", "running")
#: rounds in a row in which a batch of the list failed before the worker gives the list up
MAX_ATTEMPTS = 3
BROKEN = (
    f"处理连续{MAX_ATTEMPTS}次意外中断，已停止。已处理的行都已保存；请检查文件后重新上传，"
    "已开具死亡报告的人员不会重复开具"
)


@dataclass(frozen=True)
class Row:
    """One data row of the list as read: its spreadsheet number and its three cells."""

    number: int
    id_number: str
    name: str
    died_on: Any

    @property
    def key(self) -> str:
        """The ID number as the registry keeps it (half-width, capital X)."""
        return resident_id.normalised(self.id_number).upper()


def store(
    session: Session,
    agency_org: str,
    county_code: str,
    filename: str,
    content: bytes,
    user: str,
    now: datetime,
) -> DeathList:
    """Keep an uploaded list (with its hash) to be worked through; ``RosterUnreadable`` (a reason
    in Chinese) for a file that cannot be read."""
    rows = read(content, filename)
    if len(rows) > MAX_ROWS:
        raise RosterUnreadable(f"名单超过 {MAX_ROWS} 行：请分成几个文件分别上传")
    listed = DeathList(
        agency_org=agency_org,
        county_code=county_code,
        filename=filename,
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by=user,
        uploaded_at=now,
        state="pending",
        rows_total=len(rows),
        rows_done=0,
        opened=0,
        unmatched=[],
    )
    session.add(listed)
    session.flush()
    return listed


def read(content: bytes, filename: str) -> list[Row]:
    """The data rows of a list (header row 1: 身份证号, 姓名, 死亡日期 in any order)."""
    table = open_roster(content, filename, headers=HEADERS, required=HEADERS)
    return [
        Row(number, _text(values.get("身份证号")), _text(values.get("姓名")), values.get("死亡日期"))
        for number, values in table.rows()
    ]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def run_batch(
    session: Session,
    engine: Engine,
    list_id: int,
    actor: Actor | None = None,
    batch_size: int = BATCH_SIZE,
    wait: bool = True,
) -> bool | None:
    """Work through the next ``batch_size`` rows of the list (in the caller's transaction, the
    list's row locked: two runners take turns, never opening a row twice); True once the list is
    done. ``actor``: who opens the reports (by default the uploader). ``wait=False`` (the worker):
    None, nothing done, while another transaction holds the list (PostgreSQL ``SKIP LOCKED``)."""
    locked = locking(list_id, wait)
    listed = session.scalars(locked).one() if wait else session.scalars(locked).one_or_none()
    if listed is None:
        return None
    if listed.state in ("done", "failed"):
        return True
    actor = actor or uploader(session, listed)
    rows = read(listed.content, listed.filename)
    batch = rows[listed.rows_done : listed.rows_done + batch_size]
    unmatched = list(listed.unmatched or [])
    explained = {entry["row"] for entry in unmatched}
    #: ID number → the row that opened its report (a row explained does not stop a later one)
    seen = {row.key: row.number for row in reversed(rows[: listed.rows_done]) if row.number not in explained}
    today = engine.clock.now().astimezone(CHINA_TZ).date()
    people = _people(session, batch)
    for row in batch:
        why = _open(session, engine, listed, row, people, seen, actor, today)
        if why is None:
            listed.opened += 1
            seen[row.key] = row.number
        else:
            unmatched.append({"row": row.number, "id_number": row.id_number, "name": row.name, "reason": why})
    listed.unmatched = unmatched
    listed.rows_done += len(batch)
    listed.state = "done" if listed.rows_done >= len(rows) else "running"
    if listed.state == "done":
        listed.finished_at = engine.clock.now()
    return listed.state == "done"


def locking(list_id: int, wait: bool = True) -> Select:
    """The query taking the list's row for this transaction: waiting for another holder, or
    (``wait=False``) skipping the row while another transaction holds it."""
    return select(DeathList).where(DeathList.id == list_id).with_for_update(skip_locked=not wait)


def uploader(session: Session, listed: DeathList) -> Actor:
    """The official who uploaded the list, acting for the agency (the reports' starter)."""
    user = session.scalar(select(User).where(User.username == listed.uploaded_by))
    if user is not None and user.organisation_id == listed.agency_org:
        return user.actor()
    return Actor(listed.uploaded_by, listed.agency_org)


def fail(session: Session, list_id: int, message: str, now: datetime) -> bool:
    """Stop an unfinished list for good with ``message`` (the rows done are kept); False when it
    had already ended or another transaction holds it."""
    listed = session.scalars(
        select(DeathList)
        .where(DeathList.id == list_id, DeathList.state.in_(UNFINISHED))
        .with_for_update(skip_locked=True)
    ).one_or_none()
    if listed is None:
        return False
    listed.state, listed.error, listed.finished_at = "failed", message, now
    return True


class StalledLists:
    """Lists left pending or running whose ``rows_done`` has not moved for ``after`` seconds:
    their upload request died (or its worker did). The worker watches the counters between its
    rounds, as it does for roster imports (``webapp.rosters.runner.StalledImports``); a list
    still moving is someone else's. ``after=0`` takes every unfinished list at once. It also
    counts the rounds in a row in which a list's batch failed (``MAX_ATTEMPTS``)."""

    def __init__(self, after: float = 60.0, monotonic: Callable[[], float] = time.monotonic):
        self.after = after
        self._monotonic = monotonic
        self._last_moved: dict[int, tuple[int, float]] = {}
        self._failures: dict[int, int] = {}

    def find(self, session: Session) -> list[int]:
        now = self._monotonic()
        unfinished = dict(
            session.execute(
                select(DeathList.id, DeathList.rows_done)
                .where(DeathList.state.in_(UNFINISHED))
                .order_by(DeathList.id)
            ).all()
        )
        for list_id, rows_done in unfinished.items():
            last = self._last_moved.get(list_id)
            if last is None or last[0] != rows_done:
                self._last_moved[list_id] = (rows_done, now)
        self._last_moved = {i: seen for i, seen in self._last_moved.items() if i in unfinished}
        self._failures = {i: n for i, n in self._failures.items() if i in unfinished}
        return [i for i, (_rows, since) in self._last_moved.items() if now - since >= self.after]

    def failed(self, list_id: int) -> int:
        """One more round in a row in which the list's batch failed: how many now."""
        self._failures[list_id] = self._failures.get(list_id, 0) + 1
        return self._failures[list_id]

    def moved(self, list_id: int) -> None:
        self._failures.pop(list_id, None)


def _people(session: Session, batch: list[Row]) -> dict[str, Retiree]:
    numbers = [row.key for row in batch if row.key]
    found = session.scalars(select(Retiree).where(Retiree.id_number.in_(numbers))) if numbers else []
    return {person.id_number: person for person in found}


def _open(
    session: Session,
    engine: Engine,
    listed: DeathList,
    row: Row,
    people: dict[str, Retiree],
    seen: dict[str, int],
    actor: Actor,
    today: date,
) -> str | None:
    """Open the row's report, or say (in Chinese) why not."""
    matched = match(session, listed.county_code, row, people, seen, today)
    if isinstance(matched, str):
        return matched
    retiree, died_on = matched
    try:
        with session.begin_nested():
            case = death_report.opening(
                session, retiree, died_on, today, "民政", {"id": listed.id, "row": row.number}
            )
            engine.start(session, "death_report", case.parties, case.data, actor=actor, title=case.title)
    except InvalidTaskData as refused:
        return "；".join(message for messages in refused.errors.values() for message in messages)
    return None


def match(
    session: Session,
    county_code: str,
    row: Row,
    people: dict[str, Retiree],
    seen: dict[str, int],
    today: date,
) -> tuple[Retiree, date] | str:
    """The row's person and date of death, or why the row opens no report."""
    number = row.key
    problem = resident_id.problem(number)
    if problem:
        return f"身份证号无效：{problem}"
    if number in seen:
        return f"与第 {seen[number]} 行重复"
    died_on = death_date(row.died_on)
    if died_on is None:
        return f"死亡日期“{_text(row.died_on)}”无效，应为 YYYY-MM-DD"
    retiree = people.get(number)
    if retiree is None:
        return "登记库中无此人"
    if retiree.destination_code != county_code:
        return "不是本县（市、区）接收的人员"
    if row.name and "".join(row.name.split()) != retiree.name:
        return f"姓名“{row.name}”与登记库不符（登记库为“{retiree.name}”）"
    why = death_people.refusal(session, retiree, died_on, today)
    return (retiree, died_on) if why is None else why[1]


def death_date(value: Any) -> date | None:
    """A cell's date of death: an Excel date, or text in one of ``DATE_FORMATS``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


__all__ = [
    "BATCH_SIZE",
    "HEADERS",
    "MAX_ATTEMPTS",
    "UNFINISHED",
    "RosterUnreadable",
    "StalledLists",
    "fail",
    "locking",
    "match",
    "read",
    "run_batch",
    "store",
    "uploader",
]
