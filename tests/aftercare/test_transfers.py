# ruff: noqa: F811  (the driver fixtures are imported by name)
"""Transfers (四(一)): to another community of the same county, and to another county with the
archive following — driven through the real diagrams to every end."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.aftercare import changes
from engine.aftercare.transfers import cases as transfer_cases
from engine.errors import InvalidTaskData, NotFound
from engine.registry.access import sees_full_id, viewer_of, visible_retiree
from tests.processes.conftest import drive, procedures  # noqa: F401  (fixtures)

from . import transfer_world as world


@pytest.fixture
def people(tx):
    with tx() as session:
        world.build(session)


def moved(tx, name: str):
    with tx() as session:
        found = world.person(session, name)
        rows = [(c.field, c.old, c.new) for c in changes.history(session, found.id)]
        transfer = transfer_cases.transfers_of(session, found.id)
        session.expunge_all()
        return found, rows, transfer


def person_id(tx, name: str) -> int:
    with tx() as session:
        return world.person(session, name).id


def community_move(drive, tx, name="张伟", to=world.NEIGHBOUR) -> int:
    answers = {
        "retiree_id": person_id(tx, name),
        "to_community": to,
        "new_address": "金水区花园路8号院",
        "reason": "随子女居住",
    }
    return world.ask(drive, tx, "community_transfer", world.COMMUNITY, answers)


def county_move(drive, tx, name="张伟", to=world.THERE) -> int:
    answers = {
        "retiree_id": person_id(tx, name),
        "to_county": to,
        "new_address": "中原区建设路15号院",
        "reason": "购房搬迁",
    }
    return world.ask(drive, tx, "county_transfer", world.COMMUNITY, answers)


# -- same county -----------------------------------------------------------------------------------


def test_the_receiving_community_accepts_and_the_person_is_theirs(drive, tx, people):
    case = community_move(drive, tx)
    assert drive.item(case, "accept_community_transfer").owner_org == world.NEIGHBOUR
    drive.complete(case, "accept_community_transfer", {"accepted": True})
    person, rows, (transfer,) = moved(tx, "张伟")
    assert (person.community_org, person.address, person.destination_code) == (
        world.NEIGHBOUR,
        "金水区花园路8号院",
        world.HERE,
    )
    assert ("community_org", world.COMMUNITY, world.NEIGHBOUR) in rows
    assert ("address", "金水区经三路12号院", "金水区花园路8号院") in rows
    assert (transfer.state, transfer.kind) == ("done", "community")
    assert drive.status(case) == "completed"
    with tx() as session:
        receiving = viewer_of(session, drive.officials.of(world.NEIGHBOUR))
        sending = viewer_of(session, drive.officials.of(world.COMMUNITY))
        assert sees_full_id(receiving, visible_retiree(session, receiving, person.id))
        with pytest.raises(NotFound):
            visible_retiree(session, sending, person.id)


def test_the_receiving_community_refuses_and_nothing_moves(drive, tx, people):
    case = community_move(drive, tx)
    drive.complete(case, "accept_community_transfer", {"accepted": False, "reason": "地址不属本社区"})
    assert drive.item(case, "acknowledge_community_transfer_refusal").owner_org == world.COMMUNITY
    assert (
        drive.data(case, "acknowledge_community_transfer_refusal")["accept_community_transfer"]["reason"]
        == "地址不属本社区"
    )
    drive.complete(case, "acknowledge_community_transfer_refusal", {"received": True})
    person, rows, (transfer,) = moved(tx, "张伟")
    assert (person.community_org, rows) == (world.COMMUNITY, [])
    assert (transfer.state, transfer.refused_reason) == ("refused", "地址不属本社区")
    assert drive.status(case) == "completed"


def test_a_same_county_transfer_goes_to_a_community_of_that_county_only(drive, tx, people):
    with pytest.raises(InvalidTaskData) as refused:
        community_move(drive, tx, to=world.FAR_COMMUNITY)
    assert "不在金水区" in refused.value.errors["to_community"][0]


# -- another county --------------------------------------------------------------------------------


def accepted_and_received(drive, case: int) -> None:
    drive.complete(case, "accept_county_transfer", {"accepted": True, "community_org": world.FAR_COMMUNITY})
    assert drive.item(case, "receive_county_transfer").owner_org == world.FAR_COMMUNITY
    drive.complete(case, "receive_county_transfer", {"received": True})


def test_an_inter_county_transfer_carries_the_archive_and_moves_the_person(drive, tx, people):
    case = county_move(drive, tx)
    assert drive.item(case, "accept_county_transfer").owner_org == world.FAR_GOVERNMENT
    accepted_and_received(drive, case)
    assert drive.item(case, "send_transfer_archive").owner_org == world.ARCHIVE
    person, rows, _ = moved(tx, "张伟")
    assert (person.community_org, rows) == (world.COMMUNITY, [])  # nothing moves before the receipt
    drive.complete(
        case, "send_transfer_archive", {"volumes": 2, "items": 30, "missing": "", "sent_on": "2017-03-01"}
    )
    assert drive.item(case, "receive_transfer_archive").owner_org == world.FAR_ARCHIVE
    assert drive.data(case, "receive_transfer_archive")["send_transfer_archive"]["volumes"] == 2
    drive.complete(case, "receive_transfer_archive", {"volumes": 2, "received_on": "2017-03-01"})
    person, rows, (transfer,) = moved(tx, "张伟")
    assert (person.destination_code, person.community_org, person.address) == (
        world.THERE,
        world.FAR_COMMUNITY,
        "中原区建设路15号院",
    )
    assert {
        ("destination_code", world.HERE, world.THERE),
        ("community_org", world.COMMUNITY, world.FAR_COMMUNITY),
    } <= set(rows)
    assert (transfer.state, transfer.to_community) == ("done", world.FAR_COMMUNITY)
    assert drive.status(case) == "completed"


def test_after_the_move_the_receiving_side_sees_the_person_and_the_sending_side_no_longer(drive, tx, people):
    case = county_move(drive, tx)
    accepted_and_received(drive, case)
    drive.complete(case, "send_transfer_archive", {"volumes": 1, "items": 12, "sent_on": "2017-03-01"})
    drive.complete(case, "receive_transfer_archive", {"volumes": 1, "received_on": "2017-03-01"})
    retiree_id = person_id(tx, "张伟")
    with tx() as session:
        for organisation in (world.FAR_COMMUNITY, world.FAR_GOVERNMENT):
            viewer = viewer_of(session, drive.officials.of(organisation))
            assert sees_full_id(viewer, visible_retiree(session, viewer, retiree_id))
        for organisation in (world.COMMUNITY, world.GOVERNMENT):
            viewer = viewer_of(session, drive.officials.of(organisation))
            with pytest.raises(NotFound):
                visible_retiree(session, viewer, retiree_id)


def test_before_the_move_the_receiving_county_reads_the_id_number_masked(drive, tx, people):
    case = county_move(drive, tx)
    with tx() as session:
        number = world.person(session, "张伟").id_number
    from engine.registry.access import masked_data

    shown = drive.data(case, "accept_county_transfer")
    with tx() as session:
        looking = viewer_of(session, drive.officials.of(world.FAR_GOVERNMENT))
        assert masked_data(session, lambda: looking, shown)["retiree"]["id_number"] != number
    assert set(shown) <= {
        "parties",
        "retiree",
        "transfer",
        "accept_county_transfer",
        "receive_county_transfer",
    }


def test_the_receipt_must_count_the_volumes_of_the_list(drive, tx, people):
    case = county_move(drive, tx)
    accepted_and_received(drive, case)
    drive.complete(case, "send_transfer_archive", {"volumes": 2, "items": 30, "sent_on": "2017-03-01"})
    with pytest.raises(InvalidTaskData) as refused:
        drive.complete(case, "receive_transfer_archive", {"volumes": 1, "received_on": "2017-03-01"})
    assert refused.value.errors["volumes"] == ["接收的档案卷数 1 卷与移交清单的 2 卷不符"]
    person, rows, _ = moved(tx, "张伟")
    assert (person.destination_code, rows) == (world.HERE, [])


def test_the_receiving_county_refuses_and_the_case_ends_with_nothing_moved(drive, tx, people):
    case = county_move(drive, tx)
    drive.complete(case, "accept_county_transfer", {"accepted": False, "reason": "新住址不在本区"})
    assert drive.item(case, "acknowledge_county_transfer_refusal").owner_org == world.COMMUNITY
    drive.complete(case, "acknowledge_county_transfer_refusal", {"received": True})
    person, rows, (transfer,) = moved(tx, "张伟")
    assert (person.destination_code, person.community_org, rows) == (world.HERE, world.COMMUNITY, [])
    assert (transfer.state, transfer.refused_reason) == ("refused", "新住址不在本区")
    assert drive.status(case) == "completed"


def test_a_community_returns_the_person_and_the_county_allocates_again(drive, tx, people):
    case = county_move(drive, tx)
    drive.complete(case, "accept_county_transfer", {"accepted": True, "community_org": world.FAR_COMMUNITY})
    drive.complete(case, "receive_county_transfer", {"received": False, "reason": "不属本社区"})
    second = world.campaign.community_org(world.THERE, second=True)
    drive.complete(case, "accept_county_transfer", {"accepted": True, "community_org": second})
    assert drive.item(case, "receive_county_transfer").owner_org == second


def test_the_county_allocates_only_to_its_own_communities(drive, tx, people):
    case = county_move(drive, tx)
    with pytest.raises(InvalidTaskData) as refused:
        drive.complete(case, "accept_county_transfer", {"accepted": True, "community_org": world.NEIGHBOUR})
    assert "不在中原区" in refused.value.errors["community_org"][0]


# -- who may ask -----------------------------------------------------------------------------------


@pytest.mark.parametrize("process", ["community_transfer", "county_transfer"])
def test_a_community_cannot_transfer_someone_else_s_person(drive, tx, people, process):
    answers = {"retiree_id": person_id(tx, "张伟"), "new_address": "某地", "reason": "搬家"}
    answers |= (
        {"to_community": world.COMMUNITY} if process == "community_transfer" else {"to_county": world.HERE}
    )
    with pytest.raises(InvalidTaskData) as refused:
        world.ask(drive, tx, process, world.NEIGHBOUR, answers)
    assert refused.value.errors["retiree_id"] == ["该人员不是本社区的服务对象，不能由本社区办理转移"]


def test_a_deceased_person_cannot_be_transferred(drive, tx, people):
    with tx() as session:
        dead = world.person(session, "张伟")
        dead.status, dead.died_on = "deceased", dead.received_on
    with pytest.raises(InvalidTaskData) as refused:
        county_move(drive, tx)
    assert "已故" in refused.value.errors["retiree_id"][0]


def test_one_transfer_at_a_time(drive, tx, people):
    case = county_move(drive, tx)
    with pytest.raises(InvalidTaskData) as refused:
        community_move(drive, tx)
    assert f"案件 {case}" in refused.value.errors["retiree_id"][0]


def test_a_transfer_to_the_same_county_is_refused(drive, tx, people):
    with pytest.raises(InvalidTaskData) as refused:
        county_move(drive, tx, to=world.HERE)
    assert "社区间转移" in refused.value.errors["to_county"][0]
    with tx() as session:
        assert session.scalars(select(transfer_cases.RetireeTransfer)).all() == []
