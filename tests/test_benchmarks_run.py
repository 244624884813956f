"""The benchmarks keep working (tiny sizes, no timing asserted: figures are for reading)."""

from tests.benchmarks import engine_cycle, inbox_query


def test_engine_cycle_benchmark_runs_and_reports_both_timings():
    rows = engine_cycle.main(cases=3)
    assert {name for name, *_ in rows} == {"sample (4 steps)", "county_handover"}
    assert all(bare > 0 and full > 0 for *_, bare, full in rows)


def test_inbox_benchmark_runs_and_reports_both_organisations():
    rows = inbox_query.main(sizes=(200,), repeats=3)
    assert all(typical > 0 and large > 0 for *_, typical, large in rows)
