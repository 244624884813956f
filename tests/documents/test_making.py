"""Documents are rendered without holding the database: a long list does not make other
officials wait, and a task's documents are made after its official got the answer."""

from __future__ import annotations

import sqlite3
import time

import pytest

from engine.workflow.documents import Document
from tests.processes import submissions as form
from tests.web.conftest import post
from webapp.documents import render

from .conftest import api_headers, browser
from .test_store import agreement_url, stored


@pytest.fixture
def writable_during_render(app, monkeypatch):
    """Renders for real, and while rendering checks that another connection could take SQLite's
    write lock at once (a render inside a write transaction would hold it)."""
    url = app.extensions["yijiao"]["db_engine"].url
    if url.get_backend_name() != "sqlite":
        pytest.skip("the write lock is SQLite's")
    checks: list[bool] = []
    real_pdf = render.pdf

    def pdf(*args, **kwargs):
        other = sqlite3.connect(url.database, timeout=0.2, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            checks.append(True)
        except sqlite3.OperationalError:
            checks.append(False)
        finally:
            other.close()
        return real_pdf(*args, **kwargs)

    monkeypatch.setattr(render, "pdf", pdf)
    return checks


def test_a_download_renders_without_the_write_lock(app, programme, writable_during_render):
    response = browser(app, "county").get(agreement_url(programme))
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert writable_during_render == [True]
    assert len(stored(app, kind="specific_agreement")) == 1


def test_a_task_s_documents_render_without_the_write_lock(app, programme, driver, writable_during_render):
    item = driver.item(programme, "sign_specific_agreement", "org-gov-410105")
    county = browser(app, "county")
    post(county, f"/tasks/{item.id}/claim", token_from=f"/tasks/{item.id}")
    signed = {"approved": "on", "signed_by": "张局长", "signed_on": "2017-04-25"}
    response = post(county, f"/tasks/{item.id}/complete", signed, token_from=f"/tasks/{item.id}")
    assert response.status_code == 302
    assert writable_during_render == [True]
    assert [d.work_item_id for d in stored(app, kind="specific_agreement")] == [item.id]


def test_outside_tests_a_task_s_documents_are_made_after_the_answer(app, programme, driver):
    app.config["DOCUMENTS_IN_BACKGROUND"] = True
    item = driver.by_county(programme, "draft_specific_agreement")["410102"]
    client = app.test_client()
    headers = api_headers(client, "enterprise")
    assert client.post(f"/api/v1/tasks/{item.id}/claim", headers=headers).status_code == 200
    response = client.post(
        f"/api/v1/tasks/{item.id}/complete", headers=headers, json={"data": form.specific_draft(2, 1)}
    )
    assert response.status_code == 200
    assert _eventually(lambda: stored(app, work_item_id=item.id))[0].kind == "specific_agreement"


def _eventually(found, seconds: float = 60) -> list[Document]:
    deadline = time.monotonic() + seconds
    while not (result := found()) and time.monotonic() < deadline:
        time.sleep(0.2)
    return result
