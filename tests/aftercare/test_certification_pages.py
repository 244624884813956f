"""The certification campaign over HTTP: the agency opens it, each community marks its own list
(paginated, searchable, deceased never listed), outsiders are refused, the progress page and API."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from sqlalchemy import select, update

from engine.aftercare.certification import CertificationMark
from engine.clock import SettableClock
from engine.directory.audit import AuditEvent
from engine.directory.organisations import Organisation, User
from engine.registry.retirees import Retiree
from engine.workflow.deadlines import CHINA_TZ
from tests.passwords import password_hash
from tests.processes import campaign
from tests.web import conftest as web
from tests.web.conftest import login, post

app, client, driver, people = web.app, web.client, web.driver, web.people  # fixtures

COMMUNITY = "org-community-410105"
OTHER = campaign.community_org("410105", second=True)
COUNTY2_COMMUNITY = campaign.community_org("410102")
AGENCY = "org-sia-410105"
NAMES = re.compile(r"<td>居民\d\d</td>")


@pytest.fixture
def clock(app):
    moment = SettableClock(datetime(2017, 4, 2, 9, 0, tzinfo=CHINA_TZ))
    app.extensions["yijiao"]["engine"].clock = moment
    return moment


def _user(session, username: str, org: str) -> None:
    session.add(User(username=username, name=username, organisation_id=org, roles=["official"],
                     password_hash=password_hash("demo"), active=True, failed_logins=0))  # fmt: skip


@pytest.fixture
def town(app, people, clock):
    """金水区: 60 living people of the first community (and one who died), 2 of the second; one
    person of 中原区; the agency, the second community and 中原区's community with a login."""
    listed = [campaign.retiree(f"居民{n:02d}", "410105", "410105", 400 + n) for n in range(60)]
    others = [campaign.retiree(f"乙{n}", "410105", "410105", 500 + n) for n in range(2)]
    dead = campaign.retiree("故人", "410105", "410105", 600)
    outsider = campaign.retiree("外县人", "410102", "410102", 601)
    with app.extensions["yijiao"]["sessions"]() as session, session.begin():
        campaign.register(session, [*listed, *others, dead, outsider])
        session.add(Organisation(id=AGENCY, name="金水区社保中心", kind="social_insurance_agency",
                                 division_code="410105"))  # fmt: skip
        session.flush()
        for username, org in (
            ("agency", AGENCY),
            ("community_b", OTHER),
            ("community_zy", COUNTY2_COMMUNITY),
        ):
            _user(session, username, org)
        for prefix, org in (
            ("居民", COMMUNITY),
            ("乙", OTHER),
            ("故人", COMMUNITY),
            ("外县人", COUNTY2_COMMUNITY),
        ):
            session.execute(
                update(Retiree).where(Retiree.name.like(f"{prefix}%"))
                .values(status="received", community_org=org, address=f"{prefix}路1号")
            )  # fmt: skip
        session.execute(update(Retiree).where(Retiree.name == "故人").values(status="deceased"))
        session.execute(update(Retiree).where(Retiree.name == "居民07").values(address="经三路88号"))


@pytest.fixture
def opened(client, driver, town) -> int:
    login(client, "agency")
    path = "/cases/new/certification_campaign"
    answer = post(client, path, {"year": "2017", "deadline": "2017-06-30"}, token_from=path)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    case = int(re.search(r"/cases/(\d+)", answer.headers["Location"]).group(1))
    return case


def _sheet(client, item_id: int, **args):
    return client.get(f"/aftercare/certification/tasks/{item_id}", query_string=args)


def _claimed(client, driver, case: int, owner: str = COMMUNITY, user: str = "community"):
    item = driver.item(case, "certify_retirees", owner)
    login(client, user)
    assert post(client, f"/tasks/{item.id}/claim").status_code == 302
    return item


def _ids(driver, *names: str) -> list[int]:
    with driver.tx() as session:
        return list(session.scalars(select(Retiree.id).where(Retiree.name.in_(names)).order_by(Retiree.id)))


def test_each_community_of_the_county_gets_one_task(driver, opened):
    owners = sorted(i.owner_org for i in driver.open_items(opened, "certify_retirees"))
    assert owners == [COMMUNITY, OTHER]


def test_the_list_is_paginated_with_the_counts_and_never_lists_the_deceased(client, driver, opened):
    item = driver.item(opened, "certify_retirees", COMMUNITY)
    login(client, "community")
    task = client.get(f"/tasks/{item.id}").get_data(as_text=True)
    assert f"/aftercare/certification/tasks/{item.id}" in task
    assert re.search(r"名单人数 60 · 已认证 0 · 未找到 0 · 未标记 60", task)
    first = _sheet(client, item.id).get_data(as_text=True)
    assert "60 人" in first or "60 people" in first
    assert len(NAMES.findall(first)) == 50 and "故人" not in first
    with driver.tx() as session:
        number = session.scalar(select(Retiree.id_number).where(Retiree.name == "居民00"))
    assert number in first  # its own people in full
    second = _sheet(client, item.id, page=2).get_data(as_text=True)
    assert len(NAMES.findall(second)) == 10 and "故人" not in second


@pytest.mark.parametrize("query", ["居民07", "经三路", "ID"])
def test_the_list_is_searched_by_name_id_number_or_address(client, driver, opened, query):
    item = driver.item(opened, "certify_retirees", COMMUNITY)
    with driver.tx() as session:
        number = session.scalar(select(Retiree.id_number).where(Retiree.name == "居民07"))
    login(client, "community")
    found = _sheet(client, item.id, q=number[-8:] if query == "ID" else query).get_data(as_text=True)
    assert "居民07" in found and "居民08" not in found


def test_the_community_marks_one_person_and_a_page_and_the_counts_follow(client, driver, opened):
    item = _claimed(client, driver, opened)
    one = _ids(driver, "居民00")[0]
    mark = {"retiree_id": one, "outcome": "certified", "method": "home_visit", "on": "2017-04-02"}
    assert post(client, f"/aftercare/certification/tasks/{item.id}/marks", mark).status_code == 302
    ticked = _ids(driver, "居民01", "居民02")
    data = {"retiree_ids": ticked, "outcome": "not_found", "on": ""}
    post(client, f"/aftercare/certification/tasks/{item.id}/marks", data)
    with driver.tx() as session:
        marks = dict(session.execute(select(CertificationMark.retiree_id, CertificationMark.outcome)).all())
        given = session.scalar(select(CertificationMark).where(CertificationMark.retiree_id == one))
        assert (given.method, given.certified_on, given.marked_by) == (
            "home_visit",
            date(2017, 4, 2),
            "community",
        )
    assert marks == {one: "certified", ticked[0]: "not_found", ticked[1]: "not_found"}
    with driver.tx() as session:
        audited = session.scalars(select(AuditEvent).where(AuditEvent.action == "certification_mark")).all()
        assert [(a.actor, a.work_item_id, len(a.detail["marks"])) for a in audited] == [
            ("community", item.id, 1),
            ("community", item.id, 2),
        ]
    page = _sheet(client, item.id, state="unmarked").get_data(as_text=True)
    assert "居民00" not in page and "居民03" in page


def test_a_mark_for_someone_of_another_community_is_refused_and_nothing_stored(client, driver, opened):
    item = _claimed(client, driver, opened)
    theirs, ours = _ids(driver, "乙0")[0], _ids(driver, "居民05")[0]
    data = {"retiree_ids": [ours, theirs], "outcome": "certified", "method": "in_person", "on": "2017-04-01"}
    page = client.post(
        f"/aftercare/certification/tasks/{item.id}/marks",
        data={**data, "csrf_token": web.csrf_token(client, f"/aftercare/certification/tasks/{item.id}")},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "不在本任务的名单中" in page
    with driver.tx() as session:
        assert session.scalars(select(CertificationMark)).all() == []


def test_marks_need_the_task_claimed(client, driver, opened):
    item = driver.item(opened, "certify_retirees", COMMUNITY)
    login(client, "community")
    one = _ids(driver, "居民00")[0]
    mark = {"retiree_id": one, "outcome": "not_found"}
    answer = post(client, f"/aftercare/certification/tasks/{item.id}/marks", mark)
    assert answer.status_code == 409


@pytest.mark.parametrize(("user", "status"), [("community_b", 404), ("community_zy", 404), ("county2", 403)])
def test_no_one_else_sees_or_marks_a_community_s_list(client, driver, opened, user, status):
    item = driver.item(opened, "certify_retirees", COMMUNITY)
    login(client, user)
    assert _sheet(client, item.id).status_code == status
    mark = {"retiree_id": _ids(driver, "居民00")[0], "outcome": "not_found"}
    token = web.csrf_token(client, "/inbox")
    answer = client.post(
        f"/aftercare/certification/tasks/{item.id}/marks", data={**mark, "csrf_token": token}
    )
    assert answer.status_code in (403, 404)
    with driver.tx() as session:
        assert session.scalars(select(CertificationMark)).all() == []


def test_the_progress_shows_each_community_and_the_overdue_in_red(client, driver, clock, opened):
    item = _claimed(client, driver, opened)
    mark = {
        "retiree_id": _ids(driver, "居民00")[0],
        "outcome": "certified",
        "method": "remote",
        "on": "2017-04-02",
    }
    post(client, f"/aftercare/certification/tasks/{item.id}/marks", mark)
    clock.set(datetime(2017, 7, 2, 9, 0, tzinfo=CHINA_TZ))
    login(client, "agency")
    page = client.get(f"/aftercare/certification/{opened}").get_data(as_text=True)
    assert "花园路社区" in page and 'class="overdue"' in page
    assert re.search(r"花园路社区.*?<td>60</td><td>1</td><td>0</td><td>0</td><td>59</td>", page, re.S)
    assert "金水区" in client.get("/aftercare/certification").get_data(as_text=True)
    login(client, "county")
    assert client.get(f"/aftercare/certification/{opened}").status_code == 200
    login(client, "supervisor")
    assert "花园路社区" in client.get(f"/aftercare/certification/{opened}").get_data(as_text=True)
    login(client, "county2")
    assert client.get(f"/aftercare/certification/{opened}").status_code == 404
    assert "金水区" not in client.get("/aftercare/certification").get_data(as_text=True)
    login(client, "community")
    assert client.get(f"/aftercare/certification/{opened}").status_code == 403


def _token(client, username: str) -> dict:
    answer = client.post("/api/v1/tokens", json={"username": username, "password": "demo"})
    return {"Authorization": f"Bearer {answer.get_json()['token']}"}


def test_the_api_lists_marks_and_shows_progress(client, driver, opened):
    item = driver.item(opened, "certify_retirees", COMMUNITY)
    community = _token(client, "community")
    listed = client.get(f"/api/v1/certification/tasks/{item.id}/people?per_page=20&page=3", headers=community)
    body = listed.get_json()
    assert (body["total"], len(body["items"]), body["counts"]["unmarked"]) == (60, 20, 60)
    client.post(f"/api/v1/tasks/{item.id}/claim", headers=community)
    number = body["items"][0]["id_number"]
    marked = client.post(
        f"/api/v1/certification/tasks/{item.id}/marks",
        headers=community,
        json={
            "marks": [
                {"id_number": number, "outcome": "certified", "method": "in_person", "on": "2017-04-01"}
            ]
        },
    )
    assert marked.status_code == 200 and marked.get_json()["counts"]["certified"] == 1
    wrong = client.post(
        f"/api/v1/certification/tasks/{item.id}/marks",
        headers=community,
        json={"marks": [{"id_number": number, "outcome": "certified", "method": "fax", "on": "2017-04-01"}]},
    )
    assert wrong.status_code == 422 and "marks.0.method" in wrong.get_json()["error"]["fields"]
    other = client.get(f"/api/v1/certification/tasks/{item.id}/people", headers=_token(client, "community_b"))
    assert other.status_code == 404
    progress = client.get(
        f"/api/v1/certification/campaigns/{opened}", headers=_token(client, "agency")
    ).get_json()
    assert progress["total"]["living"] == 62 and progress["total"]["certified"] == 1
    assert (
        client.get(f"/api/v1/certification/campaigns/{opened}", headers=_token(client, "county2")).status_code
        == 404
    )


def test_the_agency_sees_whom_it_suspends_and_records_it(client, driver, clock, opened):
    for owner, user, prefix in ((COMMUNITY, "community", "居民"), (OTHER, "community_b", "乙")):
        item = _claimed(client, driver, opened, owner, user)
        everyone = _ids(driver, *_names(driver, prefix))
        data = {"retiree_ids": everyone, "outcome": "certified", "method": "in_person", "on": "2017-04-02"}
        if prefix == "乙":
            data = {"retiree_ids": everyone, "outcome": "not_found"}
        post(client, f"/aftercare/certification/tasks/{item.id}/marks", data)
        assert post(client, f"/tasks/{item.id}/complete", {"remarks": ""}).status_code == 302
    clock.set(datetime(2017, 7, 1, 8, 0, tzinfo=CHINA_TZ))
    with driver.tx() as session:
        driver.engine.fire_due_timers(session)
    follow = driver.item(opened, "follow_up_certification", OTHER)
    login(client, "community_b")
    post(client, f"/tasks/{follow.id}/claim")
    post(client, f"/aftercare/certification/tasks/{follow.id}/marks",
         {"retiree_ids": _ids(driver, "乙0", "乙1"), "outcome": "not_found"})  # fmt: skip
    assert post(client, f"/tasks/{follow.id}/complete", {"remarks": "入户两次未见"}).status_code == 302
    suspension = driver.item(opened, "suspend_pensions", AGENCY)
    login(client, "agency")
    listed = _sheet(client, suspension.id).get_data(as_text=True)
    with driver.tx() as session:
        numbers = session.scalars(select(Retiree.id_number).where(Retiree.name.in_(["乙0", "乙1"]))).all()
    assert all(number in listed for number in numbers) and "居民00" not in listed
    post(client, f"/tasks/{suspension.id}/claim")
    done = post(
        client, f"/tasks/{suspension.id}/complete", {"suspended_on": "2017-08-01", "notice_number": "9号"}
    )
    assert done.status_code == 302
    assert driver.status(opened) == "completed"
    progress = client.get(f"/aftercare/certification/{opened}").get_data(as_text=True)
    assert re.search(
        r"410105第2社区.*?<td>2</td><td>0</td><td>2</td><td>0</td><td>0</td><td>2</td>", progress, re.S
    )


def _names(driver, prefix: str) -> list[str]:
    with driver.tx() as session:
        return list(session.scalars(select(Retiree.name).where(Retiree.name.like(f"{prefix}%"))))


def test_submitting_with_people_unmarked_says_how_many_on_the_task_page(client, driver, opened):
    item = _claimed(client, driver, opened)
    page = post(client, f"/tasks/{item.id}/complete", {"remarks": ""}).get_data(as_text=True)
    assert "还有 60 人未标记认证结果" in page


def test_a_completed_task_shows_the_tally_it_recorded(client, driver, opened):
    item = _claimed(client, driver, opened, OTHER, "community_b")
    post(client, f"/aftercare/certification/tasks/{item.id}/marks",
         {"retiree_ids": _ids(driver, "乙0", "乙1"), "outcome": "not_found"})  # fmt: skip
    done = post(client, f"/tasks/{item.id}/complete", {"remarks": ""}, follow_redirects=True)
    assert re.search(r"名单人数 2 · 已认证 0 · 未找到 2 · 未标记 0", done.get_data(as_text=True))
    with driver.tx() as session:  # the marks may change later; the page keeps the tally recorded
        session.execute(update(CertificationMark).values(outcome="certified"))
    later = client.get(f"/tasks/{item.id}").get_data(as_text=True)
    assert re.search(r"名单人数 2 · 已认证 0 · 未找到 2 · 未标记 0", later)
