"""Registering people without a file: the demo's generated roster and the tests' small ones enter
the registry as a roster import would register them (destination by ``destination_of``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from engine.policy.rules import RETIREE_FIELDS, destination_of
from engine.registry.retirees import Retiree


def enrol(
    session: Session, enterprise: str, location_code: str, people: Iterable[Mapping[str, Any]], now: datetime
) -> int:
    """Register ``people`` (roster fields; dates as ``date`` or ISO text) for ``enterprise``."""
    rows = [_row(person, enterprise, location_code, now) for person in people]
    for start in range(0, len(rows), 1000):
        session.execute(insert(Retiree), rows[start : start + 1000])
    return len(rows)


def _row(person: Mapping[str, Any], enterprise: str, location_code: str, now: datetime) -> dict[str, Any]:
    record = {key: person.get(key) for key in RETIREE_FIELDS}
    for key in ("birth_date", "retirement_date"):
        if isinstance(record[key], str):
            record[key] = date.fromisoformat(record[key])
    record["category"] = record["category"] or "普通退休人员"
    record["party_member"] = record["party_member"] in (True, "是")
    record["special_status"] = list(record["special_status"] or [])
    destination = destination_of(record, location_code)
    return {
        **record,
        "enterprise_org": enterprise,
        "destination_code": destination["code"],
        "destination_reason": destination["reason"],
        "excluded": destination["excluded"],
        "status": "registered",
        "archive_status": "none",
        "registered_at": now,
        "updated_at": now,
    }
