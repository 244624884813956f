"""GET /api/v1/progress and /progress/units: the dashboard's figures for overseers only."""

from __future__ import annotations

import pytest

from engine.directory.organisations import Organisation, User
from tests.passwords import password_hash
from tests.processes import campaign
from tests.processes import submissions as form

from .cases import ENTERPRISE, active, claim_and_complete, start_programme, survey, upload_roster
from .conftest import PASSWORD
from .test_openapi import conforms, document  # noqa: F401  (fixture)

SUPERVISOR = "supervisor"
MUNICIPAL = "office@zhengzhou"


@pytest.fixture
def registered(api) -> int:
    """平煤神马's roster registered: 郑州市 (金水区 4, 中原区 2) and 平顶山市 (新华区 3)."""
    upload_roster(api, campaign.roster())
    case = start_programme(api)["id"]
    survey(api, case, len(campaign.roster()))
    claim_and_complete(api, active(api, case, "register_roster"), form.registered(len(campaign.roster())))
    return case


@pytest.fixture
def municipal_office(app) -> None:
    yijiao = app.extensions["yijiao"]
    with yijiao["sessions"]() as session, session.begin():
        office = Organisation(id="org-office-410100", name="郑州市办", kind="supervisor")
        office.division_code = "410100"
        session.add(office)
        session.flush()
        session.add(User(username=MUNICIPAL, name="郑州市督办", organisation_id="org-office-410100",
                         roles=["supervisor"], password_hash=password_hash(PASSWORD)))  # fmt: skip


def test_the_figures_by_prefecture(api, registered, document):  # noqa: F811
    found = api.ok("get", "/progress", SUPERVISOR)
    assert conforms(document, "Progress", found) == []
    assert found["level"] == "prefecture"
    rows = {row["key"]: row for row in found["rows"]}
    assert sorted(rows) == ["410100", "410400"]
    zhengzhou = rows["410100"]
    assert {code: cell["due"] for code, cell in zhengzhou["milestones"].items()} == {
        "M1": 1, "M2": 2, "M3": 0, "M4": 2,
    }  # fmt: skip
    assert zhengzhou["retirees"] == {"planned": 6, "received": 0, "percent": 0.0}
    assert found["total"]["fee"]["due"] == 9000
    assert [m["passed"] for m in found["milestones"]] == [False] * 4


def test_past_m1_unsigned_framework_agreements_are_overdue(api, registered, clock):
    for draft in [t for t in api.ok("get", f"/instances/{registered}", ENTERPRISE)["active_tasks"]]:
        claim_and_complete(api, draft, form.framework_draft())
    sign = [t for t in api.ok("get", f"/instances/{registered}", SUPERVISOR)["active_tasks"]
            if t["owner_org"] == campaign.prefecture_org("410100")]  # fmt: skip
    claim_and_complete(api, sign[0], form.approve())
    clock.set(clock.now().replace(month=4, day=1))
    api.tokens.clear()  # tokens issued a month ago have expired
    found = api.ok("get", "/progress", SUPERVISOR)
    cells = {row["key"]: row["milestones"]["M1"] for row in found["rows"]}
    assert (cells["410100"]["done"], cells["410100"]["status"]) == (1, "done")
    assert (cells["410400"]["overdue"], cells["410400"]["status"]) == (1, "overdue")
    overdue_m1 = {"milestone": "M1", "status": "overdue"}
    behind = api.ok("get", "/progress/units", SUPERVISOR, query_string=overdue_m1)
    assert [(u["instance_id"], u["prefecture"], u["overdue"]) for u in behind["items"]] == [
        (registered, "410400", True)
    ]


def test_drilling_down_to_counties_and_enterprises(api, registered):
    counties = api.ok("get", "/progress", SUPERVISOR, query_string={"prefecture": "410100"})
    assert counties["level"] == "county"
    assert [row["key"] for row in counties["rows"]] == ["410102", "410105", None]
    enterprises = api.ok("get", "/progress", SUPERVISOR, query_string={"county": "410105"})
    assert [(row["key"], row["retirees"]["planned"]) for row in enterprises["rows"]] == [
        (campaign.ENTERPRISE, 4)
    ]


def test_only_overseers_see_progress(api, registered):
    assert api.get("/progress", ENTERPRISE).status_code == 403
    assert api.get("/progress/units", ENTERPRISE).status_code == 403


def test_a_municipal_office_sees_only_its_prefecture(api, registered, municipal_office):
    found = api.ok("get", "/progress", MUNICIPAL)
    assert found["selection"]["prefecture"] == "410100"
    assert {row["key"] for row in found["rows"]} == {"410102", "410105", None}
    assert api.get("/progress", MUNICIPAL, query_string={"prefecture": "410400"}).status_code == 404
    assert api.get("/progress", MUNICIPAL, query_string={"county": "410402"}).status_code == 404
    listed = api.ok("get", "/progress/units", MUNICIPAL)
    assert {u["prefecture"] for u in listed["items"]} == {"410100"}


def test_bad_parameters_are_named(api, registered):
    refused = api.get("/progress", SUPERVISOR, query_string={"prefecture": "41x", "county": "1"})
    assert refused.status_code == 422
    assert set(refused.json["error"]["fields"]) == {"prefecture", "county"}
    refused = api.get("/progress/units", SUPERVISOR, query_string={"milestone": "M9", "status": "x"})
    assert set(refused.json["error"]["fields"]) == {"milestone", "status"}
    unknown = api.get("/progress", SUPERVISOR, query_string={"campaign": "2099年"})
    assert unknown.status_code == 404


def test_the_report_pdf_follows_the_same_selection_and_scope(api, registered, municipal_office):
    from tests.documents.conftest import pdf_text

    own = api.get("/reports/progress.pdf", MUNICIPAL)
    assert own.status_code == 200 and own.mimetype == "application/pdf"
    text = pdf_text(own.data)
    assert "郑州市" in text and "平顶山市" not in text
    elsewhere = api.get("/reports/progress.pdf", MUNICIPAL, query_string={"prefecture": "410400"})
    assert elsewhere.status_code == 404
    assert api.get("/reports/progress.pdf", ENTERPRISE).status_code == 403
