"""The audit trail: every action appends an event; the database refuses edits."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from engine.directory.audit import AuditEvent, data_hash

from .helpers import claim_and_complete, claimed_sample_case, deploy_samples


def test_deploy_start_claim_unclaim_complete_are_audited(engine, tx, officials):
    case, item = claimed_sample_case(engine, tx, officials.enterprise, officials.parties)
    with tx() as session:
        engine.unclaim(session, item.id, officials.enterprise)
    data = {"roster": {"names": ["王芳"]}}
    claim_and_complete(engine, tx, item.id, officials.enterprise, data)
    with tx() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    actions = [(e.action, e.actor, e.definition_key) for e in events]
    assert actions == [
        ("deploy", "system", "sample_handover"),
        ("deploy", "system", "sample_milestone"),
        ("deploy", "system", "sample_reminder"),
        ("start", "zhang.wei", "sample_handover"),
        ("claim", "zhang.wei", "sample_handover"),
        ("unclaim", "zhang.wei", "sample_handover"),
        ("claim", "zhang.wei", "sample_handover"),
        ("complete", "zhang.wei", "sample_handover"),
    ]
    complete = events[-1]
    assert (complete.instance_id, complete.work_item_id, complete.task_guid) == (
        case,
        item.id,
        item.task_guid,
    )
    assert complete.organisation_id == "org-enterprise-coal"
    assert complete.data_hash == data_hash(data)
    assert complete.at == engine.clock.now()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET actor = 'someone else'",
        "DELETE FROM audit_event",
    ],
)
def test_the_database_refuses_to_rewrite_the_audit_trail(engine, tx, session_factory, statement):
    deploy_samples(engine, tx)
    with pytest.raises(DBAPIError, match="append-only"), tx() as session:
        session.execute(text(statement))
    with tx() as session:
        assert len(session.scalars(select(AuditEvent)).all()) == 3


def test_the_orm_refuses_to_edit_an_audit_event(engine, tx):
    deploy_samples(engine, tx)
    with pytest.raises(PermissionError), tx() as session:
        session.scalars(select(AuditEvent)).first().actor = "someone else"


def test_the_database_refuses_a_replacing_insert_and_a_truncate(engine, tx, db_engine):
    """Issue 13 (9): SQLite's ``INSERT OR REPLACE`` and PostgreSQL's ``TRUNCATE`` rewrote rows."""
    deploy_samples(engine, tx)
    if db_engine.dialect.name == "sqlite":
        statement = (
            "INSERT OR REPLACE INTO audit_event (id, at, actor, action, detail) "
            "VALUES (1, '2017-01-01 00:00:00', 'forger', 'deploy', '{}')"
        )
    else:
        statement = "TRUNCATE audit_event"
    with pytest.raises(DBAPIError, match="append-only"), tx() as session:
        session.execute(text(statement))
    with tx() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert len(events) == 3 and events[0].actor != "forger"
