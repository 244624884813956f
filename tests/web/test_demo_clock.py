"""A fresh demo lives in 2017: seed-demo sets the stored clock once, when nothing ran yet."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.clock.stored import current_setting
from engine.directory.audit import AuditEvent
from webapp import create_app
from webapp.demo import DEMO_CLOCK

PROCESSES = Path(__file__).resolve().parents[2] / "processes"


def fresh_app(tmp_path, sqlite_template, **config):
    path = tmp_path / "yijiao.db"
    shutil.copy(sqlite_template, path)
    return create_app(
        {"TESTING": True, "DATABASE_URL": f"sqlite:///{path}", "PROCESSES_DIR": str(PROCESSES), **config}
    )


@pytest.fixture
def app(tmp_path, sqlite_template):
    app = fresh_app(tmp_path, sqlite_template)
    yield app
    app.extensions["yijiao"]["db_engine"].dispose()


def test_a_fresh_demo_runs_from_2017_03_20_and_says_so(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "演示时钟：2017-03-20 09:00" in result.output
    yijiao = app.extensions["yijiao"]
    assert abs((yijiao["engine"].clock.now() - DEMO_CLOCK).total_seconds()) < 120
    with yijiao["sessions"]() as session:
        assert current_setting(session).set_by == "seed-demo"
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.action == "set_clock")).all()
        assert actions == ["set_clock"]


def test_seeding_again_leaves_the_clock_alone(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed-demo"])
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and "演示时钟" not in again.output


def test_a_configured_clock_is_left_alone(tmp_path, sqlite_template):
    app = fresh_app(tmp_path, sqlite_template, CLOCK_START="2017-05-02T09:00:00+08:00")
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0 and "演示时钟" not in result.output
    with app.extensions["yijiao"]["sessions"]() as session:
        assert current_setting(session) is None
    app.extensions["yijiao"]["db_engine"].dispose()
