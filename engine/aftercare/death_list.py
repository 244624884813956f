"""民政死亡名单 — the civil affairs bureau's death data (Zhengzhou notice: 民政部门向社保经办机构
提供死亡信息), uploaded by a county's social insurance agency as CSV or XLSX with the columns
身份证号, 姓名, 死亡日期. Every row naming a living person of the county whom a community received
opens a death report (``engine.procedures.death_report``), which starts at that community's
confirmation; every other row is explained, by its spreadsheet row number.

Uploading the same list again opens nothing twice: a person with a report open (or already
已故) is a row explained, not a case. Rows go in batches, one transaction each, so a long list
never holds the database for long and shows its progress (``DeathList.rows_done``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.aftercare import death_people
from engine.aftercare.death_reports import DeathList
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
    session: Session, engine: Engine, list_id: int, actor: Actor, batch_size: int = BATCH_SIZE
) -> bool:
    """Work through the next ``batch_size`` rows of the list (in the caller's transaction);
    True once the list is done."""
    listed = session.scalars(select(DeathList).where(DeathList.id == list_id).with_for_update()).one()
    if listed.state in ("done", "failed"):
        return True
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


__all__ = ["BATCH_SIZE", "HEADERS", "RosterUnreadable", "match", "read", "run_batch", "store"]
