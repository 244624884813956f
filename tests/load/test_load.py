"""Officials at once against the served app (issue 13, 11 and production footing): on the embedded
SQLite 16 clients and on PostgreSQL 50 race for a shared pool of reviews; nothing answers 500,
every review is completed exactly once, each loser is told 409. Bounded in count and time; the
figures with more work are printed by ``make bench`` (``tests.benchmarks.load``)."""

from __future__ import annotations

import os

import pytest

from . import harness

pytestmark = pytest.mark.load
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
needs_postgresql = pytest.mark.skipif(not TEST_DATABASE_URL, reason="TEST_DATABASE_URL not set")


def _race_and_check(database_url: str, folder, clients: int, pool: int, web_workers: int) -> harness.Timings:
    harness.seed(database_url, officials=clients)
    timings = harness.Timings()
    with harness.Served(database_url, folder, web_workers=web_workers) as served:
        cases = harness.ask_for_lookups(served.url, pool, timings)
        harness.race(served.url, [f"archive{n:02d}" for n in range(1, clients + 1)], cases, timings)
        assert served.running()
    print(timings.report(f"{clients} clients, {pool} reviews"))

    assert timings.server_errors() == 0, timings.report("server errors")
    done = harness.outcome(database_url, cases)
    assert done.reviews == done.completed == pool
    assert set(done.completions_audited.values()) == {1} and len(done.completions_audited) == pool
    assert set(done.claims_audited.values()) == {1}  # nobody claimed a review another held
    assert timings.statuses["claim"][200] == pool
    assert set(timings.statuses["claim"]) <= {200, 409}
    assert timings.statuses["complete"] == {200: pool}
    assert "intact" in harness.run_command(harness.app_environment(database_url), "verify-audit")
    return timings


def test_sixteen_clients_on_sqlite_get_no_500_and_complete_each_review_once(tmp_path):
    _race_and_check(f"sqlite:///{tmp_path / 'yijiao.db'}", tmp_path, clients=16, pool=48, web_workers=2)


@needs_postgresql
def test_fifty_clients_on_postgresql_get_no_500_and_complete_each_review_once(tmp_path, worker_id):
    with harness.fresh_postgresql(TEST_DATABASE_URL, f"test_load_{worker_id}") as url:
        _race_and_check(url, tmp_path, clients=50, pool=100, web_workers=4)


@needs_postgresql
def test_gunicorn_and_two_job_workers_on_postgresql_drive_a_look_up_to_its_end(tmp_path, worker_id):
    """The production entry commands (compose's web and worker ×2) on the local PostgreSQL: a
    community's look-up goes through the archive department and back to its end over HTTP."""
    with harness.fresh_postgresql(TEST_DATABASE_URL, f"test_drive_{worker_id}") as url:
        harness.seed(url, officials=0)
        with harness.Served(url, tmp_path, web_workers=2, job_workers=2) as served:
            [case] = harness.ask_for_lookups(served.url, 1)
            archive = harness.Client(served.url, "archive")
            community = harness.Client(served.url, "community")
            steps = [
                (archive, "review_lookup_request", {"approved": True}),
                (archive, "provide_archive_copy", {"provided_on": "2017-03-21", "copies": 2}),
                (community, "acknowledge_archive_copy", {"received": True}),
            ]
            for official, spec_id, data in steps:
                detail = official.call("GET", f"/instances/{case}").body
                [task] = [t for t in detail["active_tasks"] if t["spec_id"] == spec_id]
                assert official.call("POST", f"/tasks/{task['id']}/claim").status == 200
                done = official.call("POST", f"/tasks/{task['id']}/complete", {"data": data})
                assert done.status == 200, done.body
            finished = community.call("GET", f"/instances/{case}").body
            assert finished["status"] == "completed" and finished["active_tasks"] == []
            assert served.running()  # web and both workers are still up
        worker_logs = served.log("worker1") + served.log("worker2")
        assert "Traceback" not in worker_logs
        assert "reminder(s) of tasks due soon" in worker_logs  # they did their rounds on PostgreSQL
        assert "intact" in harness.run_command(harness.app_environment(url), "verify-audit")
