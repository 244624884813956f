"""民政死亡名单 left half-done (the upload request died) are finished by the worker's round, with
no click: once, never opening a report twice, skipping a list someone else is working on, the
unmatched rows still explained; a list whose batches keep failing is stopped for good."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql

from engine.aftercare.deaths import lists as death_list
from engine.aftercare.deaths.reports import DeathList, DeathReport
from engine.workflow.models import ProcessInstance
from tests.web import conftest as web
from tests.web.conftest import login
from webapp.aftercare.deaths import resume_stalled_lists

from . import test_death_web as death_web
from .test_death_web import AGENCY, _many, _unmatched_rows

app, client, driver, people, runner = web.app, web.client, web.driver, web.people, web.runner  # fixtures
town = death_web.town  # fixture

BATCH = 7


class Ticks:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def half_done(app, driver, town) -> tuple[int, dict[int, str]]:
    """A list of 50 rows (40 people, 10 rows that open nothing) whose upload request worked
    through its first batch and died: its id, and the rows to be explained with their reasons."""
    matched = _many(driver, 40)
    rows = [(p["id_number"], p["name"], "2017-03-01", "") for p in matched]
    rows.insert(20, (matched[3]["id_number"], matched[3]["name"], "2017-03-01", "与第 5 行重复"))
    rows[10:10] = _unmatched_rows(driver)
    assert len(rows) == 50
    content = (
        "身份证号,姓名,死亡日期\n" + "\n".join(f"{n},{name},{day}" for n, name, day, _ in rows)
    ).encode()
    with driver.tx() as session:
        list_id = death_list.store(
            session, AGENCY, "410105", "民政死亡名单.csv", content, "agency", driver.engine.clock.now()
        ).id
    with driver.tx() as session:  # the request's first batch, then the server restarted
        assert death_list.run_batch(session, driver.engine, list_id, None, BATCH) is False  # as "agency"
    app.config["DEATH_LIST_BATCH_SIZE"] = BATCH
    explained = {row: reason for row, (_n, _name, _day, reason) in enumerate(rows, start=2) if reason}
    return list_id, explained


def _sessions(app):
    return app.extensions["yijiao"]["sessions"]


def _state(driver, list_id: int) -> tuple:
    with driver.tx() as session:
        listed = session.get(DeathList, list_id)
        return listed.state, listed.rows_done, listed.opened, list(listed.unmatched), listed.error


def _counts(driver) -> tuple[int, int]:
    with driver.tx() as session:
        return (
            session.scalar(select(func.count()).select_from(DeathReport)),
            session.scalar(select(func.count()).select_from(ProcessInstance)),
        )


def test_one_worker_round_finishes_a_half_done_list_and_a_second_round_changes_nothing(
    app, driver, half_done
):
    list_id, explained = half_done
    assert _state(driver, list_id)[:3] == ("running", BATCH, BATCH)
    resumed = resume_stalled_lists(_sessions(app), death_list.StalledLists(after=0), driver.engine, BATCH)
    assert resumed == 1
    state, rows_done, opened, unmatched, _error = _state(driver, list_id)
    assert (state, rows_done, opened) == ("done", 50, 40)
    assert {row["row"]: row["reason"] for row in unmatched}.keys() == explained.keys()
    for row in unmatched:
        assert explained[row["row"]] in row["reason"], row
    with driver.tx() as session:
        per_person = session.execute(
            select(DeathReport.retiree_id, func.count()).group_by(DeathReport.retiree_id)
        ).all()
        assert len(per_person) == 40 and {count for _id, count in per_person} == {1}
        starters = set(session.scalars(select(ProcessInstance.started_by)))
        assert starters == {"agency"}  # the uploader, as in the request
    before = _counts(driver)
    assert before[0] == 40
    again = resume_stalled_lists(_sessions(app), death_list.StalledLists(after=0), driver.engine, BATCH)
    assert again == 0
    assert _counts(driver) == before
    assert _state(driver, list_id)[:4] == (state, rows_done, opened, unmatched)


def test_the_worker_command_finishes_the_list_with_no_click_and_the_page_shows_it(
    app, client, driver, runner, half_done
):
    list_id, explained = half_done
    login(client, "agency")
    page = client.get(f"/aftercare/deaths/lists/{list_id}").get_data(as_text=True)
    assert f"{BATCH} / 50" in page and "办理中" in page and "后台程序" in page
    result = runner.invoke(args=["worker", "--once", "--stalled-after", "0"])
    assert result.exit_code == 0, result.output
    assert "resumed 1 death list(s)" in result.output
    page = client.get(f"/aftercare/deaths/lists/{list_id}").get_data(as_text=True)
    assert "50 / 50" in page and "已完成" in page and "后台程序" not in page
    assert _counts(driver)[0] == 40
    assert "death list" not in runner.invoke(args=["worker", "--once", "--stalled-after", "0"]).output
    assert _counts(driver)[0] == 40


def test_a_list_another_runner_is_moving_on_is_left_to_it(app, driver, half_done):
    list_id, _explained = half_done
    ticks = Ticks()
    watch = death_list.StalledLists(after=60, monotonic=ticks)
    assert resume_stalled_lists(_sessions(app), watch, driver.engine, BATCH) == 0  # first seen
    ticks.now = 30
    with driver.tx() as session:  # the request (or another worker) goes on with it meanwhile
        death_list.run_batch(session, driver.engine, list_id, None, BATCH)
    ticks.now = 70
    assert resume_stalled_lists(_sessions(app), watch, driver.engine, BATCH) == 0  # seen moving
    assert _state(driver, list_id)[:2] == ("running", 2 * BATCH)
    ticks.now = 129
    assert resume_stalled_lists(_sessions(app), watch, driver.engine, BATCH) == 0
    ticks.now = 130
    assert resume_stalled_lists(_sessions(app), watch, driver.engine, BATCH) == 1  # still since 70
    assert _state(driver, list_id)[:3] == ("done", 50, 40)


def test_the_worker_skips_a_list_whose_row_another_transaction_holds():
    """On PostgreSQL the worker's claim does not wait: a list held is someone else's this round."""
    query = death_list.locking(1, wait=False).compile(dialect=postgresql.dialect())
    assert "FOR UPDATE SKIP LOCKED" in str(query)
    assert "SKIP LOCKED" not in str(death_list.locking(1).compile(dialect=postgresql.dialect()))


def test_a_list_held_by_another_worker_is_skipped_on_postgresql(app, driver, half_done):
    list_id, _explained = half_done
    sessions = _sessions(app)
    if sessions.kw["bind"].dialect.name != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    with sessions() as other, other.begin():
        other.scalars(death_list.locking(list_id)).one()  # another worker's batch holds the row
        assert resume_stalled_lists(sessions, death_list.StalledLists(after=0), driver.engine, BATCH) == 0
    assert _state(driver, list_id)[:2] == ("running", BATCH)
    assert resume_stalled_lists(sessions, death_list.StalledLists(after=0), driver.engine, BATCH) == 1
    assert _state(driver, list_id)[:3] == ("done", 50, 40)


def test_a_list_whose_batches_keep_failing_is_stopped_for_good_and_says_why(
    app, client, driver, half_done, monkeypatch
):
    list_id, _explained = half_done

    def broken(*_args):
        raise RuntimeError("a bug in matching")

    monkeypatch.setattr(death_list, "_open", broken)
    watch = death_list.StalledLists(after=0)
    for _round in range(death_list.MAX_ATTEMPTS):
        assert _state(driver, list_id)[0] == "running"
        resume_stalled_lists(_sessions(app), watch, driver.engine, BATCH)
    state, rows_done, opened, _unmatched, error = _state(driver, list_id)
    assert (state, rows_done, opened, error) == ("failed", BATCH, BATCH, death_list.BROKEN)
    monkeypatch.undo()
    assert resume_stalled_lists(_sessions(app), watch, driver.engine, BATCH) == 0
    assert _state(driver, list_id)[:3] == ("failed", BATCH, BATCH)
    login(client, "agency")
    assert death_list.BROKEN in client.get(f"/aftercare/deaths/lists/{list_id}").get_data(as_text=True)
