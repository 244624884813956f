"""Fixtures for the retiree registry: the web app and its people (tests/web), retirees registered
for 平煤神马 (the campaign roster) and for a second enterprise, and a programme driven through the
real BPMN up to the county hand-overs."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from engine.directory.organisations import Organisation
from engine.policy.rules import destination_of
from engine.registry.retirees import Retiree
from engine.workflow.deadlines import CHINA_TZ
from tests.processes import campaign
from tests.processes.test_retiree_handover import sign_framework_agreements
from tests.processes.test_retiree_handover import start_programme as programme_start
from tests.web import conftest as web

from .walk import API

OTHER_ENTERPRISE = "org-ent-other"
OTHER_LOCATION = "410105"
#: a second enterprise's people: to 金水区, 中原区 and 新华区
OTHER_ROSTER = (
    campaign.retiree("孙外企", "410105", "410105", 20),
    campaign.retiree("钱外企", "410102", "410102", 21, sex="女"),
    campaign.retiree("建设华", "410402", "410402", 22),
)
# the web tests' app, its client, its people (one user per organisation) and their driver
app, client, people, driver = web.app, web.client, web.people, web.driver

REGISTERED_AT = datetime(2017, 3, 10, 9, 0, tzinfo=CHINA_TZ)


def register(session, enterprise: str, location: str, roster) -> None:
    """Registry rows as a roster import makes them (destination by ``destination_of``)."""
    for person in roster:
        destination = destination_of(person, location)
        session.add(
            Retiree(
                **{k: person[k] for k in ("name", "sex", "id_number", "hukou_code", "residence_code")},
                birth_date=date.fromisoformat(person["birth_date"]),
                retirement_date=date.fromisoformat(person["retirement_date"]),
                category=person["category"],
                party_member=person["party_member"],
                special_status=list(person["special_status"]),
                phone=person.get("phone"),
                enterprise_org=enterprise,
                destination_code=destination["code"],
                destination_reason=destination["reason"],
                excluded=destination["excluded"],
                status="registered",
                archive_status="none",
                registered_at=REGISTERED_AT,
                updated_at=REGISTERED_AT,
            )
        )


@pytest.fixture
def sessions(app):
    return app.extensions["yijiao"]["sessions"]


@pytest.fixture
def registered(sessions, people) -> dict[str, int]:
    """平煤神马's 11 (9 handed over: 金水区 4, 中原区 2, 新华区 3) and the other enterprise's 3;
    name → registry id."""
    with sessions() as session, session.begin():
        session.add(
            Organisation(id=OTHER_ENTERPRISE, name="河南其他集团", kind="enterprise", division_code="410105")
        )
        session.flush()
        register(session, campaign.ENTERPRISE, campaign.ENTERPRISE_INFO["location_code"], campaign.roster())
        register(session, OTHER_ENTERPRISE, OTHER_LOCATION, OTHER_ROSTER)
    with sessions() as session:
        return {r.name: r.id for r in session.scalars(select(Retiree))}


def start_programme(driver) -> int:
    """平煤神马's programme with its roster registered and both framework agreements signed."""
    case = programme_start(driver)
    sign_framework_agreements(driver, case)
    return case


@pytest.fixture
def programme(driver, registered) -> int:
    return start_programme(driver)


@pytest.fixture
def api(client, people) -> API:
    return API(client)
