"""New cases copy the campaign settings when they start, through the procedures' start forms and
the real engine: an archive look-up its deadlines, a programme and a community organisation their
milestones; running cases keep what they started with.

The seed sets no look-up deadline (五(二): "做好企业退休人员档案的接收、管理和查阅、复制等服务工作");
the 5/15-day deadlines are our defaults (``engine.campaigns``)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from engine import procedures
from engine.campaigns import update_campaign_settings
from engine.directory.organisations import Organisation
from engine.directory.roles import Actor
from engine.procedures import StartRequest
from engine.procedures.milestone_schedule import start_settings
from engine.workflow.deadlines import CHINA_TZ

from .campaign import ENTERPRISE, ENTERPRISE_INFO, archive_org, county_org

ARCHIVES = archive_org("410105")
COUNTY = county_org("410105")
COMMUNITY = "org-community-410105"
SUBMITTED = date(2017, 9, 1)
SUPERVISOR = Actor("zhao.lei", "org-supervisor-henan", frozenset({"supervisor"}))
LOOKUP = {
    "retiree_name": "王建国",
    "id_number": "410105195001013",
    "purpose": "办理养老金资格认证",
    "kind": "复制",
    "archive_department": ARCHIVES,
}


def end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=CHINA_TZ)


@pytest.fixture
def directory(tx) -> None:
    with tx() as session:
        session.add(
            Organisation(id=ARCHIVES, name="金水区档案馆", kind="archive_department", division_code="410105")
        )
        session.add(
            Organisation(
                id=COUNTY, name="金水区人民政府", kind="receiving_government", division_code="410105"
            )
        )


def change(tx, **changes) -> None:
    with tx() as session:
        update_campaign_settings(session, changes, SUPERVISOR, now=datetime(2017, 8, 1, tzinfo=CHINA_TZ))


def started(tx, process: str, answers: dict, organisation: str, today: date = SUBMITTED):
    """The case ``process``'s start form describes (parties, data, title), as the page starts it."""
    with tx() as session:
        return procedures.starting(process, StartRequest(session, answers, organisation, "经办单位", today))


def start_lookup(drive, tx) -> int:
    new = started(tx, "archive_lookup", LOOKUP, COMMUNITY)
    return drive.start("archive_lookup", new.parties, new.data, title=new.title)


def test_a_look_up_started_after_the_review_deadline_became_7_days_is_due_7_days_after_submission(
    drive, tx, directory
):
    change(tx, lookup_review_days=7)
    case = start_lookup(drive, tx)
    assert drive.item(case, "review_lookup_request").due_at == end_of(date(2017, 9, 8))


def test_the_request_carries_the_deadlines_of_the_settings_at_its_start(tx, directory):
    change(tx, lookup_review_days=7, lookup_service_days=21, lookup_acknowledge_days=30)
    request = started(tx, "archive_lookup", LOOKUP, COMMUNITY).data["request"]
    assert request["deadlines"] == {"review": 7, "service": 21, "acknowledge": 30, "refusal": 10}


def test_a_running_look_up_keeps_the_deadlines_it_started_with(drive, tx, directory):
    case = start_lookup(drive, tx)
    change(tx, lookup_review_days=7, lookup_service_days=30, lookup_acknowledge_days=40)
    assert drive.item(case, "review_lookup_request").due_at == end_of(date(2017, 9, 6))
    drive.complete(case, "review_lookup_request", {"approved": True})
    assert drive.item(case, "provide_archive_copy").due_at == end_of(date(2017, 9, 16))
    drive.complete(case, "provide_archive_copy", {"provided_on": "2017-09-08", "copies": 1})
    assert drive.item(case, "acknowledge_archive_copy").due_at == end_of(date(2017, 9, 21))


def test_a_refusal_is_acknowledged_within_the_refusal_days_set_at_the_start(drive, tx, directory):
    change(tx, lookup_refusal_days=12)
    case = start_lookup(drive, tx)
    drive.complete(case, "review_lookup_request", {"approved": False, "reasons": "非本人或直系亲属申请"})
    assert drive.item(case, "acknowledge_lookup_refusal").due_at == end_of(date(2017, 9, 13))


def test_a_request_without_deadlines_is_due_by_the_defaults(drive, tx):
    """A case started before the settings existed (or through the API with raw data)."""
    change(tx, lookup_review_days=7, lookup_service_days=20)
    request = {key: value for key, value in LOOKUP.items() if key != "archive_department"}
    request["submitted_on"] = SUBMITTED.isoformat()
    parties = {"community": COMMUNITY, "archive_department": ARCHIVES}
    case = drive.start("archive_lookup", parties, {"request": request})
    assert drive.item(case, "review_lookup_request").due_at == end_of(date(2017, 9, 6))
    drive.complete(case, "review_lookup_request", {"approved": True})
    assert drive.item(case, "provide_archive_copy").due_at == end_of(date(2017, 9, 16))


def test_a_new_programme_takes_the_stored_milestones(tx):
    change(tx, milestones={"M4": "2017-08-31"})
    answers = {
        "enterprise_name": ENTERPRISE_INFO["name"],
        "location_code": ENTERPRISE_INFO["location_code"],
        "devolved_from_centre": True,
        "industry": "煤炭",
    }
    new = started(tx, "retiree_handover_programme", answers, ENTERPRISE)
    assert new.data["milestones"] == {
        "M1": "2017-03-31",
        "M2": "2017-04-30",
        "M3": "2017-05-31",
        "M4": "2017-08-31",
    }


def test_a_new_community_organisation_hand_over_takes_the_stored_milestones(tx, directory):
    change(tx, milestones={"M3": "2017-06-15", "M4": "2017-08-31"})
    answers = {
        "receiving_government": COUNTY,
        "community_name": "平煤神马矿区社区",
        "households": 1500,
        "setting": "city",
        "staff": 7,
    }
    new = started(tx, "community_org_handover", answers, ENTERPRISE)
    assert new.data["milestones"]["M3"] == "2017-06-15"
    assert new.data["milestones"]["M4"] == "2017-08-31"


def test_the_milestone_schedule_form_offers_the_stored_milestones(tx):
    change(tx, milestones={"M2": "2017-05-15"})
    with tx() as session:
        offered = start_settings(session)
    assert offered == {"m1": "2017-03-31", "m2": "2017-05-15", "m3": "2017-05-31", "m4": "2017-06-30"}
