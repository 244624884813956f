"""On SQLite only writers take the write lock (issue 13, 11): a token check, the inbox, a task, a
case and the answer read after a step begin deferred, so they neither wait for the writers nor
make them wait, and a completion that committed is never answered 500 because its answer waited
for the lock. Each request's BEGINs are read off the connection."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from tests.processes import submissions as form

from .cases import ENTERPRISE, active, start_programme
from .conftest import official


@pytest.fixture
def begins(app, db_engine):
    if db_engine.dialect.name != "sqlite":
        pytest.skip("the write lock taken at BEGIN is SQLite's")
    seen: list[str] = []
    app_engine = app.extensions["yijiao"]["db_engine"]

    def note(_connection, _cursor, statement, *_args):
        if statement.startswith("BEGIN"):
            seen.append(statement)

    event.listen(app_engine, "before_cursor_execute", note)
    yield seen
    event.remove(app_engine, "before_cursor_execute", note)


@pytest.fixture
def survey(api) -> dict:
    task = active(api, start_programme(api)["id"], "survey_retirees")
    api.token(official(task["owner_org"]))  # the token is issued before anything is counted
    return task


def test_reading_the_inbox_a_task_and_its_case_never_takes_the_write_lock(api, survey, begins):
    api.ok("get", "/tasks", ENTERPRISE)
    api.ok("get", f"/tasks/{survey['id']}", ENTERPRISE)
    api.ok("get", f"/instances/{survey['case']['id']}", ENTERPRISE)
    assert begins and set(begins) == {"BEGIN DEFERRED"}


def test_a_completion_takes_the_write_lock_once_and_reads_its_answer_without_it(api, survey, begins):
    holder = official(survey["owner_org"])
    api.ok("post", f"/tasks/{survey['id']}/claim", holder)
    begins.clear()
    answer = api.ok("post", f"/tasks/{survey['id']}/complete", holder, json={"data": form.survey(12)})
    assert answer["state"] == "completed" and answer["next"]
    assert begins.count("BEGIN IMMEDIATE") == 1  # the step itself
    assert begins.count("BEGIN DEFERRED") == len(begins) - 1 >= 2  # the token check, the answer

