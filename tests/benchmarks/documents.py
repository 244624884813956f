"""Benchmark: official documents rendered to PDF (HTML → WeasyPrint), in seconds.

A one-page archive receipt, the specific agreement (four pages of GB/T 9704 text) and the
hand-over register of 500 and 5,000 people (landscape tables, a line a person, 24 rows a page).
Each is made as the application makes it: a programme of generated retirees registered and
driven through the real procedures until its archives are received, then the document's context
read from the case and the registry (timed too: "read s") and rendered. Prints the median of a
few renders, wall clock and CPU; never fails. Target: a 500-row register within 5 s.

    python -m tests.benchmarks.documents [rows...]
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

import forms
from engine import Engine, SettableClock
from engine.database import make_session_factory
from engine.directory.organisations import Organisation
from engine.listeners import domain_listeners
from engine.workflow.deadlines import CHINA_TZ
from tests.benchmarks.common import fresh_database
from tests.documents import handover
from tests.documents.conftest import pdf_pages, pdf_text
from tests.documents.generated import roster
from tests.processes import campaign
from tests.processes.driver import Driver
from webapp.documents import kinds, render

PROCESSES = Path(__file__).resolve().parent.parent.parent / "processes"
SMALL = 4


def _case(drive: Driver, retirees: int, first: int) -> int:
    """A programme of ``retirees`` generated people (numbered from ``first``) whose 金水区
    archives were received: every document of the county can be made."""
    case = handover.programme_of(drive, roster(retirees, first))
    handover.verified(drive, case)
    handover.archives_sorted(drive, case)
    handover.archives_received(drive, case)
    return case


def _community() -> Organisation:
    """金水区's first community, named as short as the register's 去向 column fits on one line
    (like every generated row: the figures stay comparable with earlier runs)."""
    return Organisation(
        id=campaign.community_org(handover.JINSHUI),
        name="花园路社区",
        kind="community",
        division_code="410105",
    )


def _context(sessions, engine: Engine, case: int, kind: kinds.Kind) -> tuple[dict, float]:
    """The kind's context as a download reads it, and how long reading it took (seconds)."""
    started = time.perf_counter()
    context = handover.built(sessions, engine, case, kind.build)
    return context, time.perf_counter() - started


def _documents(sizes: tuple[int, ...]) -> list[tuple[str, kinds.Kind, dict, float]]:
    """(name, kind, context, read seconds) of each document, from cases on a fresh database."""
    with fresh_database("sqlite") as db_engine:
        sessions = make_session_factory(db_engine)
        clock = SettableClock(datetime(2017, 4, 2, 9, 0, tzinfo=CHINA_TZ))
        engine = Engine(clock=clock, validator=forms.engine_validator, listeners=domain_listeners())

        @contextlib.contextmanager
        def tx():
            with sessions() as session, session.begin():
                yield session

        with tx() as session:
            engine.deploy_directory(session, PROCESSES)
            session.add(_community())
        drive = Driver(engine, tx, campaign.Officials())
        small = _case(drive, SMALL, 0)
        made = [
            ("archive receipt (1 page)", "archive_receipt", small),
            ("specific agreement (4 pages)", "specific_agreement", small),
        ]
        first = SMALL
        for size in sizes:
            made.append((f"register, {size} rows", "handover_register", _case(drive, size, first)))
            first += size
        return [
            (name, kinds.KINDS[code], *_context(sessions, engine, case, kinds.KINDS[code]))
            for name, code, case in made
        ]


def _median_seconds(kind: kinds.Kind, context: dict, repeats: int) -> tuple[float, float, bytes]:
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        content = render.pdf(kind, context)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), content


def main(sizes: tuple[int, ...] = (500, 5000), repeats: int = 3) -> list[tuple[str, float, float]]:
    documents = _documents(sizes)
    render.pdf(documents[0][1], documents[0][2])  # load fonts once
    rows = []
    print(f"{'document':<30} {'read s':>8} {'wall s':>8} {'cpu s':>8} {'KB':>8}")
    for name, kind, context, read in documents:
        wall, cpu, content = _median_seconds(
            kind, context, repeats if len(context.get("rows", ())) < 5000 else 1
        )
        rows.append((name, wall, cpu))
        kilobytes = len(content) / 1024
        print(
            f"{name:<30} {read:>8.2f} {wall:>8.2f} {cpu:>8.2f} {kilobytes:>8.0f}"
            f"{_page_numbers(context, content)}"
        )
    return rows


def _page_numbers(context: dict, content: bytes) -> str:
    """For a register: whether its last page says "第 M 页 共 M 页" with M the PDF's page count."""
    if "rows" not in context:
        return ""
    pages = pdf_pages(content)
    agrees = f"第{pages}页共{pages}页" in pdf_text(content, pages, pages)
    return f"  {pages} pages, numbered {'right' if agrees else 'WRONG'}"


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or (500, 5000))
