"""Benchmark: a county's 移交清册 written as .xlsx (openpyxl write-only), in seconds and memory.

The register of 5,000 and 20,000 generated people, each case made as the application makes it: a
programme of generated retirees registered, the county's agreement signed, its people verified
and allocated to a community. Each workbook is written as a download writes it: in one read-only
transaction, the context built and the rows streamed from the registry into a temporary file.
Prints, per size: the median wall and CPU seconds of a few writes (and of reading the rows alone
from the registry, without writing them: "rows"),
the file's size, and the peak memory one write allocates (tracemalloc, a run of its own: tracing
slows it). Never fails. Target: 20,000 rows within 5 s.

    python -m tests.benchmarks.documents_xlsx [rows...]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime

import forms
from engine import Engine, SettableClock
from engine.database import make_session_factory, snapshot
from engine.listeners import domain_listeners
from engine.workflow.deadlines import CHINA_TZ
from tests.benchmarks.common import fresh_database, transactions
from tests.benchmarks.documents import PROCESSES
from tests.documents import handover
from tests.documents.generated import roster
from tests.processes import campaign
from tests.processes.driver import Driver
from webapp.documents import case_documents, kinds, spreadsheets
from webapp.documents.sources import CaseSources

KIND = kinds.KINDS["handover_register"]
REPEATS = 3


def _allocated(drive: Driver, retirees: int, first: int) -> int:
    """A programme of ``retirees`` generated people (numbered from ``first``), all of them
    allocated to 金水区's first community."""
    case = handover.programme_of(drive, roster(retirees, first))
    handover.verified(drive, case)
    drive.allocate_all(case, handover.JINSHUI)
    return case


def _in_snapshot(sessions, engine: Engine, case: int, work: Callable[[dict], object]) -> object:
    """``work(context)`` inside the read-only transaction the register's context is built in."""
    with sessions() as session, session.begin():
        snapshot(session)
        scoped = CaseSources.of(engine.workflow(session, case)).get("county", handover.JINSHUI)
        return work(KIND.build(case_documents.inputs(session, case, scoped)))


def _written(context: dict) -> int:
    """The workbook's size in bytes."""
    with tempfile.SpooledTemporaryFile(max_size=spreadsheets.IN_MEMORY) as target:
        spreadsheets.write(KIND, context, target)
        return target.tell()


def _streamed(context: dict) -> int:
    return sum(1 for _row in context["listing"].rows())


def _timed(run: Callable[[], object]) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def _peak_bytes(run: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _measure(sessions, engine: Engine, case: int) -> tuple[float, float, float, float, int, int]:
    """Median wall and CPU seconds of writing the case's register and of reading its rows alone,
    the workbook's bytes and the peak bytes one write allocates."""
    writes = [_timed(lambda: _in_snapshot(sessions, engine, case, _written)) for _ in range(REPEATS)]
    streams = [_timed(lambda: _in_snapshot(sessions, engine, case, _streamed)) for _ in range(REPEATS)]
    peak = _peak_bytes(lambda: _in_snapshot(sessions, engine, case, _written))
    return (
        statistics.median(w for w, _c, _r in writes),
        statistics.median(c for _w, c, _r in writes),
        statistics.median(w for w, _c, _r in streams),
        statistics.median(c for _w, c, _r in streams),
        writes[0][2],
        peak,
    )


def main(sizes: tuple[int, ...] = (5000, 20000)) -> list[tuple[int, float]]:
    with fresh_database("sqlite") as db_engine:
        sessions = make_session_factory(db_engine)
        clock = SettableClock(datetime(2017, 4, 2, 9, 0, tzinfo=CHINA_TZ))
        engine = Engine(clock=clock, validator=forms.engine_validator, listeners=domain_listeners())
        tx = transactions(sessions)
        with tx() as session:
            engine.deploy_directory(session, PROCESSES)
        drive = Driver(engine, tx, campaign.Officials())
        print(
            f"{'register .xlsx':<16} {'wall s':>8} {'cpu s':>8} {'rows wall':>10} {'rows cpu':>9}"
            f" {'KB':>7} {'peak MB':>8}"
        )
        figures, first = [], 0
        for size in sizes:
            case = _allocated(drive, size, first)
            first += size
            wall, cpu, rows_wall, rows_cpu, size_bytes, peak = _measure(sessions, engine, case)
            figures.append((size, wall))
            print(
                f"{f'{size:,} rows':<16} {wall:>8.2f} {cpu:>8.2f} {rows_wall:>10.2f} {rows_cpu:>9.2f}"
                f" {size_bytes / 1024:>7.0f} {peak / 2**20:>8.1f}"
            )
        return figures


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or (5000, 20000))
