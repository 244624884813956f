"""/api/v1/campaign/settings: read by supervisors and administrators, changed by the provincial
office and administrators (audited); a wrong field is named in a 422 and nothing is stored."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.campaigns import CampaignSetting, defaults
from engine.directory.audit import AuditEvent

from .cases import ENTERPRISE
from .test_openapi import conforms

PATH = "/campaign/settings"


@pytest.fixture
def document(client) -> dict:
    return client.get("/api/v1/openapi.json").json


def nothing_stored(app) -> bool:
    with app.extensions["yijiao"]["sessions"]() as session:
        changes = select(AuditEvent).where(AuditEvent.action == "change_campaign_settings")
        return session.scalars(select(CampaignSetting)).all() == [] and session.scalars(changes).all() == []


@pytest.mark.parametrize("username", ["supervisor", "admin"])
def test_supervisors_and_administrators_read_the_settings_and_their_defaults(api, username, document):
    answer = api.ok("get", PATH, username)
    assert answer == {"settings": defaults(), "defaults": defaults()}
    assert conforms(document, "CampaignSettings", answer) == []


def test_a_change_is_answered_stored_and_audited(api, app, document):
    changes = {"lookup_review_days": 7, "milestones": {"M4": "2017-07-31"}}
    answer = api.ok("put", PATH, "supervisor", json=changes)
    assert answer["settings"]["lookup_review_days"] == 7
    assert answer["settings"]["milestones"] == {**defaults()["milestones"], "M4": "2017-07-31"}
    assert answer["defaults"] == defaults()
    assert conforms(document, "CampaignSettings", answer) == []
    assert api.ok("get", PATH, "admin")["settings"] == answer["settings"]
    with app.extensions["yijiao"]["sessions"]() as session:
        [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "change_campaign_settings"))
    assert event.actor == "supervisor"
    assert event.detail["changes"]["lookup_review_days"] == {"from": 5, "to": 7}


@pytest.mark.parametrize("username", [ENTERPRISE, "designer"])
def test_everyone_else_is_refused(api, app, username):
    assert api.get(PATH, username).status_code == 403
    refused = api.put(PATH, username, json={"lookup_review_days": 7})
    assert refused.status_code == 403 and refused.json["error"]["code"] == "forbidden"
    assert nothing_stored(app)


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"lookup_review_days": 0}, {"lookup_review_days"}),
        ({"lookup_review_days": "seven"}, {"lookup_review_days"}),
        ({"asset_handover_days": 7, "lookup_service_days": 1000}, {"lookup_service_days"}),
        ({"milestones": {"M2": "2017-03-01"}}, {"milestones.M2"}),
        ({"milestones": {"M9": "2017-03-01"}}, {"milestones"}),
        ({"deadline": 5}, {"deadline"}),
    ],
)
def test_a_wrong_field_is_named_in_a_422_and_nothing_is_stored(api, app, changes, fields):
    refused = api.put(PATH, "admin", json=changes)
    assert refused.status_code == 422
    assert refused.json["error"]["code"] == "invalid_data"
    assert set(refused.json["error"]["fields"]) == fields
    assert nothing_stored(app)


def test_a_body_that_is_not_an_object_is_a_400(api, app):
    assert api.put(PATH, "admin", json=[7]).status_code == 400
    assert nothing_stored(app)
