"""The benchmarks keep working (tiny sizes, no timing asserted: figures are for reading)."""

from tests.benchmarks import dashboard_query, documents, engine_cycle, inbox_query, roster_import


def test_engine_cycle_benchmark_runs_and_reports_both_timings():
    rows = engine_cycle.main(cases=3)
    assert {name for name, *_ in rows} == {"sample (4 steps)", "county_handover"}
    assert all(bare > 0 and full > 0 for *_, bare, full in rows)


def test_inbox_benchmark_runs_and_reports_both_organisations():
    rows = inbox_query.main(sizes=(200,), repeats=3)
    assert all(typical > 0 and large > 0 for *_, typical, large in rows)


def test_roster_import_benchmark_runs_every_file_kind_and_reports_its_figures():
    rows = roster_import.main(sizes=(200,))
    assert {kind for _db, kind, *_ in rows} == {"csv", "xlsx", "xlsx (openpyxl)"}
    assert all(seconds > 0 for *_, seconds, _accepted, _rejected, _rss in rows)
    assert {(accepted, rejected) for *_, accepted, rejected, _rss in rows} == {(198, 2)}


def test_documents_benchmark_runs_and_reports_each_document():
    rows = documents.main(sizes=(20,), repeats=1)
    assert [name for name, *_ in rows] == [
        "archive receipt (1 page)",
        "specific agreement (4 pages)",
        "register, 20 rows",
    ]
    assert all(wall > 0 and cpu > 0 for _, wall, cpu in rows)


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
