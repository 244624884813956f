"""Checking the audit log's hash chain (``audit_chain``) from its first event to its head: the
first broken link, if any — an event rewritten, missing, or slipped in outside the chain."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.directory.audit import AuditEvent
from engine.directory.audit_chain import GENESIS, AuditChainHead, content_of, link_hash

_READ_BATCH = 1000


@dataclass(frozen=True)
class BrokenLink:
    """Where the chain first breaks: the event's place (None: an event outside the chain), its
    id, and why."""

    seq: int | None
    event_id: int | None
    reason: str


@dataclass(frozen=True)
class ChainReport:
    """How many events were checked intact (up to the first broken link), the newest hash, and
    the first broken link if any."""

    events: int
    head: str
    broken: BrokenLink | None

    @property
    def intact(self) -> bool:
        return self.broken is None


def verify(session: Session) -> ChainReport:
    """Walk the chain from its first event, recomputing every hash; the first broken link."""
    outside = session.execute(
        select(AuditEvent.id).where(AuditEvent.seq.is_(None)).order_by(AuditEvent.id).limit(1)
    ).scalar()
    expected, previous = 1, GENESIS
    for row in _chained(session):
        if row.seq != expected:
            return ChainReport(
                expected - 1, previous, BrokenLink(expected, None, f"event seq {expected} is missing")
            )
        if row.chain_hash != link_hash(previous, content_of(row.seq, row)):
            return ChainReport(
                expected - 1,
                previous,
                BrokenLink(row.seq, row.id, "its hash does not match its content and the event before it"),
            )
        expected, previous = expected + 1, row.chain_hash
    count = expected - 1
    head = session.execute(
        select(AuditChainHead.seq, AuditChainHead.hash).where(AuditChainHead.id == 1)
    ).first()
    if head is not None and (head.seq, head.hash) != (count, previous):
        return ChainReport(
            count,
            previous,
            BrokenLink(count + 1, None, f"the chain ends at seq {count} but its head records seq {head.seq}"),
        )
    if outside is not None:
        return ChainReport(count, previous, BrokenLink(None, outside, "an event outside the chain (no seq)"))
    return ChainReport(count, previous, None)


def _chained(session: Session) -> Iterator[Any]:
    """The chained events in order, a batch at a time (the log may be long)."""
    after = 0
    while True:
        rows = session.execute(
            select(AuditEvent.__table__)
            .where(AuditEvent.seq > after)
            .order_by(AuditEvent.seq)
            .limit(_READ_BATCH)
        ).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].seq
