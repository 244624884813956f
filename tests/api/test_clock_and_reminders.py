"""/api/v1/clock (administrators set the replay clock, audited) and /api/v1/reminders."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from engine.directory.audit import AuditEvent
from engine.workflow import reminders
from engine.workflow.deadlines import CHINA_TZ
from tests.processes import campaign
from tests.processes import submissions as form

from .cases import ENTERPRISE, active, claim_and_complete, start_programme, survey, upload_roster
from .conftest import official

PINGDINGSHAN = official(campaign.prefecture_org("410400"))


@pytest.fixture
def stored_clock(app):
    """The app as deployed: its engine on the shared stored clock (the fixtures give it a settable one)."""
    yijiao = app.extensions["yijiao"]
    yijiao["engine"].clock = yijiao["clock"]
    return yijiao["clock"]


def test_an_administrator_sets_and_resets_the_clock(api, app, stored_clock):
    assert api.ok("get", "/clock", "admin")["source"] == "machine"
    found = api.ok("put", "/clock", "admin", json={"moment": "2017-04-01T09:00", "frozen": True})
    assert (found["now"], found["source"], found["frozen"]) == ("2017-04-01T01:00:00+00:00", "stored", True)
    assert stored_clock.now() == datetime(2017, 4, 1, 9, tzinfo=CHINA_TZ)
    assert api.ok("get", "/clock", ENTERPRISE)["simulated"] is True
    assert api.ok("delete", "/clock", "admin")["source"] == "machine"
    with app.extensions["yijiao"]["sessions"]() as session:
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("%clock"))).all()
    assert actions == ["set_clock", "reset_clock"]


def test_only_administrators_set_the_clock_and_bad_moments_are_named(api, stored_clock):
    assert api.put("/clock", ENTERPRISE, json={"moment": "2017-04-01T09:00"}).status_code == 403
    assert api.delete("/clock", "supervisor").status_code == 403
    refused = api.put("/clock", "admin", json={"moment": "昨天", "frozen": "yes"})
    assert refused.status_code == 422
    assert set(refused.json["error"]["fields"]) == {"moment", "frozen"}
    assert api.ok("get", "/clock", "admin")["source"] == "machine"


def test_reminders_reach_the_owning_organisation_only(api, app, clock):
    upload_roster(api, campaign.roster())
    case = start_programme(api)["id"]
    survey(api, case, len(campaign.roster()))
    claim_and_complete(api, active(api, case, "register_roster"), form.registered(len(campaign.roster())))
    for draft in api.ok("get", f"/instances/{case}", ENTERPRISE)["active_tasks"]:
        claim_and_complete(api, draft, form.framework_draft())
    clock.set(datetime(2017, 3, 24, 9, tzinfo=CHINA_TZ))
    api.tokens.clear()
    with app.extensions["yijiao"]["sessions"]() as session, session.begin():
        assert reminders.send_due_reminders(session, clock.now()) == 2  # one per prefecture
    found = api.ok("get", "/reminders", PINGDINGSHAN)["items"]
    assert [(r["task"], r["due_date"], r["days_left"]) for r in found] == [
        ("审核并签订框架协议", "2017-03-31", 7)
    ]
    assert api.ok("get", "/reminders", ENTERPRISE)["items"] == []
    other = official(campaign.prefecture_org("410100"))
    assert api.post(f"/reminders/{found[0]['id']}/read", other).status_code == 404
    api.ok("post", f"/reminders/{found[0]['id']}/read", PINGDINGSHAN)
    assert api.ok("get", "/reminders", PINGDINGSHAN)["items"] == []
