"""The audit log as a hash chain: each event's hash covers its content and the hash of the event
before it, so a row rewritten, removed or slipped in past the database's triggers shows as the
first broken link (``verify``, ``yijiao verify-audit``).

Events recorded in a transaction are chained when it commits, all of them at the end: the chain's
head (``audit_chain``, one row) is locked only for the commit itself, so audited transactions
wait on each other no longer than that, and always take the head last (no deadlock with the rows
they locked before). An event recorded in a savepoint that rolls back is dropped with it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from typing import Any

from sqlalchemy import Integer, String, event, select, text, update
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column

from engine.database import Base

#: the "hash before" the first event
GENESIS = "0" * 64
_QUEUE = "yijiao.audit_queue"


class AuditChainHead(Base):
    """The newest event of the chain: its place and hash (one row, id 1)."""

    __tablename__ = "audit_chain"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


def link_hash(previous: str, fields: dict[str, Any]) -> str:
    """The hash of an event with these fields (``content_of``) after ``previous``."""
    content = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{previous}\n{content}".encode()).hexdigest()


def content_of(seq: int, row: Any) -> dict[str, Any]:
    """What an event's hash covers: its place in the chain and every column but its id (an
    ``AuditEvent`` or a row with the same attributes, as written or as read back)."""
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
    return {
        "seq": seq,
        "at": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": row.actor,
        "organisation_id": row.organisation_id,
        "action": row.action,
        "instance_id": row.instance_id,
        "work_item_id": row.work_item_id,
        "task_guid": row.task_guid,
        "definition_key": row.definition_key,
        "definition_version": row.definition_version,
        "data_hash": row.data_hash,
        "detail": json.loads(json.dumps(row.detail or {})),  # as the JSON column gives it back
    }


# -- chaining at commit ------------------------------------------------------------------------


def enqueue(session: Session, audit_event: Any) -> None:
    """Have the event chained and stored when the session's transaction commits."""
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_QUEUE, []).append((audit_event, transaction))


@event.listens_for(Session, "before_commit")
def _chain_queued(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: its events wait for the commit
        return
    queued = session.info.pop(_QUEUE, None)
    if not queued:
        return
    seq, previous = _locked_head(session, type(queued[0][0]))
    for audit_event, _transaction in queued:
        seq += 1
        audit_event.seq = seq
        audit_event.chain_hash = previous = link_hash(previous, content_of(seq, audit_event))
        session.add(audit_event)
    session.execute(update(AuditChainHead).where(AuditChainHead.id == 1).values(seq=seq, hash=previous))


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(session: Session, rolled_back: SessionTransaction) -> None:
    queued = session.info.get(_QUEUE)
    if queued:
        session.info[_QUEUE] = [(e, t) for e, t in queued if not _within(t, rolled_back)]


@event.listens_for(Session, "after_transaction_end")
def _forget_uncommitted(session: Session, ended: SessionTransaction) -> None:
    # the whole transaction ended without its commit chaining them (closed, rolled back): gone
    if ended.parent is None:
        session.info.pop(_QUEUE, None)


def _within(transaction: SessionTransaction | None, outer: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is outer:
            return True
        transaction = transaction.parent
    return outer.parent is None  # a rollback of the whole transaction drops everything


def _locked_head(session: Session, event_class: Any) -> tuple[int, str]:
    """The chain's head, locked until the commit (PostgreSQL; SQLite's writer holds the whole
    database already); made from the newest chained event when the row is missing."""
    query = select(AuditChainHead.seq, AuditChainHead.hash).where(AuditChainHead.id == 1).with_for_update()
    head = session.execute(query).first()
    if head is None:
        newest = session.execute(
            select(event_class.seq, event_class.chain_hash)
            .where(event_class.seq.is_not(None))
            .order_by(event_class.seq.desc())
            .limit(1)
        ).first()
        seq, previous = (newest.seq, newest.chain_hash) if newest else (0, GENESIS)
        session.execute(  # two first writers may race here: one row wins, both then lock it
            text(
                "INSERT INTO audit_chain (id, seq, hash) VALUES (1, :seq, :hash) ON CONFLICT (id) DO NOTHING"
            ),
            {"seq": seq, "hash": previous},
        )
        head = session.execute(query).first()
    return head.seq, head.hash
