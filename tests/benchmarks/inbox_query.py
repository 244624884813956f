"""Benchmark: the inbox query for one organisation with 10k and 100k open work items in the table.

Items are spread over 100 organisations (about 1% each); a second figure gives one large
organisation holding 10% of all items. Prints the median of the claimable page (20 rows,
sorted by due date) plus its total count; never fails.

    python -m tests.benchmarks.inbox_query [sizes...]
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from engine import Actor, Engine, SettableClock
from engine.database import make_session_factory
from engine.workflow.models import ProcessDefinition, ProcessInstance, WorkItem
from tests.benchmarks.common import case_row, database_urls, definition_row, fresh_database, label, median_ms

NOW = datetime(2017, 4, 1, tzinfo=UTC)
ORGANISATIONS = 100
ITEMS_PER_CASE = 10


def fill(db_engine, size: int) -> None:
    """``size`` open work items in ``size / 10`` cases; org-000 gets 10% of them."""
    cases = max(size // ITEMS_PER_CASE, 1)
    with db_engine.begin() as connection:
        connection.execute(insert(ProcessDefinition), [definition_row("bench", NOW)])
        connection.execute(
            insert(ProcessInstance), [case_row("bench", f"案件 {n}", NOW) for n in range(cases)]
        )
        batch = []
        for n in range(size):
            organisation = "org-000" if n % 10 == 0 else f"org-{n % ORGANISATIONS:03d}"
            batch.append(
                dict(
                    instance_id=n // ITEMS_PER_CASE + 1,
                    process_key="bench",
                    task_guid=f"{n:036d}",
                    spec_id="verify_retirees",
                    name="核实退休人员信息",
                    lane="receiving_government",
                    owner_org=organisation,
                    user_role="official",
                    title=f"案件 {n // ITEMS_PER_CASE}",
                    state="open",
                    due_at=NOW + timedelta(hours=n % 5000),
                    created_at=NOW,
                    revision=1,
                )
            )
            if len(batch) == 10_000:
                connection.execute(insert(WorkItem), batch)
                batch = []
        if batch:
            connection.execute(insert(WorkItem), batch)
    if db_engine.dialect.name == "postgresql":  # what autovacuum would have done by now
        with db_engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE task")


def measure(url: str, size: int, repeats: int) -> tuple[float, float]:
    with fresh_database(url) as db_engine:
        fill(db_engine, size)
        sessions = make_session_factory(db_engine)
        engine = Engine(clock=SettableClock(NOW))
        figures = []
        for organisation in ("org-007", "org-000"):
            actor = Actor("bench.user", organisation)

            def inbox(actor=actor):
                with sessions() as session, session.begin():
                    page = engine.inbox(session, actor, "claimable")
                    assert page.items and page.total

            inbox()  # warm up caches and the connection pool
            figures.append(median_ms(inbox, repeats))
        return figures[0], figures[1]


def main(sizes: tuple[int, ...] = (10_000, 100_000), repeats: int = 200) -> list[tuple]:
    rows = []
    print("inbox query (claimable page of 20 + total count), median ms")
    for url in database_urls():
        for size in sizes:
            typical, large = measure(url, size, repeats)
            rows.append((label(url), size, typical, large))
            print(
                f"  {label(url):10} {size:>7} items: org with 1% {typical:6.2f} ms, "
                f"org with 10% {large:6.2f} ms  (target ≤ 10 ms at 100k)"
            )
    return rows


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or (10_000, 100_000))
