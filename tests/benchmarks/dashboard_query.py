"""Benchmark: the supervisors' dashboard with 3,000 cases and 300,000 registered retirees.

2,700 programme cases (300,000 retirees in all, about 111 each, spread over 1–6 receiving
counties of Henan) and 300 community-organisation cases. Their milestone units are the rows the engine's
step listener (``engine.progress.units``) writes — M1 per prefecture, M2 and M4 per county, M3 per
community organisation — with about half of them done; the retirees fill the registry table as a
roster import would. Prints the median of each dashboard query; never fails.

    python -m tests.benchmarks.dashboard_query [cases]
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from engine.database import make_session_factory
from engine.directory.organisations import Organisation, User
from engine.policy import divisions
from engine.policy.rules import DEFAULT_MILESTONES, management_fee
from engine.progress import behind, figures
from engine.progress.selection import Selection
from engine.progress.units import DEFAULT_CAMPAIGN, KINDS, MilestoneUnit
from engine.registry.retirees import Retiree
from engine.workflow.deadlines import to_deadline
from engine.workflow.models import ProcessDefinition, ProcessInstance
from tests.benchmarks.common import case_row, database_urls, definition_row, fresh_database, label, median_ms
from webapp import create_app
from webapp.auth.accounts import hash_password

NOW = datetime(2017, 5, 15, 9, tzinfo=UTC)
STARTED = datetime(2017, 2, 1, tzinfo=UTC)
RETIREES_PER_CASE = 100  # on average over all cases: 3,000 cases → 300,000 retirees
ENTERPRISES = 60
BATCH = 10_000
PROGRAMME = "retiree_handover_programme"


def fill(db_engine, cases: int) -> int:
    """The cases, their units and retirees; returns how many units were written."""
    rng = random.Random(2017)
    counties = divisions.henan_counties()
    programmes = cases * 9 // 10
    people, extra = divmod(cases * RETIREES_PER_CASE, programmes)
    with db_engine.begin() as connection:
        connection.execute(insert(Organisation), _enterprises())
        connection.execute(insert(ProcessDefinition), [definition_row(PROGRAMME, STARTED)])
        rows = [case_row(PROGRAMME, f"案件 {n + 1}", STARTED) for n in range(cases)]
        connection.execute(insert(ProcessInstance), rows)
        units, retirees = [], []
        for case in range(1, cases + 1):
            enterprise = f"org-ent-{case % ENTERPRISES:03d}"
            if case > programmes:
                county = rng.choice(counties)
                units.append(_unit(rng, case, enterprise, "community_org", "case", county, 0))
                continue
            chosen = rng.sample(counties, rng.randint(1, 6))
            shares = _split(people + (case <= extra), len(chosen))
            for prefecture in sorted({divisions.prefecture_of(c) for c in chosen}):
                units.append(_unit(rng, case, enterprise, "framework_agreement", prefecture, None, 0))
            for county, share in zip(chosen, shares, strict=True):
                units.append(_unit(rng, case, enterprise, "specific_agreement", county, county, share))
                units.append(_unit(rng, case, enterprise, "county_handover", county, county, share))
                retirees.extend(_retiree(case, enterprise, county, n) for n in range(share))
            if len(retirees) >= BATCH:
                connection.execute(insert(Retiree), retirees)
                retirees = []
        if retirees:
            connection.execute(insert(Retiree), retirees)
        for start in range(0, len(units), BATCH):
            connection.execute(insert(MilestoneUnit), units[start : start + BATCH])
    if db_engine.dialect.name == "postgresql":  # what autovacuum would have done by now
        with db_engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    return len(units)


def _split(total: int, parts: int) -> list[int]:
    share = total // parts
    return [share] * (parts - 1) + [total - share * (parts - 1)]


def _unit(rng, case, enterprise, kind, scope, county, retirees) -> dict:
    milestone = KINDS[kind]
    deadline = to_deadline(DEFAULT_MILESTONES[milestone])
    done = rng.random() < 0.5
    handover = kind == "county_handover"
    return dict(
        campaign=DEFAULT_CAMPAIGN,
        milestone=milestone,
        kind=kind,
        instance_id=case,
        scope_code=scope,
        enterprise_org=enterprise,
        prefecture_code=divisions.prefecture_of(county or scope),
        county_code=county,
        title=f"案件 {case} · {scope}",
        due_at=deadline,
        done_at=deadline - timedelta(days=rng.randint(-10, 40)) if done else None,
        retirees_planned=retirees if handover else 0,
        retirees_received=retirees if handover and done else 0,
        archives_planned=retirees if handover else 0,
        archives_received=retirees if handover and done else 0,
        fee_due=management_fee(retirees) if handover else 0,
        fee_disbursed=management_fee(retirees) // 2 if handover and done else 0,
        updated_at=NOW,
    )


def _retiree(case: int, enterprise: str, county: str, n: int) -> dict:
    return dict(
        id_number=f"{case:08d}{county[-4:]}{n:06d}",
        name=f"退休{n}",
        sex="男",
        birth_date=date(1950, 1, 1),
        retirement_date=date(2010, 1, 1),
        hukou_code=county,
        residence_code=county,
        category="普通退休人员",
        party_member=False,
        special_status=[],
        enterprise_org=enterprise,
        destination_code=county,
        destination_reason="户籍地",
        excluded=False,
        status="registered",
        archive_status="none",
        instance_id=case,
        registered_at=STARTED,
        updated_at=STARTED,
    )


def _enterprises() -> list[dict]:
    return [
        dict(id=f"org-ent-{n:03d}", name=f"省属企业{n:03d}", kind="enterprise", division_code="410100",
             active=True)
        for n in range(ENTERPRISES)
    ]  # fmt: skip


#: the views a supervisor opens, as (what, selection, how to read it)
def _views(session_factory):
    def view(selection):
        def run():
            with session_factory() as session, session.begin():
                found = figures.progress(session, NOW, selection)
                assert found.rows

        return run

    def drill():
        with session_factory() as session, session.begin():
            page = behind.units(session, NOW, Selection(prefecture="410100"), milestone="M2",
                                 status="overdue")  # fmt: skip
            assert page.lines

    def burn_up():
        with session_factory() as session, session.begin():
            assert behind.burn_up(session, Selection())["M4"]["done_by_day"]

    return [
        ("province, by prefecture", view(Selection())),
        ("郑州市, by county", view(Selection(prefecture="410100"))),
        ("one county, by enterprise", view(Selection(prefecture="410100", county="410105"))),
        ("cases behind a number (page of 50)", drill),
        ("burn-up series", burn_up),
    ]


def _pages(db_engine):
    """The supervisor's dashboard page and ``GET /api/v1/progress`` through the whole app."""
    app = create_app(
        {
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "DATABASE_URL": db_engine.url.render_as_string(hide_password=False),
        }
    )
    with app.extensions["yijiao"]["sessions"]() as session, session.begin():
        session.add(Organisation(id="org-office", name="督办", kind="supervisor", division_code="410000"))
        session.flush()
        session.add(User(username="office", name="督办", organisation_id="org-office", roles=["supervisor"],
                         password_hash=hash_password("bench")))  # fmt: skip
    page = app.test_client()
    page.post("/login", data={"username": "office", "password": "bench"})
    api = app.test_client()
    token = api.post("/api/v1/tokens", json={"username": "office", "password": "bench"}).json["token"]

    def dashboard():
        assert page.get("/progress").status_code == 200

    def progress_json():
        assert api.get("/api/v1/progress", headers={"Authorization": f"Bearer {token}"}).status_code == 200

    return [("page /progress (HTTP, charts included)", dashboard), ("GET /api/v1/progress", progress_json)]


def main(cases: int = 3000, repeats: int = 30) -> list[tuple]:
    rows = []
    print(f"dashboard queries, {cases} cases, {cases * RETIREES_PER_CASE} retirees, median ms")
    for url in database_urls():
        with fresh_database(url) as db_engine:
            units = fill(db_engine, cases)
            print(f"  {label(url)}: {units} milestone units")
            sessions = make_session_factory(db_engine)
            for name, run in [*_views(sessions), *_pages(db_engine)]:
                run()  # warm up caches and the connection pool
                ms = median_ms(run, repeats)
                rows.append((label(url), name, ms))
                print(f"    {name:38} {ms:8.2f} ms  (target ≤ 200 ms)")
    return rows


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
