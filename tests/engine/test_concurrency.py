"""Two officials completing one task at the same moment: one wins, the other gets a conflict."""

from __future__ import annotations

import threading

from sqlalchemy import event, func, select

from engine import TaskConflict
from engine.directory.audit import AuditEvent

from .helpers import claimed_sample_case


def test_double_completion_from_two_threads_completes_once(engine, tx, session_factory, officials):
    case, item = claimed_sample_case(engine, tx, officials.enterprise, officials.parties)

    # Both threads have read the task and the case before either writes: a real race. SQLite
    # cannot have that race: a transaction begins with the write lock (BEGIN IMMEDIATE), so the
    # second waits at its BEGIN until the first has committed, and then finds the task done.
    barrier = threading.Barrier(2 if engine_is_postgresql(session_factory) else 1, timeout=10)
    outcomes: list[str] = []

    def complete(names: list[str]) -> None:
        session = session_factory()
        waited = []

        @event.listens_for(session, "before_flush")
        def wait_for_the_other(*_args):
            if not waited:
                waited.append(True)
                barrier.wait()

        try:
            with session.begin():
                engine.complete(session, item.id, officials.enterprise, {"roster": {"names": names}})
            outcomes.append("completed")
        except TaskConflict:
            outcomes.append("conflict")
        finally:
            session.close()

    threads = [threading.Thread(target=complete, args=([name],)) for name in ("王芳", "李强")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["completed", "conflict"]
    with tx() as session:
        assert [i.spec_id for i in engine.work_items(session, case, state="open")] == ["verify_retirees"]
        completions = session.scalar(select(func.count()).where(AuditEvent.action == "complete"))
        assert completions == 1
        workflow = engine.workflow(session, case)
        (verify,) = [t for t in workflow.get_tasks() if t.task_spec.bpmn_id == "verify_retirees"]
        assert verify.data["roster"]["rounds"] == 1


def engine_is_postgresql(session_factory) -> bool:
    return session_factory.kw["bind"].dialect.name == "postgresql"
