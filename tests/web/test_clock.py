"""The application clock page: administrators set it for a replay (audited), everyone sees the
banner while it is not the machine's time, anyone else is refused."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from engine.clock.stored import ClockSetting
from engine.directory.audit import AuditEvent
from engine.workflow.deadlines import CHINA_TZ
from webapp import create_app

from .conftest import csrf_token, login, post

REPLAY = datetime(2017, 4, 1, 9, 0, tzinfo=CHINA_TZ)
CONFIGURED = datetime(2017, 4, 2, 9, 0, tzinfo=CHINA_TZ)  # CLOCK_START of the test app


@pytest.fixture
def yijiao(app):
    return app.extensions["yijiao"]


@pytest.fixture
def as_admin(client, people):
    assert login(client, "admin").status_code == 302
    return client


def set_clock(client, moment: str, mode: str = "running"):
    return post(client, "/admin/clock", {"moment": moment, "mode": mode}, token_from="/admin/clock")


def rows(yijiao, model) -> list:
    with yijiao["sessions"]() as session:
        return session.scalars(select(model).order_by(model.id)).all()


def audited(yijiao, *actions: str) -> list[AuditEvent]:
    return [e for e in rows(yijiao, AuditEvent) if e.action in actions]


def test_the_page_shows_the_application_time(as_admin):
    page = as_admin.get("/admin/clock").get_data(as_text=True)
    assert "当前系统时间" in page and "2017-04-02 09:0" in page


def test_setting_the_clock_moves_the_engines_now_for_the_next_requests(as_admin, yijiao):
    response = set_clock(as_admin, "2017-04-01T09:00", "frozen")
    assert response.status_code == 302
    assert yijiao["engine"].clock.now() == REPLAY
    page = as_admin.get("/admin/clock").get_data(as_text=True)
    assert "2017-04-01 09:00" in page and "已冻结" in page


def test_a_running_clock_runs_on_from_the_moment_set(as_admin, yijiao):
    set_clock(as_admin, "2017-04-01 09:00")
    now = yijiao["engine"].clock.now()
    assert REPLAY <= now < REPLAY + timedelta(minutes=1)
    assert not rows(yijiao, ClockSetting)[0].frozen


def test_the_change_is_audited_with_the_moment(as_admin, yijiao):
    set_clock(as_admin, "2017-04-01T09:00", "frozen")
    [event] = audited(yijiao, "set_clock")
    assert (event.actor, event.organisation_id) == ("admin", "org-admin")
    assert event.detail["moment"] == "2017-04-01T09:00:00+08:00" and event.detail["frozen"] is True
    assert "set_clock" in as_admin.get("/admin/audit?action=set_clock").get_data(as_text=True)


def test_every_page_shows_the_banner_for_everyone_while_the_clock_is_set(as_admin, client, yijiao):
    set_clock(as_admin, "2017-04-01T09:00", "frozen")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/inbox")})
    assert "模拟时钟：2017-04-01 09:00" in client.get("/login").get_data(as_text=True)
    login(client, "zhengzhou")
    assert "模拟时钟：2017-04-01 09:00" in client.get("/inbox").get_data(as_text=True)


def test_no_banner_on_the_machines_time(db_engine, people):
    app = create_app({"TESTING": True, "DATABASE_URL": db_engine.url.render_as_string(hide_password=False)})
    assert "模拟时钟" not in app.test_client().get("/login").get_data(as_text=True)


def test_reset_returns_to_the_configured_clock_and_is_audited(as_admin, yijiao):
    set_clock(as_admin, "2017-04-01T09:00", "frozen")
    response = post(as_admin, "/admin/clock/reset", token_from="/admin/clock")
    assert response.status_code == 302
    assert rows(yijiao, ClockSetting) == []
    assert CONFIGURED <= yijiao["engine"].clock.now() < CONFIGURED + timedelta(minutes=1)
    [event] = audited(yijiao, "reset_clock")
    assert event.detail == {"previous": "2017-04-01T09:00:00+08:00"}


@pytest.mark.parametrize(
    "moment", ["", "next monday", "2017-02-30 09:00", "2017-04-01 24:30", "9999-12-31T23:59", "1900-01-01"]
)
def test_what_is_not_a_moment_is_refused_clearly_and_changes_nothing(as_admin, yijiao, moment):
    response = set_clock(as_admin, moment)
    assert response.status_code == 422
    assert "请输入 2000 年至 2099 年之间的日期和时间" in response.get_data(as_text=True)
    assert rows(yijiao, ClockSetting) == [] and audited(yijiao, "set_clock") == []
    assert CONFIGURED <= yijiao["engine"].clock.now() < CONFIGURED + timedelta(minutes=1)


def test_an_unknown_mode_is_refused(as_admin, yijiao):
    assert set_clock(as_admin, "2017-04-01T09:00", "backwards").status_code == 422
    assert rows(yijiao, ClockSetting) == []


@pytest.mark.parametrize(
    ("method", "path"), [("get", "/admin/clock"), ("post", "/admin/clock"), ("post", "/admin/clock/reset")]
)
def test_only_administrators_may_set_the_clock(client, people, yijiao, method, path):
    login(client, "supervisor")
    data = {"moment": "2017-04-01T09:00", "mode": "frozen", "csrf_token": csrf_token(client, "/inbox")}
    response = client.get(path) if method == "get" else client.post(path, data=data)
    assert response.status_code == 403
    assert rows(yijiao, ClockSetting) == [] and audited(yijiao, "set_clock", "reset_clock") == []


def test_setting_the_clock_needs_the_csrf_token(as_admin, yijiao):
    response = as_admin.post("/admin/clock", data={"moment": "2017-04-01T09:00", "mode": "frozen"})
    assert response.status_code == 400
    assert rows(yijiao, ClockSetting) == []
