"""Each retiree's status follows the county hand-over steps, driven through the real BPMN, in the
step's own transaction, and never goes backwards."""

from __future__ import annotations

from sqlalchemy import update

from engine.registry.retirees import Retiree
from tests.processes import campaign
from tests.processes import submissions as form

from .walk import (
    JINSHUI,
    JINSHUI_PEOPLE,
    ZHONGYUAN,
    by_county,
    community,
    only,
    receive_in_one_community,
    retiree,
    sign_for_county,
    statuses,
)

COUNTY = campaign.county_org(JINSHUI)
ARCHIVE = campaign.archive_org(JINSHUI)


def test_registering_the_roster_links_the_enterprises_people_to_the_programme(sessions, programme):
    assert retiree(sessions, "王建国").instance_id == programme
    assert retiree(sessions, "吴老").instance_id == programme  # excluded, but on the roster
    assert retiree(sessions, "孙外企").instance_id is None  # another enterprise's


def test_a_signed_specific_agreement_puts_the_countys_people_in_agreement(sessions, driver, programme):
    driver.complete_item(
        driver.by_county(programme, "draft_specific_agreement")[JINSHUI], form.specific_draft(4, 1)
    )
    driver.complete(programme, "sign_specific_agreement", form.refuse(), owner=COUNTY)
    assert only(statuses(sessions)) == {("registered", "none")}
    by_county(driver, programme, "draft_specific_agreement", JINSHUI, form.specific_draft(4, 1))
    driver.complete(programme, "sign_specific_agreement", form.approve(), owner=COUNTY)
    assert only(statuses(sessions)) == {("in_agreement", "none")}
    # only this enterprise's people of this county
    assert statuses(sessions, ("孙外企", "陈静", "赵敏", "吴老")) == {
        "孙外企": ("registered", "none"),
        "陈静": ("registered", "none"),
        "赵敏": ("registered", "none"),
        "吴老": ("registered", "none"),
    }


def test_verification_allocation_and_receptions_move_the_county_on(sessions, driver, programme):
    sign_for_county(driver, programme, JINSHUI, 4)
    driver.complete(
        programme, "verify_retiree_data", form.corrections(retiree(sessions, "刘洋").id_number), owner=COUNTY
    )
    assert only(statuses(sessions)) == {("in_agreement", "none")}
    driver.complete(programme, "correct_retiree_data", form.corrected(retiree(sessions, "刘洋").id_number))
    driver.complete(programme, "verify_retiree_data", form.all_correct(), owner=COUNTY)
    assert only(statuses(sessions)) == {("verified", "none")}

    driver.complete(
        programme, "allocate_to_communities", form.allocation((community(JINSHUI), 3)), owner=COUNTY
    )
    assert only(statuses(sessions)) == {("verified", "none")}  # 3 of 4: sent back, not accepted
    second = "org-community-410105-2"
    allocation = form.allocation((community(JINSHUI), 2), (second, 2))
    driver.complete(programme, "allocate_to_communities", allocation, owner=COUNTY)
    assert only(statuses(sessions)) == {("allocated", "none")}

    driver.complete(programme, "receive_retirees", form.received(2), owner=community(JINSHUI))
    assert only(statuses(sessions)) == {("allocated", "none")}  # one community of two
    driver.complete(programme, "receive_retirees", form.received(2), owner=second)
    assert only(statuses(sessions)) == {("received", "none")}
    assert retiree(sessions, "王建国").community_org is None  # two communities: who went where is not known


def test_a_county_received_by_one_community_records_it(sessions, driver, programme):
    receive_in_one_community(driver, programme, JINSHUI, 4)
    assert only(statuses(sessions)) == {("received", "none")}
    assert {retiree(sessions, name).community_org for name in JINSHUI_PEOPLE} == {community(JINSHUI)}
    assert statuses(sessions, ("陈静",)) == {"陈静": ("registered", "none")}


def test_archives_go_sorted_returned_sent_and_accepted(sessions, driver, programme):
    receive_in_one_community(driver, programme, JINSHUI, 4)
    people = driver.item_data(driver.by_county(programme, "sort_archives")[JINSHUI])["county"]["retirees"]
    by_county(driver, programme, "sort_archives", JINSHUI, form.archive_list(people[:3]))
    assert statuses(sessions) == {
        "王建国": ("received", "sorted"),
        "李秀英": ("received", "sorted"),
        "张伟": ("received", "sorted"),
        "刘洋": ("received", "none"),  # not on the list
    }
    returned = retiree(sessions, "李秀英").id_number
    driver.complete(programme, "check_archives", form.archives_incomplete(returned), owner=ARCHIVE)
    assert statuses(sessions, ("王建国", "李秀英", "刘洋")) == {
        "王建国": ("received", "sent"),
        "李秀英": ("received", "returned"),
        "刘洋": ("received", "none"),
    }
    by_county(driver, programme, "supplement_archives", JINSHUI, form.archives_supplemented(returned))
    driver.complete(programme, "check_archives", form.archives_complete(), owner=ARCHIVE)
    assert statuses(sessions, ("王建国", "李秀英")) == {
        "王建国": ("received", "sent"),
        "李秀英": ("received", "sent"),  # supplemented and checked again
    }
    driver.complete(programme, "issue_archive_receipt", form.archive_receipt(3), owner=ARCHIVE)
    assert statuses(sessions) == {
        "王建国": ("received", "accepted"),
        "李秀英": ("received", "accepted"),
        "张伟": ("received", "accepted"),
        "刘洋": ("received", "none"),
    }


def test_statuses_never_go_backwards(sessions, driver, programme):
    with sessions() as session, session.begin():
        session.execute(
            update(Retiree).where(Retiree.name == "张伟").values(status="received", archive_status="accepted")
        )
    receive_in_one_community(driver, programme, JINSHUI, 4)
    people = driver.item_data(driver.by_county(programme, "sort_archives")[JINSHUI])["county"]["retirees"]
    by_county(driver, programme, "sort_archives", JINSHUI, form.archive_list(people))
    returned = retiree(sessions, "张伟").id_number
    driver.complete(programme, "check_archives", form.archives_incomplete(returned), owner=ARCHIVE)
    assert statuses(sessions, ("张伟", "王建国")) == {
        "张伟": ("received", "accepted"),
        "王建国": ("received", "sent"),
    }


def test_each_county_moves_on_its_own(sessions, driver, programme):
    sign_for_county(driver, programme, ZHONGYUAN, 2)
    assert statuses(sessions, ("陈静", "杨磊", "钱外企", "王建国")) == {
        "陈静": ("in_agreement", "none"),
        "杨磊": ("in_agreement", "none"),
        "钱外企": ("registered", "none"),
        "王建国": ("registered", "none"),
    }
