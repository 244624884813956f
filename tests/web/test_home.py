"""The start page and the health check answer in Chinese, from the real database."""

from __future__ import annotations

import logging

from tests.engine.helpers import ENGINE_FIXTURES


def test_healthz_reports_the_app_clock(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "clock": response.json["clock"]}
    assert response.json["clock"].startswith("2017-04-02T01:00")


def test_home_lists_deployed_processes_in_chinese(app, client):
    yijiao = app.extensions["yijiao"]
    with yijiao["sessions"]() as session, session.begin():
        yijiao["engine"].deploy_directory(session, ENGINE_FIXTURES)
    page = client.get("/").get_data(as_text=True)
    assert "已部署流程" in page
    assert "示例移交" in page and "v1" in page


def test_spiff_logs_only_warnings(app):
    assert logging.getLogger("spiff").getEffectiveLevel() == logging.WARNING
