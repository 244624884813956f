"""A roster file is read outside every database transaction, within a time budget per step; an import
that runs out of time, or whose runs keep dying, stops for good after a few tries (issue 13, 2)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from engine import SettableClock
from engine.registry.rosters import start_import
from engine.registry.rosters.budget import Budget
from engine.registry.rosters.columns import HEADERS
from webapp.rosters.runner import MAX_ATTEMPTS, StalledImports, run

from .conftest import ENTERPRISE, TODAY, csv_file, person, registered, reload


class Ticks:
    """A monotonic clock that moves one second each time it is read."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1
        return self.now


def _pending(sessions, content: bytes, filename: str = "登记表.csv") -> int:
    with sessions() as session, session.begin():
        return start_import(session, ENTERPRISE, filename, content, "tester", TODAY).id


def _with_a_gap(empty_rows: int) -> bytes:
    """An XLSX with person 1 in row 2 and person 2 after ``empty_rows`` rows the file leaves out."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row, n in ((2, 1), (3 + empty_rows, 2)):
        for column, header in enumerate(HEADERS, start=1):
            sheet.cell(row=row, column=column, value=person(n)[header])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


class WritesMeanwhile(Budget):
    """A budget that, each time the reader checks the time, writes to the import's own row from
    another connection that waits at most 200 ms for a lock."""

    def __init__(self, db_engine, import_id: int):
        super().__init__(seconds=60)
        self.db_engine, self.import_id, self.writes = db_engine, import_id, 0

    def check(self) -> None:
        super().check()
        with self.db_engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA busy_timeout = 200")
            else:
                connection.exec_driver_sql("SET lock_timeout = '200ms'")
            connection.execute(
                text("UPDATE roster_import SET uploaded_by = uploaded_by WHERE id = :id"),
                {"id": self.import_id},
            )
            connection.commit()
        self.writes += 1


@pytest.mark.parametrize("filename", ["登记表.csv", "登记表.xlsx"])
def test_the_file_is_read_while_others_write_the_import_itself(
    session_factory, enterprises, db_engine, filename
):
    rows = [person(n) for n in range(1, 8)]
    content = csv_file(rows) if filename.endswith(".csv") else _with_a_gap(0)
    import_id = _pending(session_factory, content, filename)
    budget = WritesMeanwhile(db_engine, import_id)
    run(session_factory, import_id, SettableClock(TODAY), batch_size=3, budget=budget)
    done = reload(session_factory, import_id)
    assert done.state == "done", done.error
    assert budget.writes >= done.rows_done  # a write went through while each row was read
    assert len(registered(session_factory)) == done.accepted > 0


def test_an_import_out_of_time_is_resumable_then_fails_for_good(session_factory, enterprises):
    import_id = _pending(session_factory, _with_a_gap(200), "登记表.xlsx")
    runs = 0
    while reload(session_factory, import_id).state != "failed":
        runs += 1
        assert runs <= 1 + MAX_ATTEMPTS
        run(session_factory, import_id, SettableClock(TODAY), batch_size=1, budget=Budget(50, Ticks()))
        stopped = reload(session_factory, import_id)
        if stopped.state != "failed":  # left for the worker to resume
            assert (stopped.state, stopped.rows_done, stopped.error) == ("running", 1, None)
    # the first run registered row 2 before the gap; then MAX_ATTEMPTS runs in a row moved no further
    assert runs == 1 + MAX_ATTEMPTS
    failed = reload(session_factory, import_id)
    assert (failed.rows_done, failed.accepted) == (1, 1)
    assert "超时" in failed.error and f"连续{MAX_ATTEMPTS}次" in failed.error
    assert "已导入的行都已保存" in failed.error

    run(session_factory, import_id, SettableClock(TODAY), batch_size=1)  # never resumed again
    assert reload(session_factory, import_id).rows_done == 1
    with session_factory() as session:
        assert StalledImports(after=0).find(session) == []


def test_a_generous_budget_reads_the_same_file_to_its_end(session_factory, enterprises):
    import_id = _pending(session_factory, _with_a_gap(200), "登记表.xlsx")
    run(session_factory, import_id, SettableClock(TODAY), batch_size=1, budget=Budget(10_000, Ticks()))
    done = reload(session_factory, import_id)
    assert (done.state, done.rows_done, done.accepted) == ("done", 2, 2)


class Dies(Budget):
    """A budget under which the process dies while reading (as a worker killed for its memory)."""

    def check(self) -> None:
        raise SystemExit("killed")


def test_an_import_whose_runs_keep_dying_is_failed_by_the_worker_and_never_resumed(app, runner, people):
    sessions = app.extensions["yijiao"]["sessions"]
    import_id = _pending(sessions, csv_file([person(n) for n in range(1, 4)]))
    for _ in range(MAX_ATTEMPTS):
        with pytest.raises(SystemExit):
            run(sessions, import_id, SettableClock(TODAY), budget=Dies())
        assert reload(sessions, import_id).state in ("pending", "running")  # nobody marked it

    result = runner.invoke(args=["worker", "--once", "--stalled-after", "0"])
    assert result.exit_code == 0, result.output
    failed = reload(sessions, import_id)
    assert (failed.state, failed.rows_done) == ("failed", 0)
    assert f"连续{MAX_ATTEMPTS}次" in failed.error and "中断" in failed.error
    assert registered(sessions) == {}
    assert "roster" not in runner.invoke(args=["worker", "--once", "--stalled-after", "0"]).output
