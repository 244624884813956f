"""Long documents are made by the worker: a download of a long register answers at once with its
progress (page and API), the case and task pages show it, the worker makes it (also after a
worker died mid-render), a render that keeps failing stops with its reason, and outsiders learn
nothing of it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from engine.workflow.documents import DocumentJob
from tests.web.test_words import words_on
from webapp.documents import jobs, render

from .conftest import api_headers, browser
from .test_access import api, page
from .test_store import draft_completed_through_the_api, stored

REGISTER = "移交清册（郑州市金水区）"


@pytest.fixture
def long_lists(app):
    """金水区's 4 people make a long register: more than a request renders."""
    app.config["DOCUMENT_INLINE_ROWS"] = 2
    return app


def jobs_of(app) -> list[DocumentJob]:
    with app.extensions["yijiao"]["sessions"]() as session:
        return list(session.scalars(select(DocumentJob).order_by(DocumentJob.id)))


def change_jobs(app, **values) -> None:
    """Set what a worker would have written (its progress, its heartbeat) on every job."""
    with app.extensions["yijiao"]["sessions"]() as session, session.begin():
        session.execute(update(DocumentJob).values(**values))


def work(app, stalled_after: str = "0") -> str:
    """One round of the worker, as ``yijiao worker --once``: its output."""
    result = app.test_cli_runner().invoke(args=["worker", "--once", "--stalled-after", stalled_after])
    assert result.exit_code == 0, result.output
    return result.output


def ago(seconds: float) -> datetime:
    return datetime.now(UTC) - timedelta(seconds=seconds)


def test_a_long_register_is_queued_once_and_its_progress_shown(long_lists, programme, driver):
    app = long_lists
    county = browser(app, "county")
    response = county.get(page(programme, "handover_register"))
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="5">' in html
    assert f"正在生成 {REGISTER}：排队等待中" in html and words_on("/cases", html) == set()
    caller = app.test_client()
    headers = api_headers(caller, "county")
    answer = caller.get(api(programme, "handover_register"), headers=headers)
    assert answer.status_code == 202 and answer.headers["Retry-After"] == "5"
    assert answer.get_json() == {
        "state": "queued",
        "title": REGISTER,
        "pages_done": 0,
        "pages_total": None,
        "error": None,
    }
    assert county.get(page(programme, "handover_register")).status_code == 200
    assert [job.state for job in jobs_of(app)] == ["queued"]
    assert f"正在生成 {REGISTER}" in county.get(f"/cases/{programme}").get_data(as_text=True)
    item = driver.item(programme, "sign_specific_agreement", "org-gov-410105")
    assert f"正在生成 {REGISTER}" in county.get(f"/tasks/{item.id}").get_data(as_text=True)
    detail = caller.get(f"/api/v1/instances/{programme}", headers=headers).get_json()
    making = {d["kind"]: d["making"] for d in detail["documents"] if d.get("generated")}
    assert making["handover_register"] == {"state": "queued", "pages_done": 0, "pages_total": None}
    assert making["specific_agreement"] is None


def test_two_requests_racing_for_the_same_inputs_share_one_job(long_lists, programme, monkeypatch):
    county = browser(long_lists, "county")
    county.get(page(programme, "handover_register"))
    looked = []
    real = jobs.of_inputs

    def read_before_the_other_committed(session, wanted):
        """The first look misses the job the first request made: the insert meets the unique key."""
        looked.append(wanted)
        return None if len(looked) == 1 else real(session, wanted)

    monkeypatch.setattr(jobs, "of_inputs", read_before_the_other_committed)
    response = county.get(page(programme, "handover_register"))
    assert response.status_code == 200 and f"正在生成 {REGISTER}" in response.get_data(as_text=True)
    assert len(looked) == 2 and len(jobs_of(long_lists)) == 1  # missed, then read after the conflict


def test_the_pages_show_the_page_the_worker_is_at(long_lists, programme):
    browser(long_lists, "county").get(page(programme, "handover_register"))
    change_jobs(long_lists, state="running", pages_done=120, pages_total=800, heartbeat_at=ago(1))
    html = browser(long_lists, "county").get(f"/cases/{programme}").get_data(as_text=True)
    assert f"正在生成 {REGISTER}：第 120/800 页" in html
    download = browser(long_lists, "county").get(page(programme, "handover_register"))
    assert "第 120/800 页" in download.get_data(as_text=True)


def test_the_worker_makes_the_register_and_the_next_download_is_the_pdf(long_lists, programme):
    county = browser(long_lists, "county")
    county.get(page(programme, "handover_register"))
    assert "worked on 1 queued document(s)" in work(long_lists)
    response = county.get(page(programme, "handover_register"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    (job,) = jobs_of(long_lists)
    (document,) = stored(long_lists, kind="handover_register")
    assert (job.state, job.document_id, job.pages_done) == ("done", document.id, job.pages_total)
    assert "正在生成" not in county.get(f"/cases/{programme}").get_data(as_text=True)
    assert work(long_lists) == ""  # nothing left to make


def test_a_render_a_killed_worker_left_is_taken_over(long_lists, programme):
    browser(long_lists, "county").get(page(programme, "handover_register"))
    change_jobs(long_lists, state="running", pages_done=1, pages_total=2, heartbeat_at=ago(3600))
    assert "worked on 1" in work(long_lists, stalled_after="60")
    (job,) = jobs_of(long_lists)
    assert job.state == "done" and stored(long_lists, kind="handover_register")


def test_a_render_another_worker_is_on_is_left_to_it(long_lists, programme):
    browser(long_lists, "county").get(page(programme, "handover_register"))
    change_jobs(long_lists, state="running", pages_done=1, pages_total=2, heartbeat_at=ago(5))
    assert work(long_lists, stalled_after="60") == ""
    (job,) = jobs_of(long_lists)
    assert (job.state, job.pages_done) == ("running", 1)
    assert stored(long_lists, kind="handover_register") == []


def test_a_render_that_keeps_failing_stops_with_its_reason(long_lists, programme, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(render, "make", broken)
    county = browser(long_lists, "county")
    county.get(page(programme, "handover_register"))
    work(long_lists)
    (job,) = jobs_of(long_lists)
    assert (job.state, job.attempts, job.error) == ("queued", 1, "RuntimeError: no fonts")
    work(long_lists)
    work(long_lists)
    (job,) = jobs_of(long_lists)
    assert (job.state, job.attempts) == ("failed", 3)
    html = county.get(page(programme, "handover_register")).get_data(as_text=True)
    assert f"{REGISTER} 生成失败：生成连续 3 次未成功，已停止" in html
    assert 'http-equiv="refresh"' not in html and "again=1" in html
    assert words_on("/cases", html) == set()  # what went wrong in English is for the log
    caller = long_lists.test_client()
    answer = caller.get(api(programme, "handover_register"), headers=api_headers(caller, "county"))
    assert answer.status_code == 202 and answer.get_json()["state"] == "failed"
    assert "生成连续 3 次未成功" in answer.get_json()["error"]
    asked_again = county.get(page(programme, "handover_register", "?county=410105&again=1"))
    assert [(j.state, j.attempts) for j in jobs_of(long_lists)] == [("queued", 0)]
    reload = f'content="5; url={page(programme, "handover_register")}"'
    assert reload in asked_again.get_data(as_text=True)  # not asking again at each reload


def test_in_the_background_a_task_s_documents_are_queued_for_the_worker(app, programme, driver):
    app.config["DOCUMENTS_IN_BACKGROUND"] = True
    item = draft_completed_through_the_api(app, programme, driver)
    assert not [t for t in threading.enumerate() if t.name.startswith("documents-of-task")]
    assert [(j.kind, j.state, j.work_item_id) for j in jobs_of(app)] == [
        ("specific_agreement", "queued", item.id)
    ]
    assert stored(app, work_item_id=item.id) == []
    work(app)
    assert [d.kind for d in stored(app, work_item_id=item.id)] == ["specific_agreement"]
    assert jobs_of(app)[0].state == "done"


def test_outsiders_learn_nothing_of_a_register_in_making(long_lists, programme):
    browser(long_lists, "county").get(page(programme, "handover_register"))
    for username in ("county2", "community"):
        assert browser(long_lists, username).get(page(programme, "handover_register")).status_code == 404
        caller = long_lists.test_client()
        answer = caller.get(api(programme, "handover_register"), headers=api_headers(caller, username))
        assert answer.status_code == 404, username
    assert len(jobs_of(long_lists)) == 1


def test_two_workers_never_take_the_same_job(long_lists, programme):
    """PostgreSQL: the second worker skips the job the first holds and takes the next; SQLite: the
    second's guarded update finds it taken (``take`` answers None rather than it twice)."""
    browser(long_lists, "county").get(page(programme, "handover_register"))
    sessions = long_lists.extensions["yijiao"]["sessions"]
    with sessions() as session, session.begin():  # the register asked again after a change
        (asked,) = session.scalars(select(DocumentJob)).all()
        session.add(DocumentJob(**{**_columns(asked), "id": None, "input_hash": "inputs sha256:changed"}))
    assert len(jobs_of(long_lists)) == 2
    with sessions() as first, first.begin():
        held = jobs.take(first, stalled_after=60)
        first.flush()
        if first.get_bind().dialect.name == "postgresql":
            with sessions() as second, second.begin():
                other = jobs.take(second, stalled_after=60)
                assert other is not None and other.id != held.id
    states = {job.id: job.state for job in jobs_of(long_lists)}
    assert states[held.id] == "running"
    with sessions() as third, third.begin():
        later = jobs.take(third, stalled_after=60)
    assert later is None or later.id != held.id


def _columns(job: DocumentJob) -> dict:
    return {column.key: getattr(job, column.key) for column in DocumentJob.__table__.columns}
