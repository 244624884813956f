"""Storing a roster in the registry one batch of rows at a time, in the caller's transaction.

A batch is checked row by row (``validation.check_row``), against the rows before it in the same
file (``duplicates.FirstRows``), and against the registry with one query; the good rows
are inserted with one executemany and the ``RosterImport``'s counters move on by the batch, so a
caller that commits each batch can stop anywhere and go on later from ``rows_done``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from engine.policy.rules import retiree_fields_without
from engine.registry.retirees import Retiree, RosterImport
from engine.registry.rosters import storage
from engine.registry.rosters.columns import ID_NUMBER
from engine.registry.rosters.duplicates import FirstRows
from engine.registry.rosters.validation import HEADER_OF, check_row, id_number_of

BATCH_SIZE = 1000
#: problems kept on an import; past this a file is mostly wrong and a longer list helps nobody
MAX_REJECTIONS = 10_000
TOO_MANY = (
    f"问题超过{MAX_REJECTIONS}条，只列出了前{MAX_REJECTIONS}条：请先改正这些行，再重新导入文件查看其余问题"
)
ACTIVE_STATES = ("pending", "running")
#: what must be the same for a re-uploaded person to count as unchanged: every field but the ID
#: number, which is how the registered person was found
_COMPARED = retiree_fields_without("id_number")

Row = tuple[int, dict[str, Any]]


@dataclass
class BatchResult:
    """What one batch did: rows read, people registered, already registered alike, problems."""

    rows: int = 0
    accepted: int = 0
    unchanged: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)


def start_import(
    session: Session,
    enterprise_org: str,
    filename: str,
    content: IO[bytes] | bytes,
    uploaded_by: str,
    now: datetime,
) -> RosterImport:
    """A new, pending import of ``content`` (a file, read from its start, or bytes) for the
    enterprise (flushed: it has its id)."""
    file = io.BytesIO(content) if isinstance(content, bytes) else content
    roster_import = RosterImport(
        enterprise_org=enterprise_org,
        filename=filename,
        sha256=storage.sha256_of(file),
        uploaded_by=uploaded_by,
        uploaded_at=now,
        state="pending",
        rows_done=0,
        accepted=0,
        unchanged=0,
        rejected=[],
        warnings=[],
    )
    session.add(roster_import)
    session.flush()
    storage.store(session, roster_import.id, file)
    return roster_import


def remember(first_rows: FirstRows, rows: Iterable[Row]) -> None:
    """Note the ID numbers of rows already imported, so that later rows repeating them are caught."""
    numbered = ((number, id_number_of(values.get(ID_NUMBER))) for number, values in rows)
    first_rows.note((number, id_number) for number, id_number in numbered if id_number is not None)


def import_batch(
    session: Session,
    roster_import: RosterImport,
    rows: Sequence[Row],
    *,
    first_rows: FirstRows,
    enterprise_location: str | None,
    now: datetime,
    today: date,
) -> BatchResult:
    """Check and store ``rows``, the next rows of ``roster_import`` after its ``rows_done``."""
    result = BatchResult(rows=len(rows))
    candidates = _checked(rows, result, first_rows, enterprise_location, today)
    registered = _registered(session, [record["id_number"] for _number, record in candidates])
    fresh = []
    for number, record in candidates:
        existing = registered.get(record["id_number"])
        if existing is None:
            fresh.append(_new_retiree(record, roster_import, now))
            continue
        reason = _conflict(existing, record, roster_import.enterprise_org)
        if reason is None:
            result.unchanged += 1
        else:
            result.rejected.append({"row": number, "column": ID_NUMBER, "reason": reason})
    if fresh:
        session.execute(insert(Retiree), fresh)
    result.accepted = len(fresh)
    result.rejected.sort(key=lambda rejection: rejection["row"])  # stable: a row's problems keep their order
    _count(roster_import, result)
    return result


def _checked(
    rows: Sequence[Row],
    result: BatchResult,
    first_rows: FirstRows,
    enterprise_location: str | None,
    today: date,
) -> list[tuple[int, dict[str, Any]]]:
    """The rows' records that pass every check; the problems of the others go to ``result``."""
    checked = []
    for number, values in rows:
        record, problems = check_row(values, today=today, enterprise_location=enterprise_location)
        id_number = record["id_number"] if record else id_number_of(values.get(ID_NUMBER))
        checked.append((number, id_number, record, problems))
    first = first_rows.note((number, id_number) for number, id_number, *_ in checked if id_number)
    candidates = []
    for number, id_number, record, problems in checked:
        problems += _repeated(first.get(id_number, number), number)
        if problems:
            result.rejected += [{"row": number, "column": c, "reason": r} for c, r in problems]
        else:
            candidates.append((number, record))
    return candidates


def finish(roster_import: RosterImport, now: datetime) -> None:
    """Every row is read: the import is done and its total is what was read."""
    roster_import.state = "done"
    roster_import.rows_total = roster_import.rows_done
    roster_import.finished_at = now


def fail(roster_import: RosterImport, message: str, now: datetime) -> None:
    """The file cannot be read (on): what was committed stays, the rest is not imported."""
    roster_import.state = "failed"
    roster_import.error = message
    roster_import.finished_at = now


def rejected_rows(roster_import: RosterImport) -> int:
    """Rows read that were neither registered nor already registered alike."""
    return roster_import.rows_done - roster_import.accepted - roster_import.unchanged


def _repeated(first: int, number: int) -> list[tuple[str, str]]:
    return [] if first == number else [(ID_NUMBER, f"身份证号与第{first}行重复")]


def _registered(session: Session, id_numbers: list[str]) -> dict[str, Any]:
    """The registry's rows for these ID numbers (one query), by ID number."""
    if not id_numbers:
        return {}
    columns = [getattr(Retiree, name) for name in ("id_number", "enterprise_org", *_COMPARED)]
    query = select(*columns).where(Retiree.id_number.in_(id_numbers))
    return {row.id_number: row for row in session.execute(query)}


def _conflict(existing: Any, record: dict[str, Any], enterprise_org: str) -> str | None:
    """Why a person already in the registry is refused; None when registered by us alike."""
    if existing.enterprise_org != enterprise_org:
        return "身份证号已登记（已由其他单位登记）"
    different = [HEADER_OF[name] for name in _COMPARED if getattr(existing, name) != record[name]]
    if different:
        return f"身份证号已登记（本单位此前登记的{'、'.join(different)}与本行不同）"
    return None


def _new_retiree(record: dict[str, Any], roster_import: RosterImport, now: datetime) -> dict[str, Any]:
    return {
        **record,
        "enterprise_org": roster_import.enterprise_org,
        "roster_import_id": roster_import.id,
        "status": "registered",
        "archive_status": "none",
        "registered_at": now,
        "updated_at": now,
    }


def _count(roster_import: RosterImport, result: BatchResult) -> None:
    roster_import.state = "running"
    roster_import.rows_done += result.rows
    roster_import.accepted += result.accepted
    roster_import.unchanged += result.unchanged
    if not result.rejected:
        return
    room = max(MAX_REJECTIONS - len(roster_import.rejected), 0)
    if room:  # a new list: the JSON column is saved when it is replaced, not when it grows
        roster_import.rejected = [*roster_import.rejected, *result.rejected[:room]]
    if len(result.rejected) > room and TOO_MANY not in roster_import.warnings:
        roster_import.warnings = [*roster_import.warnings, TOO_MANY]
