"""Documents are rendered without holding the database: a long list does not make other
officials wait (outside tests the worker makes a task's documents: test_document_jobs)."""

from __future__ import annotations

import sqlite3

import pytest

from tests.web.conftest import post
from webapp.documents import render

from .conftest import browser
from .test_store import agreement_url, stored


@pytest.fixture
def writable_during_render(app, monkeypatch):
    """Renders for real, and while rendering checks that another connection could take SQLite's
    write lock at once (a render inside a write transaction would hold it)."""
    url = app.extensions["yijiao"]["db_engine"].url
    if url.get_backend_name() != "sqlite":
        pytest.skip("the write lock is SQLite's")
    checks: list[bool] = []
    real_make = render.make

    def make(*args, **kwargs):
        other = sqlite3.connect(url.database, timeout=0.2, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            checks.append(True)
        except sqlite3.OperationalError:
            checks.append(False)
        finally:
            other.close()
        return real_make(*args, **kwargs)

    monkeypatch.setattr(render, "make", make)
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
