"""The benchmarks keep working (tiny sizes, no timing asserted: figures are for reading)."""

import os

import pytest

from tests.benchmarks import (
    certification,
    dashboard_query,
    documents,
    documents_xlsx,
    engine_cycle,
    inbox_query,
    load,
    programme_scale,
    roster_import,
)
from tests.database import per_worker_database


@pytest.fixture(autouse=True, scope="module")
def bench_database(worker_id):
    """On PostgreSQL, each test worker's benchmarks wipe a database of their own (``test_bench_gw0``),
    never the one another worker's benchmarks or tests are using."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BENCH_DATABASE_URL", per_worker_database(url, f"bench_{worker_id}"))
        yield


@pytest.fixture(scope="module")
def engine_cycle_figures():
    return engine_cycle.main(cases=3, sizes=(5, 20))


def test_engine_cycle_benchmark_runs_and_reports_both_timings(engine_cycle_figures):
    rows, _runs = engine_cycle_figures
    assert {name for name, *_ in rows} == {"sample (4 steps)"}
    assert all(bare > 0 and full > 0 for *_, bare, full in rows)


def test_engine_cycle_benchmark_drives_a_county_through_every_step_at_each_size(engine_cycle_figures):
    _rows, runs = engine_cycle_figures
    assert {run.size for run in runs} == {5, 20}
    for run in runs:
        assert run.steps[-1][0] == "confirm_county_handover"
        assert all(ms > 0 and state > 0 for _, ms, state in run.steps)
        assert [what for what, _ in run.actions] == ["assign all to one community", "fill blank archive rows"]


def test_inbox_benchmark_runs_and_reports_both_organisations():
    rows = inbox_query.main(sizes=(200,), repeats=3)
    assert all(typical > 0 and large > 0 for *_, typical, large in rows)


def test_roster_import_benchmark_runs_every_file_kind_and_reports_its_figures():
    rows = roster_import.main(sizes=(200,))
    assert {kind for _db, kind, *_ in rows} == {"csv", "xlsx", "xlsx (openpyxl)"}
    assert all(seconds > 0 for *_, seconds, _accepted, _rejected, _rss in rows)
    assert {(accepted, rejected) for *_, accepted, rejected, _rss in rows} == {(198, 2)}


def test_documents_benchmark_runs_and_reports_each_document():
    rows = documents.main(sizes=(20, 40))
    assert [row["name"] for row in rows] == [
        "archive receipt (1 page)",
        "specific agreement (4 pages)",
        "移交清册, 20 rows",
        "移交清册, 40 rows",
        "档案移交清单, 40 rows",
    ]
    assert all(row["print"] > 0 and row["content"].startswith(b"%PDF") for row in rows)


def test_dashboard_benchmark_runs_every_view():
    rows = dashboard_query.main(cases=40, repeats=2)
    assert {name for _db, name, _ms in rows} == {
        "province, by prefecture",
        "郑州市, by county",
        "one county, by enterprise",
        "cases behind a number (page of 50)",
        "burn-up series",
        "page /progress (HTTP, charts included)",
        "GET /api/v1/progress",
    }
    assert all(ms > 0 for *_, ms in rows)


def test_programme_scale_benchmark_reaches_the_county_pages_and_reads_the_demo():
    rows = programme_scale.main(people=300, counties=3, large=150, repeats=1)
    measured = {(what, unit) for _db, what, _value, unit, _target in rows}
    assert ("GET /tasks/<id> (allocate_to_communities)", "KB") in measured
    assert ("county hand-overs open", "") in measured
    assert any(what.startswith("largest answer") for what, _unit in measured)
    assert all(value > 0 for _db, _what, value, _unit, _target in rows)


def test_load_benchmark_runs_one_official_and_a_race_on_sqlite(capsys):
    load.main(single=3, sqlite=(2, 4), postgresql=None)
    printed = capsys.readouterr().out
    assert "one official alone, 3 reviews" in printed and "2 officials racing for 4 reviews" in printed
    assert "500s: 0" in printed and "reviews completed exactly once: yes" in printed


def test_certification_benchmark_opens_a_campaign_and_times_every_view():
    rows = certification.main(people=200, communities=4, repeats=2)
    assert [name for db, name, _ms in rows if db == "SQLite"][0] == "open the campaign (one request)"
    assert len({name for _db, name, _ms in rows}) == 7
    assert all(ms > 0 for *_, ms in rows)


def test_documents_xlsx_benchmark_runs_and_reports_each_size():
    rows = documents_xlsx.main(sizes=(20,))
    assert [size for size, *_ in rows] == [20]
    assert all(seconds > 0 for _, seconds, *_ in rows)
