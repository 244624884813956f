"""Information changes (四(一)): the community that has the person changes their address, phone
and special situations, checked as the roster checks them, each change kept in their history."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from engine.aftercare import changes
from engine.directory.audit import AuditEvent
from engine.errors import InvalidTaskData, NotFound, NotYourTask
from engine.registry.access import viewer_of
from tests.processes import campaign

from . import transfer_world as world

OFFICIALS = campaign.Officials()


@pytest.fixture
def people(tx, clock):
    with tx() as session:
        world.build(session)


def change(tx, clock, community: str, name: str, answers: dict) -> list[tuple]:
    with tx() as session:
        person = world.person(session, name)
        rows = changes.change(session, OFFICIALS.of(community), person.id, answers, clock.now())
        return [(r.field, r.old, r.new, r.reason, r.changed_by) for r in rows]


def current(tx, name: str):
    with tx() as session:
        person = world.person(session, name)
        session.expunge(person)
        return person


def test_the_community_changes_address_phone_and_special_situations(tx, clock, people):
    answers = {
        "address": "金水区花园路8号院",
        "phone": "13912345678",
        "special_status": ["高龄", "残疾"],
        "reason": "入户核实",
    }
    rows = change(tx, clock, world.COMMUNITY, "张伟", answers)
    who = OFFICIALS.of(world.COMMUNITY).user_id
    assert rows == [
        ("address", "金水区经三路12号院", "金水区花园路8号院", "入户核实", who),
        ("phone", None, "13912345678", "入户核实", who),
        ("special_status", None, "高龄、残疾", "入户核实", who),
    ]
    person = current(tx, "张伟")
    assert (person.address, person.phone, person.special_status) == (
        "金水区花园路8号院",
        "13912345678",
        ["高龄", "残疾"],
    )
    with tx() as session:
        assert [c.field_name for c in changes.history(session, person.id)] == [
            "常住地址",
            "联系电话",
            "特殊情况",
        ]
        logged = session.scalars(select(AuditEvent).where(AuditEvent.action == "change_retiree")).one()
        assert logged.detail["fields"] == ["address", "phone", "special_status"]


def test_special_situations_may_be_typed_as_the_roster_has_them(tx, clock, people):
    change(tx, clock, world.COMMUNITY, "张伟", {"special_status": "特困、鳏寡", "reason": "民政认定"})
    assert current(tx, "张伟").special_status == ["特困", "鳏寡"]


def test_an_unchanged_value_is_not_recorded(tx, clock, people):
    rows = change(
        tx,
        clock,
        world.COMMUNITY,
        "张伟",
        {"address": "金水区经三路12号院", "phone": "0371-12345678", "reason": "更换电话"},
    )
    assert [r[0] for r in rows] == ["phone"]


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        (
            {"phone": "12345", "reason": "更换"},
            "phone",
            "联系电话：电话号码应为11位手机号，或带区号的固定电话（如 0371-12345678）",
        ),
        (
            {"special_status": ["高龄", "贫困"], "reason": "核实"},
            "special_status",
            "特殊情况：无法识别“贫困”",
        ),
        ({"address": "路" * 201, "reason": "搬家"}, "address", "常住地址：常住地址不能超过200字"),
        ({"address": "金水区花园路8号院"}, "reason", "请填写变更原因"),
        ({"address": "金水区经三路12号院", "reason": "核实"}, "changes", "没有需要变更的内容"),
    ],
)
def test_a_bad_value_is_refused_in_chinese_and_nothing_changes(tx, clock, people, answers, field, message):
    before = current(tx, "张伟")
    good = {"address": "金水区花园路9号院"} if field != "address" else {}
    with pytest.raises(InvalidTaskData) as refused:
        change(tx, clock, world.COMMUNITY, "张伟", {**good, **answers})
    assert message in refused.value.errors[field][0]
    after = current(tx, "张伟")
    assert (after.address, after.phone, after.special_status) == (
        before.address,
        before.phone,
        before.special_status,
    )
    with tx() as session:
        assert changes.history(session, after.id) == []


def test_another_community_cannot_change_the_person(tx, clock, people):
    with pytest.raises(NotFound):
        change(tx, clock, world.NEIGHBOUR, "张伟", {"phone": "13912345678", "reason": "更换"})


def test_the_county_sees_the_person_but_may_not_change_them(tx, clock, people):
    with pytest.raises(NotYourTask):
        change(tx, clock, world.GOVERNMENT, "张伟", {"phone": "13912345678", "reason": "更换"})


def test_a_deceased_person_cannot_be_changed(tx, clock, people):
    with tx() as session:
        dead = world.person(session, "张伟")
        dead.status, dead.died_on = "deceased", date(2017, 2, 1)
    with pytest.raises(InvalidTaskData) as refused:
        change(tx, clock, world.COMMUNITY, "张伟", {"phone": "13912345678", "reason": "更换"})
    assert refused.value.errors["retiree_id"] == ["张伟 已故（2017-02-01），其信息不再变更，也不能转移"]


def test_those_who_see_the_person_masked_do_not_read_address_and_phone_changes(tx, clock, people):
    answers = {"address": "金水区花园路8号院", "special_status": ["高龄"], "reason": "入户核实"}
    change(tx, clock, world.COMMUNITY, "张伟", answers)
    with tx() as session:
        person = world.person(session, "张伟")
        archive = viewer_of(session, OFFICIALS.of(world.ARCHIVE))
        county = viewer_of(session, OFFICIALS.of(world.GOVERNMENT))
        assert [c.field for c in changes.shown_history(session, archive, person)] == ["special_status"]
        assert [c.field for c in changes.shown_history(session, county, person)] == [
            "address",
            "special_status",
        ]
