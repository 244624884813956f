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
    liu = retiree(sessions, "刘洋").id_number
    driver.complete(programme, "verify_retiree_data", form.corrections(liu), owner=COUNTY)
    assert only(statuses(sessions)) == {("in_agreement", "none")}
    driver.complete(programme, "correct_retiree_data", form.corrected(liu))
    driver.complete(programme, "verify_retiree_data", form.all_correct(), owner=COUNTY)
    assert only(statuses(sessions)) == {("verified", "none")}

    item = driver.item(programme, "allocate_to_communities", COUNTY)
    second = campaign.community_org(JINSHUI, second=True)
    driver.assign(item, community(JINSHUI), names=["王建国", "李秀英"])
    driver.assign(item, second, names=["张伟", "刘洋"])
    assert only(statuses(sessions)) == {("verified", "none")}  # assigned while the task is open
    driver.complete_item(item, form.allocated())
    assert only(statuses(sessions)) == {("allocated", "none")}

    driver.complete(programme, "receive_retirees", form.received(2), owner=community(JINSHUI))
    assert statuses(sessions) == {
        "王建国": ("received", "none"),
        "李秀英": ("received", "none"),
        "张伟": ("allocated", "none"),  # their community has not confirmed yet
        "刘洋": ("allocated", "none"),
    }
    driver.complete(programme, "receive_retirees", form.received(2), owner=second)
    assert only(statuses(sessions)) == {("received", "none")}
    assert retiree(sessions, "王建国").community_org == community(JINSHUI)  # who went where, by name
    assert retiree(sessions, "刘洋").community_org == second


def test_a_county_received_by_one_community_records_it(sessions, driver, programme):
    receive_in_one_community(driver, programme, JINSHUI, 4)
    assert only(statuses(sessions)) == {("received", "none")}
    assert {retiree(sessions, name).community_org for name in JINSHUI_PEOPLE} == {community(JINSHUI)}
    assert statuses(sessions, ("陈静",)) == {"陈静": ("registered", "none")}


def fill(driver, programme, names, volumes=1) -> None:
    """The enterprise fills the archive transfer list's rows of the named people."""
    from engine.registry import archives
    from engine.registry.task_people import people_of

    item = driver.by_county(programme, "sort_archives")[JINSHUI]
    actor = driver.officials.of(item.owner_org)
    with driver.tx() as session:
        people = people_of(driver.engine.task_view(session, item.id, actor))
        rows = [{"id_number": retiree_number, "volumes": volumes, "items": 10} for retiree_number in names]
        archives.fill_rows(session, people.scope, rows, driver.engine.clock.now())


def test_archives_go_sorted_sent_returned_and_accepted(sessions, driver, programme):
    receive_in_one_community(driver, programme, JINSHUI, 4)
    numbers = {name: retiree(sessions, name).id_number for name in JINSHUI_PEOPLE}
    fill(driver, programme, [numbers[n] for n in ("王建国", "李秀英", "张伟")])
    assert statuses(sessions) == {
        "王建国": ("received", "sorted"),
        "李秀英": ("received", "sorted"),
        "张伟": ("received", "sorted"),
        "刘洋": ("received", "none"),  # not filled in yet
    }
    fill(driver, programme, [numbers["刘洋"]], volumes=2)
    by_county(driver, programme, "sort_archives", JINSHUI, form.archive_list())
    assert only(statuses(sessions)) == {("received", "sent")}
    driver.complete(programme, "check_archives", form.archives_incomplete(numbers["李秀英"]), owner=ARCHIVE)
    assert statuses(sessions, ("王建国", "李秀英")) == {
        "王建国": ("received", "sent"),
        "李秀英": ("received", "returned"),
    }
    by_county(
        driver, programme, "supplement_archives", JINSHUI, form.archives_supplemented(numbers["李秀英"])
    )
    assert statuses(sessions, ("李秀英",)) == {"李秀英": ("received", "sent")}  # supplemented, sent again
    driver.complete(programme, "check_archives", form.archives_complete(), owner=ARCHIVE)
    driver.complete(programme, "issue_archive_receipt", form.archive_receipt(4, 5), owner=ARCHIVE)
    assert only(statuses(sessions)) == {("received", "accepted")}


def test_statuses_never_go_backwards(sessions, driver, programme):
    with sessions() as session, session.begin():
        session.execute(
            update(Retiree).where(Retiree.name == "张伟").values(status="received", archive_status="accepted")
        )
    sign_for_county(driver, programme, JINSHUI, 4)
    driver.complete(programme, "verify_retiree_data", form.all_correct(), owner=COUNTY)
    driver.allocate_all(programme, JINSHUI, community(JINSHUI))
    driver.complete(programme, "receive_retirees", form.received(3), owner=community(JINSHUI))
    assert statuses(sessions, ("张伟",)) == {"张伟": ("received", "accepted")}
    assert retiree(sessions, "张伟").community_org is None  # already received: never reassigned
    numbers = [retiree(sessions, n).id_number for n in ("王建国", "李秀英", "刘洋")]
    fill(driver, programme, numbers)
    by_county(driver, programme, "sort_archives", JINSHUI, form.archive_list())
    driver.complete(programme, "check_archives", form.archives_incomplete(numbers[0]), owner=ARCHIVE)
    assert statuses(sessions, ("张伟", "王建国", "李秀英")) == {
        "张伟": ("received", "accepted"),
        "王建国": ("received", "returned"),
        "李秀英": ("received", "sent"),
    }


def test_each_county_moves_on_its_own(sessions, driver, programme):
    sign_for_county(driver, programme, ZHONGYUAN, 2)
    assert statuses(sessions, ("陈静", "杨磊", "钱外企", "王建国")) == {
        "陈静": ("in_agreement", "none"),
        "杨磊": ("in_agreement", "none"),
        "钱外企": ("registered", "none"),
        "王建国": ("registered", "none"),
    }
