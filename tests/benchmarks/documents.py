"""Benchmark: official documents rendered to PDF, in seconds, and the memory a long list takes.

A one-page archive receipt, the specific agreement (four pages of GB/T 9704 text) and the
hand-over register (移交清册) of 500, 5,000 and 20,000 people and the archive transfer list
(档案移交清单) of the largest county. Each is made as the worker makes it: a programme of generated
retirees registered and driven through the real procedures until its archives are received, then,
in one read transaction, the document's context read from the case and the registry with its
input hash ("read s": the rows streamed once to hash them) and the PDF printed page by page
("print s": the rows streamed twice more, to lay out the pages and to print them). Prints wall
time, the PDF's pages (checking "第 M 页 共 M 页" against pdfinfo) and the peak growth of the
process's resident memory while printing; never fails.

Targets: 移交清册 of 500 rows ≤ 1.5 s, 5,000 ≤ 10 s, 20,000 ≤ 40 s; memory growth at 20,000 ≤ 150 MB.

    python -m tests.benchmarks.documents [rows...]
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import forms
from engine import Engine, SettableClock
from engine.database import make_session_factory, snapshot
from engine.directory.organisations import Organisation
from engine.listeners import domain_listeners
from engine.workflow.deadlines import CHINA_TZ
from tests.benchmarks.common import fresh_database
from tests.documents import handover
from tests.documents.conftest import pdf_pages, pdf_text
from tests.documents.generated import roster
from tests.processes import campaign
from tests.processes.driver import Driver
from webapp.documents import case_documents, kinds, render, store
from webapp.documents.sources import CaseSources

PROCESSES = Path(__file__).resolve().parent.parent.parent / "processes"
SMALL = 4
TARGETS = {500: 1.5, 5000: 10.0, 20000: 40.0}
MEMORY_TARGET_MB = 150
HEADER = f"{'document':<28} {'read s':>7} {'print s':>8} {'target':>7} {'pages':>6} {'KB':>7} {'mem MB':>7}"


class PeakMemory:
    """The process's resident memory sampled every 20 ms (Linux /proc): its peak above the start."""

    def __init__(self):
        self.start = self.peak = _resident_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _resident_mb())

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, _resident_mb())

    @property
    def growth(self) -> float:
        return self.peak - self.start


def _resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


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


def _made(sessions, engine: Engine, case: int, kind: kinds.Kind) -> dict:
    """Read, hash and print one document as the worker does, timing each part."""
    with sessions() as session, session.begin():
        snapshot(session)
        started = time.perf_counter()
        scoped = CaseSources.of(engine.workflow(session, case)).get("county", handover.JINSHUI)
        wanted = case_documents.request(session, case, kind, scoped)
        wanted.note  # noqa: B018  (the input hash: a list's rows streamed once)
        read = time.perf_counter() - started
        with PeakMemory() as memory:
            started = time.perf_counter()
            content = render.make(wanted.kind, wanted.context, wanted.title)
            printed = time.perf_counter() - started
    rows = wanted.listing.count if isinstance(wanted, store.Request) and wanted.listing else None
    return {"read": read, "print": printed, "content": content, "memory": memory.growth, "rows": rows}


def _cases(drive: Driver, sizes: tuple[int, ...]) -> list[tuple[str, str, int, int | None]]:
    """(name, kind, case, rows) of each document to make."""
    small = _case(drive, SMALL, 0)
    made = [
        ("archive receipt (1 page)", "archive_receipt", small, None),
        ("specific agreement (4 pages)", "specific_agreement", small, None),
    ]
    first = SMALL
    for size in sizes:
        case = _case(drive, size, first)
        made.append((f"移交清册, {size} rows", "handover_register", case, size))
        first += size
    made.append((f"档案移交清单, {sizes[-1]} rows", "archive_transfer_list", case, sizes[-1]))
    return made


def main(sizes: tuple[int, ...] = (500, 5000, 20000)) -> list[dict]:
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
        started = time.perf_counter()
        documents = _cases(Driver(engine, tx, campaign.Officials()), sizes)
        driven = time.perf_counter() - started
        print(f"(cases of {sum(sizes) + SMALL} people driven through the procedures in {driven:.0f} s)")
        for warm_up in ("archive_receipt", "handover_register"):  # fonts and their widths loaded once
            _made(sessions, engine, documents[0][2], kinds.KINDS[warm_up])
        print(HEADER)
        results = []
        for name, code, case, size in documents:
            made = _made(sessions, engine, case, kinds.KINDS[code])
            results.append({"name": name, **made})
            target = f"≤ {TARGETS[size]:.1f}" if code == "handover_register" and size in TARGETS else ""
            print(
                f"{name:<28} {made['read']:>7.2f} {made['print']:>8.2f} {target:>7} "
                f"{_page_numbers(made['content'], made['rows']):>6} {len(made['content']) / 1024:>7.0f}"
                f" {made['memory']:>7.0f}"
            )
        print(f"memory: the resident set's peak growth while printing; target ≤ {MEMORY_TARGET_MB} MB")
        return results


def _page_numbers(content: bytes, rows: int | None) -> str:
    """The PDF's page count; for a list, "!" when its last page does not say "第 M 页 共 M 页"."""
    pages = pdf_pages(content)
    numbered = rows is None or f"第{pages}页共{pages}页" in pdf_text(content, pages, pages)
    return f"{pages}" if numbered else f"{pages}!"


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or (500, 5000, 20000))
