"""The start page and the health check answer in Chinese, from the real database."""

from __future__ import annotations

import logging

from tests.engine.helpers import ENGINE_FIXTURES


def test_healthz_reports_the_app_clock(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "clock": response.json["clock"]}
    assert response.json["clock"].startswith("2017-04-02T01:00")


def test_the_procedures_page_lists_deployed_processes_in_chinese(app, client, people):
    from .conftest import login

    yijiao = app.extensions["yijiao"]
    with yijiao["sessions"]() as session, session.begin():
        yijiao["engine"].deploy_directory(session, ENGINE_FIXTURES)
    login(client, "supervisor")
    page = client.get("/processes").get_data(as_text=True)
    assert "<h1>流程</h1>" in page
    assert "示例移交" in page and "第1版" in page


def test_spiff_logs_only_warnings(app):
    assert logging.getLogger("spiff").getEffectiveLevel() == logging.WARNING


def test_the_home_page_shows_no_figures_without_a_login(client):
    """Issue 13 (8): counts of running cases and open tasks are for those who log in."""
    answer = client.get("/")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")


def test_healthz_answers_503_json_when_the_database_is_down(app, client):
    """Issue 13 (8): a load balancer reads a JSON 503, not an HTML 500."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    broken = create_engine("sqlite:////nonexistent-folder/never.db")
    app.extensions["yijiao"]["sessions"] = sessionmaker(broken)
    answer = client.get("/healthz")
    assert answer.status_code == 503 and answer.json == {"status": "unavailable", "reason": "database"}
