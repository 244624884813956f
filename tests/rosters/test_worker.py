"""The worker resumes imports whose thread died: those left pending or running that stopped moving."""

from __future__ import annotations

from engine.registry.rosters import start_import
from webapp.rosters.runner import StalledImports, run

from .conftest import ENTERPRISE, TODAY, SettableClock, csv_file, person, registered, reload


class Ticks:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _pending(sessions, content: bytes) -> int:
    with sessions() as session, session.begin():
        return start_import(session, ENTERPRISE, "登记表.csv", content, "tester", TODAY).id


def test_an_import_is_stalled_once_it_has_not_moved_for_the_given_time(session_factory, enterprises):
    first, second = (_pending(session_factory, csv_file([person(n) for n in range(1, 7)])) for _ in range(2))
    ticks = Ticks()
    watch = StalledImports(after=60, monotonic=ticks)
    with session_factory() as session:
        assert watch.find(session) == []
    run(session_factory, first, SettableClock(TODAY), batch_size=2, max_batches=1)  # it moves on
    ticks.now = 61
    with session_factory() as session:
        assert watch.find(session) == [second]
    ticks.now = 122
    run(session_factory, second, SettableClock(TODAY))  # done: no longer watched
    with session_factory() as session:
        assert watch.find(session) == [first]


def test_worker_once_resumes_an_interrupted_import(app, runner, people):
    sessions = app.extensions["yijiao"]["sessions"]
    import_id = _pending(sessions, csv_file([person(n) for n in range(1, 6)]))
    run(sessions, import_id, SettableClock(TODAY), batch_size=2, max_batches=1)
    assert reload(sessions, import_id).state == "running"
    result = runner.invoke(args=["worker", "--once", "--stalled-after", "0"])
    assert result.exit_code == 0, result.output
    assert "resumed 1 roster import(s)" in result.output
    done = reload(sessions, import_id)
    assert (done.state, done.rows_done, done.accepted) == ("done", 5, 5)
    assert len(registered(sessions)) == 5
    assert "roster" not in runner.invoke(args=["worker", "--once", "--stalled-after", "0"]).output
