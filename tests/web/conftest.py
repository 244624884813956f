"""Fixtures for the Flask app: an app on the test database, its client and CLI runner."""

from __future__ import annotations

import pytest

from webapp import create_app


@pytest.fixture
def app(db_engine, tmp_path):
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": db_engine.url.render_as_string(hide_password=False),
            "PROCESSES_DIR": str(tmp_path / "processes"),
            "CLOCK_START": "2017-04-02T09:00:00+08:00",
        }
    )


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
