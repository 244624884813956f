"""Archive look-up and copy requests, served by the archive department within set days."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.workflow.deadlines import CHINA_TZ

from .campaign import archive_org

ARCHIVES = archive_org("410105")
COMMUNITY = "org-community-410105"
PARTIES = {"community": COMMUNITY, "archive_department": ARCHIVES}


@pytest.fixture
def case(drive) -> int:
    request = {
        "retiree_name": "王建国",
        "id_number": "410105195001013",
        "purpose": "办理养老金资格认证",
        "kind": "复制",
        "submitted_on": "2017-09-01",
    }
    return drive.start("archive_lookup", PARTIES, {"request": request}, title="王建国 档案复制")


def test_the_archive_department_reviews_within_five_days(drive, case):
    review = drive.item(case, "review_lookup_request")
    assert review.owner_org == ARCHIVES
    assert review.due_at == datetime(2017, 9, 6, 23, 59, 59, tzinfo=CHINA_TZ)


def test_an_approved_request_is_served_and_acknowledged(drive, case):
    drive.complete(case, "review_lookup_request", {"approved": True})
    drive.complete(case, "provide_archive_copy", {"provided_on": "2017-09-08", "copies": 3})
    drive.complete(case, "acknowledge_archive_copy", {"received": True}, owner=COMMUNITY)
    assert drive.status(case) == "completed"


def test_a_refused_request_tells_the_community_why(drive, case):
    drive.complete(case, "review_lookup_request", {"approved": False, "reasons": "非本人或直系亲属申请"})
    seen = drive.data(case, "acknowledge_lookup_refusal")
    assert seen["review_lookup_request"]["reasons"] == "非本人或直系亲属申请"
    drive.complete(case, "acknowledge_lookup_refusal", {"received": True})
    assert drive.status(case) == "completed"
