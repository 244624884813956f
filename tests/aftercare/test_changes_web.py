# ruff: noqa: F811  (the web fixtures are imported by name)
"""The pages and the API of information changes and transfers: a community changes its person,
asks for a transfer; other organisations may not."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine import Actor
from engine.aftercare.transfers.cases import RetireeTransfer
from engine.directory.organisations import Organisation, User
from engine.registry.retirees import Retiree
from engine.workflow.models import WorkItem
from tests.passwords import password_hash
from tests.web.conftest import app, login, people, post  # noqa: F401  (fixtures)

from . import transfer_world as world


@pytest.fixture
def seeded(app, people):
    """The web test people, the transfer world's organisations and people, and a login for the
    second community of 金水区."""
    yijiao = app.extensions["yijiao"]
    with yijiao["sessions"]() as session, session.begin():
        if session.get(Organisation, world.FAR_ARCHIVE) is None:
            session.add(
                Organisation(
                    id=world.FAR_ARCHIVE,
                    name="中原区档案馆",
                    kind="archive_department",
                    division_code=world.THERE,
                )
            )
        world.campaign.register(session)
        session.flush()
        for person in session.scalars(
            select(Retiree).where(Retiree.destination_code == world.HERE, Retiree.excluded.is_(False))
        ):
            person.status, person.community_org, person.address = (
                "received",
                world.COMMUNITY,
                "金水区经三路12号院",
            )
        login_b = dict(username="community_b", name="第二社区经办人", organisation_id=world.NEIGHBOUR)
        session.add(User(**login_b, roles=["official"], password_hash=password_hash("demo")))
        return world.person(session, "张伟").id


def person(app, retiree_id: int) -> Retiree:
    with app.extensions["yijiao"]["sessions"]() as session:
        found = session.get(Retiree, retiree_id)
        session.expunge(found)
        return found


def changes_path(retiree_id: int) -> str:
    return f"/aftercare/retirees/{retiree_id}/changes"


def test_the_community_changes_its_person_on_the_page_and_the_history_shows_it(app, seeded):
    client = app.test_client()
    login(client, "community")
    page = client.get(changes_path(seeded))
    assert page.status_code == 200 and "金水区经三路12号院" in page.get_data(as_text=True)
    done = post(
        client,
        changes_path(seeded),
        {
            "address": "金水区花园路8号院",
            "phone": "13912345678",
            "special_status": ["高龄"],
            "reason": "入户核实",
        },
        token_from=changes_path(seeded),
    )
    assert done.status_code == 302
    assert (person(app, seeded).address, person(app, seeded).special_status) == (
        "金水区花园路8号院",
        ["高龄"],
    )
    shown = client.get(f"/retirees/{seeded}").get_data(as_text=True)
    assert "入户核实" in shown and "金水区花园路8号院" in shown


def test_a_bad_phone_is_refused_on_the_page_and_nothing_changes(app, seeded):
    client = app.test_client()
    login(client, "community")
    refused = post(
        client,
        changes_path(seeded),
        {"address": "金水区花园路8号院", "phone": "12345", "reason": "更换"},
        token_from=changes_path(seeded),
    )
    assert refused.status_code == 422
    assert "电话号码应为11位手机号" in refused.get_data(as_text=True)
    assert person(app, seeded).address == "金水区经三路12号院"


def test_the_community_asks_for_an_inter_county_transfer_from_the_page(app, seeded):
    client = app.test_client()
    login(client, "community")
    asked = post(
        client,
        f"/aftercare/retirees/{seeded}/transfers",
        {
            "kind": "county",
            "to_county": world.THERE,
            "new_address": "中原区建设路15号院",
            "reason": "购房搬迁",
        },
        token_from=changes_path(seeded),
    )
    assert asked.status_code == 302, asked.get_data(as_text=True)
    with app.extensions["yijiao"]["sessions"]() as session:
        transfer = session.scalars(select(RetireeTransfer)).one()
        assert (transfer.retiree_id, transfer.to_county, transfer.state) == (seeded, world.THERE, "asked")
    assert "有一项转移正在办理" in client.get(changes_path(seeded)).get_data(as_text=True)


def test_another_community_and_the_county_may_not_change_the_person(app, seeded):
    client = app.test_client()
    login(client, "community_b")
    assert client.get(changes_path(seeded)).status_code == 404
    county = app.test_client()
    login(county, "county")
    assert county.get(changes_path(seeded)).status_code == 403


def token(client, username: str) -> dict:
    answer = client.post("/api/v1/tokens", json={"username": username, "password": "demo"})
    return {"Authorization": f"Bearer {answer.json['token']}"}


def test_the_api_changes_the_person_refuses_a_bad_value_and_lists_the_history(app, seeded):
    client = app.test_client()
    community, county = token(client, "community"), token(client, "county")
    path = f"/api/v1/retirees/{seeded}/changes"
    bad = client.post(path, json={"special_status": ["贫困"], "reason": "核实"}, headers=community)
    assert bad.status_code == 422 and "无法识别“贫困”" in str(bad.json)
    done = client.post(path, json={"phone": "13912345678", "reason": "更换手机号"}, headers=community)
    assert done.status_code == 200 and done.json["changes"][0]["new"] == "13912345678"
    assert (
        client.post(path, json={"phone": "13912345679", "reason": "更换"}, headers=county).status_code == 403
    )
    listed = client.get(path, headers=county).json
    assert [c["field"] for c in listed["changes"]] == ["phone"]
    other = token(client, "community_b")
    assert client.get(path, headers=other).status_code == 404


def open_item(app, spec_id: str) -> WorkItem:
    with app.extensions["yijiao"]["sessions"]() as session:
        found = session.scalars(
            select(WorkItem).where(WorkItem.spec_id == spec_id, WorkItem.state == "open")
        ).one()
        session.expunge(found)
        return found


def test_each_party_of_an_inter_county_transfer_reads_the_id_number_as_the_registry_allows(app, seeded):
    client = app.test_client()
    login(client, "community")
    asked = {
        "kind": "county",
        "to_county": world.THERE,
        "new_address": "中原区建设路15号院",
        "reason": "购房搬迁",
    }
    post(client, f"/aftercare/retirees/{seeded}/transfers", asked, token_from=changes_path(seeded))
    number = person(app, seeded).id_number
    county2 = app.test_client()
    login(county2, "county2")
    page = county2.get(f"/tasks/{open_item(app, 'accept_county_transfer').id}").get_data(as_text=True)
    assert "中原区建设路15号院" in page and number not in page and number[-4:] in page
    yijiao = app.extensions["yijiao"]
    with yijiao["sessions"]() as session, session.begin():
        item = open_item(app, "accept_county_transfer")
        actor = Actor("county2", world.FAR_GOVERNMENT, frozenset({"official"}))
        yijiao["engine"].claim(session, item.id, actor)
        yijiao["engine"].complete(
            session, item.id, actor, {"accepted": True, "community_org": world.FAR_COMMUNITY}
        )
    with yijiao["sessions"]() as session, session.begin():
        item = open_item(app, "receive_county_transfer")
        actor = Actor("someone", world.FAR_COMMUNITY, frozenset({"official"}))
        yijiao["engine"].claim(session, item.id, actor)
        yijiao["engine"].complete(session, item.id, actor, {"received": True})
    archive = app.test_client()
    login(archive, "archive")
    page = archive.get(f"/tasks/{open_item(app, 'send_transfer_archive').id}").get_data(as_text=True)
    assert number in page


def test_a_transfer_starts_from_the_start_page_and_the_api_as_any_case(app, seeded):
    client = app.test_client()
    login(client, "community")
    assert client.get("/cases/new/community_transfer").status_code == 200
    asked = {
        "retiree_id": seeded,
        "to_community": world.NEIGHBOUR,
        "new_address": "金水区花园路8号院",
        "reason": "随子女",
    }
    started = post(client, "/cases/new/community_transfer", asked, token_from="/cases/new/community_transfer")
    assert started.status_code == 302
    second = client.post(
        "/api/v1/instances",
        json={
            "process": "county_transfer",
            "form": {
                "retiree_id": seeded,
                "to_county": world.THERE,
                "new_address": "中原区",
                "reason": "搬家",
            },
        },
        headers=token(client, "community"),
    )
    assert second.status_code == 422 and "未办结的转移" in str(second.json)  # one transfer at a time
