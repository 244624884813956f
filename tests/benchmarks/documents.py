"""Benchmark: official documents rendered to PDF (HTML → WeasyPrint), in seconds.

A one-page archive receipt, the specific agreement (four pages of GB/T 9704 text) and the
hand-over register of 500 and 5,000 people (landscape tables, 25 rows a page). Prints the median
of a few runs, wall clock and CPU; never fails. Target: a 500-row register within 5 s.

    python -m tests.benchmarks.documents [rows...]
"""

from __future__ import annotations

import statistics
import sys
import time

from tests.documents.conftest import pdf_pages, pdf_text
from tests.documents.generated import county_data
from tests.processes import submissions
from webapp.documents import agreements, kinds, registers, render
from webapp.documents.sources import Inputs


def _inputs(retirees: int) -> Inputs:
    data = county_data(retirees)
    data["draft_specific_agreement"] = submissions.specific_draft(retirees, -(-retirees // 300))
    data["issue_archive_receipt"] = submissions.archive_receipt(retirees)
    return Inputs(data)


def _documents(sizes: tuple[int, ...]) -> list[tuple[str, kinds.Kind, dict]]:
    small = _inputs(4)
    documents = [
        ("archive receipt (1 page)", kinds.KINDS["archive_receipt"], registers.archive_receipt(small)),
        (
            "specific agreement (4 pages)",
            kinds.KINDS["specific_agreement"],
            agreements.specific_agreement(small),
        ),
    ]
    for size in sizes:
        context = registers.handover_register(_inputs(size))
        documents.append((f"register, {size} rows", kinds.KINDS["handover_register"], context))
    return documents


def _median_seconds(kind: kinds.Kind, context: dict, repeats: int) -> tuple[float, float, bytes]:
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        content = render.pdf(kind, context)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), content


def main(sizes: tuple[int, ...] = (500, 5000), repeats: int = 3) -> list[tuple[str, float, float]]:
    render.pdf(kinds.KINDS["archive_receipt"], registers.archive_receipt(_inputs(1)))  # load fonts once
    rows = []
    print(f"{'document':<30} {'wall s':>8} {'cpu s':>8} {'KB':>8}")
    for name, kind, context in _documents(sizes):
        wall, cpu, content = _median_seconds(
            kind, context, repeats if len(context.get("rows", ())) < 5000 else 1
        )
        rows.append((name, wall, cpu))
        kilobytes = len(content) / 1024
        print(f"{name:<30} {wall:>8.2f} {cpu:>8.2f} {kilobytes:>8.0f}{_page_numbers(context, content)}")
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
