"""Every branch of a county hand-over: returns, corrections, mismatches, and the archive loop."""

from __future__ import annotations

import pytest

from engine.policy.rules import management_fee

from . import campaign
from . import submissions as form
from .campaign import ENTERPRISE, archive_org, county_org
from .test_retiree_handover import EXPECTED_COUNTS, sign_framework_agreements, start_programme

CODE = "410102"  # 中原区: 2 retirees, 1 party member
COUNTY = county_org(CODE)
ARCHIVES = archive_org(CODE)
COMMUNITY = f"org-community-{CODE}"


@pytest.fixture
def case(drive) -> int:
    case = start_programme(drive)
    sign_framework_agreements(drive, case)
    return case


def county_specs(drive, case) -> list[str]:
    """Open steps of this county (the other two counties' steps are left aside)."""
    return sorted(
        i.spec_id
        for i in drive.open_items(case)
        if i.owner_org in (COUNTY, ARCHIVES, COMMUNITY, campaign.FINANCE)
        or (i.owner_org == ENTERPRISE and drive.item_data(i).get("county", {}).get("code") == CODE)
    )


def draft(drive, case) -> None:
    drive.complete_item(drive.by_county(case, "draft_specific_agreement")[CODE], form.specific_draft(2, 1))


def until_allocation(drive, case) -> None:
    draft(drive, case)
    drive.complete(case, "sign_specific_agreement", form.approve(), owner=COUNTY)
    drive.complete(case, "verify_retiree_data", form.all_correct(), owner=COUNTY)


def until_streams(drive, case) -> None:
    until_allocation(drive, case)
    drive.complete(case, "allocate_to_communities", form.allocation((COMMUNITY, 2)), owner=COUNTY)
    drive.complete(case, "receive_retirees", form.received(2), owner=COMMUNITY)


def test_a_refused_specific_agreement_returns_to_the_enterprise(drive, case):
    draft(drive, case)
    drive.complete(case, "sign_specific_agreement", form.refuse(), owner=COUNTY)
    assert "draft_specific_agreement" in county_specs(drive, case)
    draft(drive, case)
    drive.complete(case, "sign_specific_agreement", form.approve(), owner=COUNTY)
    assert drive.item(case, "verify_retiree_data", COUNTY).milestone == "M4"


def test_data_errors_go_back_to_the_enterprise_for_correction(drive, case):
    draft(drive, case)
    drive.complete(case, "sign_specific_agreement", form.approve(), owner=COUNTY)
    people = drive.data(case, "verify_retiree_data", COUNTY)["county"]["retirees"]
    drive.complete(case, "verify_retiree_data", form.corrections(people[0]["id_number"]), owner=COUNTY)
    fix = drive.by_county(case, "correct_retiree_data")[CODE]
    assert fix.owner_org == ENTERPRISE
    drive.complete_item(fix, form.corrected(people[0]["id_number"]))
    drive.complete(case, "verify_retiree_data", form.all_correct(), owner=COUNTY)
    assert drive.item(case, "allocate_to_communities", COUNTY)


def test_an_allocation_that_does_not_add_up_is_asked_again(drive, case):
    until_allocation(drive, case)
    drive.complete(case, "allocate_to_communities", form.allocation((COMMUNITY, 1)), owner=COUNTY)
    again = drive.item(case, "allocate_to_communities", COUNTY)
    assert drive.item_data(again)["allocation_total"] == 1
    drive.complete_item(again, form.allocation((COMMUNITY, 1), ("org-community-b", 1)))
    owners = sorted(i.owner_org for i in drive.open_items(case, "receive_retirees"))
    assert owners == [COMMUNITY, "org-community-b"]  # one reception per community


def test_after_reception_four_streams_run_in_parallel(drive, case):
    until_streams(drive, case)
    assert {
        "transfer_party_relations",
        "hand_over_management_staff",
        "sort_archives",
        "record_management_fee",
    } <= set(county_specs(drive, case))


def test_management_staff_refused_are_handed_over_again(drive, case):
    until_streams(drive, case)
    data = drive.item_data(drive.by_county(case, "hand_over_management_staff")[CODE])
    assert data["staff_due"] == 1
    person = data["county"]["retirees"][0]
    drive.complete_item(drive.by_county(case, "hand_over_management_staff")[CODE], form.staff())
    drive.complete(case, "receive_management_staff", form.staff_refused(), owner=COUNTY)
    drive.complete_item(
        drive.by_county(case, "hand_over_management_staff")[CODE],
        form.staff((person["name"], person["id_number"])),
    )
    drive.complete(case, "receive_management_staff", form.staff_accepted(), owner=COUNTY)
    assert "hand_over_management_staff" not in county_specs(drive, case)


def test_a_fee_plan_that_does_not_add_up_is_asked_again_then_paid_in_instalments(drive, case):
    until_streams(drive, case)
    fee = management_fee(EXPECTED_COUNTS[CODE], 12)
    drive.complete(case, "record_management_fee", form.fee_plan(fee - 1), owner=campaign.FINANCE)
    drive.complete(case, "record_management_fee", form.fee_plan(500, 500, fee - 1000), owner=campaign.FINANCE)
    paid = []
    for amount in (500, 500, fee - 1000):
        paid.append(
            drive.complete(case, "disburse_fee_instalment", form.disbursed(amount), owner=campaign.FINANCE).id
        )
    assert len(set(paid)) == 3  # three instalments, one after the other
    drive.complete(case, "confirm_fee_received", form.fee_received(fee), owner=COUNTY)


def test_archives_returned_twice_are_accepted_the_third_time(drive, case):
    until_streams(drive, case)
    people = drive.item_data(drive.by_county(case, "sort_archives")[CODE])["county"]["retirees"]
    drive.complete_item(drive.by_county(case, "sort_archives")[CODE], form.archive_list(people))
    for _ in range(2):
        drive.complete(
            case, "check_archives", form.archives_incomplete(people[1]["id_number"]), owner=ARCHIVES
        )
        drive.complete_item(
            drive.by_county(case, "supplement_archives")[CODE],
            form.archives_supplemented(people[1]["id_number"]),
        )
    drive.complete(case, "check_archives", form.archives_complete(), owner=ARCHIVES)
    drive.complete(case, "issue_archive_receipt", form.archive_receipt(2), owner=ARCHIVES)
    drive.complete(case, "store_archives", form.archives_stored(), owner=ARCHIVES)
    with drive.tx() as session:
        done = [
            i.spec_id
            for i in drive.engine.work_items(session, case, state="completed")
            if i.owner_org == ARCHIVES
        ]
    assert done == ["check_archives"] * 3 + ["issue_archive_receipt", "store_archives"]


def test_county_steps_are_refused_to_another_county(drive, case):
    from engine import NotYourTask

    draft(drive, case)
    sign = drive.item(case, "sign_specific_agreement", COUNTY)
    with pytest.raises(NotYourTask), drive.tx() as session:
        drive.engine.claim(session, sign.id, drive.officials.of(county_org("410105")))
