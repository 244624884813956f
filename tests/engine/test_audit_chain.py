"""The audit log is a hash chain: each event's hash covers the one before it, and ``verify``
(``yijiao verify-audit``) names the first broken link (issue 13, 9)."""

from __future__ import annotations

import threading

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from engine import Actor
from engine.directory import audit
from engine.directory.audit import AuditEvent
from engine.directory.audit_chain import GENESIS
from engine.directory.audit_verify import verify
from engine.migrate import alembic_config, upgrade

from .helpers import claim_and_complete, claimed_sample_case


@pytest.fixture
def history(engine, tx, officials):
    """Deploy ×3, start, claim, unclaim, claim, complete: eight chained events."""
    _case, item = claimed_sample_case(engine, tx, officials.enterprise, officials.parties)
    with tx() as session:
        engine.unclaim(session, item.id, officials.enterprise)
    claim_and_complete(engine, tx, item.id, officials.enterprise, {"roster": {"names": ["王芳"]}})
    return 8


def _events(tx) -> list[AuditEvent]:
    with tx() as session:
        return session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


def around_the_app(db_engine, *statements: str) -> None:
    """Run statements as someone with the database's own tools would, past the append-only triggers."""
    with db_engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            for name in ("audit_event_no_update", "audit_event_no_delete"):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        else:
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for statement in statements:
            connection.exec_driver_sql(statement)


def test_every_event_is_chained_to_the_one_before(tx, history):
    events = _events(tx)
    assert [e.seq for e in events] == list(range(1, history + 1))
    assert len({e.chain_hash for e in events}) == history
    assert events[0].chain_hash != GENESIS
    with tx() as session:
        report = verify(session)
    assert report.intact and report.events == history
    assert report.head == events[-1].chain_hash


def test_an_event_rewritten_past_the_triggers_is_the_first_broken_link(tx, db_engine, history):
    fourth = _events(tx)[3]
    around_the_app(db_engine, f"UPDATE audit_event SET actor = 'forger' WHERE id = {fourth.id}")
    with tx() as session:
        report = verify(session)
    assert not report.intact
    assert (report.broken.seq, report.broken.event_id) == (4, fourth.id)
    assert "does not match" in report.broken.reason
    assert report.events == 3  # the intact events before it


def test_a_deleted_event_breaks_the_chain_where_it_was(tx, db_engine, history):
    third = _events(tx)[2]
    around_the_app(db_engine, f"DELETE FROM audit_event WHERE id = {third.id}")
    with tx() as session:
        report = verify(session)
    assert report.broken.seq == 3
    assert "missing" in report.broken.reason


def test_the_newest_events_deleted_are_found_by_the_head(tx, db_engine, history):
    events = _events(tx)
    around_the_app(db_engine, f"DELETE FROM audit_event WHERE id >= {events[-2].id}")
    with tx() as session:
        report = verify(session)
    assert not report.intact
    assert report.broken.seq == history - 1
    assert "head" in report.broken.reason


def test_an_event_inserted_around_the_app_is_reported(tx, db_engine, history):
    around_the_app(
        db_engine,
        "INSERT INTO audit_event (at, actor, action, detail) "
        "VALUES ('2017-05-01 00:00:00', 'forger', 'complete', '{}')",
    )
    with tx() as session:
        report = verify(session)
    assert not report.intact
    assert report.broken.seq is None and "outside the chain" in report.broken.reason


def test_an_event_recorded_in_a_rolled_back_savepoint_is_not_chained(engine, tx, history):
    with tx() as session:
        audit.record(session, "kept_before", "system", engine.clock.now())
        with pytest.raises(RuntimeError), session.begin_nested():
            audit.record(session, "rolled_back", "system", engine.clock.now())
            raise RuntimeError("this case fails")
        audit.record(session, "kept_after", "system", engine.clock.now())
    actions = [(e.seq, e.action) for e in _events(tx)][-2:]
    assert actions == [(history + 1, "kept_before"), (history + 2, "kept_after")]
    with tx() as session:
        assert verify(session).intact


def test_a_rolled_back_transaction_chains_nothing(engine, tx, history):
    with pytest.raises(RuntimeError), tx() as session:
        audit.record(session, "never", "system", engine.clock.now())
        raise RuntimeError("refused")
    with tx() as session:
        audit.record(session, "next", "system", engine.clock.now())
    assert [(e.seq, e.action) for e in _events(tx)][-1] == (history + 1, "next")


def test_concurrent_writers_make_one_unbroken_chain(engine, tx, history):
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(10):
                with tx() as session:
                    audit.record(
                        session, "probe", Actor(f"writer{n}", "org"), engine.clock.now(), detail={"i": i}
                    )
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with tx() as session:
        report = verify(session)
    assert report.intact and report.events == history + 40


def test_the_chain_survives_its_head_being_deleted(engine, tx, db_engine, history):
    """A missing head (say, a table emptied by hand) is taken up again from the newest event."""
    with db_engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_chain"))
    with tx() as session:
        audit.record(session, "after", "system", engine.clock.now())
    with tx() as session:
        report = verify(session)
    assert report.intact and report.events == history + 1


def test_events_logged_before_revision_0012_are_chained_by_it(engine, tx, db_engine, history):
    config = alembic_config(db_engine)
    with db_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0011")
    with db_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_event (at, actor, action, detail) "
                "VALUES ('2017-05-01 00:00:00.250000', '王芳', 'complete', '{\"名\": 1}')"
            )
        )
    upgrade(db_engine)
    with tx() as session:
        report = verify(session)
    assert report.intact and report.events == history + 1
    with tx() as session:  # and the chain goes on from there
        audit.record(session, "after", "system", engine.clock.now())
    with tx() as session:
        assert verify(session).events == history + 2
    with pytest.raises(DBAPIError, match="append-only"), db_engine.begin() as connection:
        connection.execute(text("UPDATE audit_event SET actor = 'x'"))  # the trigger is back


def test_an_event_of_a_session_closed_without_committing_is_never_chained(
    engine, session_factory, tx, history
):
    session = session_factory()
    session.begin()
    audit.record(session, "abandoned", "system", engine.clock.now())
    session.close()  # no commit, no explicit rollback
    with session.begin():  # the same session, used again
        audit.record(session, "next", "system", engine.clock.now())
    session.close()
    assert [(e.seq, e.action) for e in _events(tx)][-1] == (history + 1, "next")
