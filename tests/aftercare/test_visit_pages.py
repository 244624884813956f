"""Festival visits over HTTP: the county starts a campaign, the community records visits on its own
list person by person, outsiders are refused, the plan and progress pages, and the API."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from sqlalchemy import select, update

from engine.aftercare.visits import Visit, VisitPlanEntry
from engine.clock import SettableClock
from engine.directory.organisations import User
from engine.registry.retirees import Retiree
from engine.workflow.deadlines import CHINA_TZ
from tests.passwords import password_hash
from tests.processes import campaign
from tests.web import conftest as web
from tests.web.conftest import login, post

app, client, driver, people = web.app, web.client, web.driver, web.people  # fixtures

COMMUNITY = campaign.community_org("410105")
OTHER = campaign.community_org("410105", second=True)
COUNTY2_COMMUNITY = campaign.community_org("410102")
#: name → (community, special situations, birth date)
TOWN = {
    "特困甲": (COMMUNITY, ["特困"], date(1950, 1, 1)),
    "高龄乙": (COMMUNITY, [], date(1930, 1, 1)),
    "残疾丙": (COMMUNITY, ["残疾"], date(1955, 1, 1)),
    "普通丁": (COMMUNITY, [], date(1955, 1, 1)),
    "故人": (COMMUNITY, ["特困"], date(1930, 1, 1)),
    "鳏寡戊": (OTHER, ["鳏寡"], date(1950, 1, 1)),
    "外县人": (COUNTY2_COMMUNITY, ["重病"], date(1950, 1, 1)),
}


@pytest.fixture
def clock(app):
    moment = SettableClock(datetime(2017, 9, 20, 9, 0, tzinfo=CHINA_TZ))
    app.extensions["yijiao"]["engine"].clock = moment
    return moment


@pytest.fixture
def town(app, people, clock):
    listed = [
        campaign.retiree(name, code, code, 700 + n)
        for n, (name, (org, _, _)) in enumerate(TOWN.items())
        for code in [org.split("-")[2]]
    ]
    with app.extensions["yijiao"]["sessions"]() as session, session.begin():
        campaign.register(session, listed)
        for username, org in (("community_b", OTHER), ("community_zy", COUNTY2_COMMUNITY)):
            session.add(User(username=username, name=username, organisation_id=org, roles=["official"],
                             password_hash=password_hash("demo"), active=True, failed_logins=0))  # fmt: skip
        for name, (org, statuses, born) in TOWN.items():
            session.execute(
                update(Retiree).where(Retiree.name == name)
                .values(status="deceased" if name == "故人" else "received", community_org=org,
                        special_status=statuses, birth_date=born, address=f"{name}路1号")
            )  # fmt: skip


@pytest.fixture
def opened(client, driver, town) -> int:
    login(client, "county")
    path = "/cases/new/festival_visits"
    answer = post(client, path, {"festival": "重阳", "year": "2017", "due": "2017-10-28"}, token_from=path)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return int(re.search(r"/cases/(\d+)", answer.headers["Location"]).group(1))


def _id(driver, name: str) -> int:
    with driver.tx() as session:
        return session.scalar(select(Retiree.id).where(Retiree.name == name))


def _claimed(client, driver, case: int):
    item = driver.item(case, "record_visits", COMMUNITY)
    login(client, "community")
    assert post(client, f"/tasks/{item.id}/claim").status_code == 302
    return item


def _visit(client, item_id: int, name_id: int, **given):
    data = {"retiree_id": name_id, "visited_on": "2017-09-20", "visitor": "王社工", "found": "独居",
            "help_given": "米面油", "referral": "none", **given}  # fmt: skip
    return post(
        client,
        f"/aftercare/visits/tasks/{item_id}/visits",
        data,
        token_from=f"/aftercare/visits/tasks/{item_id}",
    )


def test_the_community_sees_its_own_plan_with_full_names_and_reasons(client, town):
    login(client, "community")
    page = client.get("/aftercare/visits").get_data(as_text=True)
    assert all(name in page for name in ("特困甲", "高龄乙", "残疾丙"))
    assert not any(name in page for name in ("普通丁", "故人", "鳏寡戊", "外县人"))
    assert "高龄" in page and "特困" in page


def test_the_county_sees_its_communities_plans_as_counts_not_names(client, town):
    login(client, "county")
    page = client.get("/aftercare/visits").get_data(as_text=True)
    assert "特困甲" not in page
    assert re.search(r"<td>花园路社区</td><td>3</td>", page) and re.search(
        r"<td>410105第2社区</td><td>1</td>", page
    )


def test_a_campaign_runs_from_the_county_through_the_community_list_to_the_summary(client, driver, opened):
    assert sorted(i.owner_org for i in driver.open_items(opened, "record_visits")) == [COMMUNITY, OTHER]
    item = _claimed(client, driver, opened)
    task = client.get(f"/tasks/{item.id}").get_data(as_text=True)
    assert f"/aftercare/visits/tasks/{item.id}" in task
    sheet = client.get(f"/aftercare/visits/tasks/{item.id}").get_data(as_text=True)
    assert "特困甲" in sheet and "故人" not in sheet and "普通丁" not in sheet
    assert _visit(client, item.id, _id(driver, "特困甲"), referral="subsistence").status_code == 302
    assert _visit(client, item.id, _id(driver, "高龄乙"), referral="medical").status_code == 302
    refused = post(client, f"/tasks/{item.id}/complete", {"remarks": ""})
    assert "还有 1 人未登记" in refused.get_data(as_text=True)
    skip = {"retiree_id": _id(driver, "残疾丙"), "reason": "外出就医"}
    post(
        client,
        f"/aftercare/visits/tasks/{item.id}/not-visited",
        skip,
        token_from=f"/aftercare/visits/tasks/{item.id}",
    )
    assert post(client, f"/tasks/{item.id}/complete", {}, token_from=f"/tasks/{item.id}").status_code == 302
    with driver.tx() as session:
        visits = session.scalars(select(Visit).order_by(Visit.id)).all()
        assert [(v.referral, v.recorded_by, v.visitor) for v in visits] == [
            ("subsistence", "community", "王社工"), ("medical", "community", "王社工")
        ]  # fmt: skip
    other = driver.item(opened, "record_visits", OTHER)
    login(client, "community_b")
    post(client, f"/tasks/{other.id}/claim")
    refusal = {"retiree_id": _id(driver, "鳏寡戊"), "reason": "本人谢绝"}
    post(
        client,
        f"/aftercare/visits/tasks/{other.id}/not-visited",
        refusal,
        token_from=f"/aftercare/visits/tasks/{other.id}",
    )
    assert post(client, f"/tasks/{other.id}/complete", {}, token_from=f"/tasks/{other.id}").status_code == 302
    summary = driver.item(opened, "review_festival_visits")
    login(client, "county")
    task = client.get(f"/tasks/{summary.id}").get_data(as_text=True)
    assert f"/aftercare/visits/campaigns/{opened}" in task
    progress = client.get(f"/aftercare/visits/campaigns/{opened}").get_data(as_text=True)
    assert re.search(
        r"<td>花园路社区</td><td>3</td><td>2</td><td>1</td><td>0</td><td>0</td><td>2</td>", progress
    )
    person = client.get(f"/aftercare/visits/people/{_id(driver, '特困甲')}").get_data(as_text=True)
    assert "米面油" in person and "低保" in person


def test_a_visit_for_a_person_not_on_the_list_is_refused(client, driver, opened):
    item = _claimed(client, driver, opened)
    for name in ("普通丁", "故人", "鳏寡戊", "外县人"):
        answer = client.post(
            f"/aftercare/visits/tasks/{item.id}/visits",
            data={"retiree_id": _id(driver, name), "visited_on": "2017-09-20", "visitor": "王",
                  "csrf_token": web.csrf_token(client, f"/aftercare/visits/tasks/{item.id}")},
            follow_redirects=True,
        )  # fmt: skip
        assert "不在本任务的走访名单中" in answer.get_data(as_text=True), name
    with driver.tx() as session:
        assert session.scalar(select(Visit.id)) is None


@pytest.mark.parametrize("user", ["community_b", "community_zy", "county2"])
def test_another_community_or_county_cannot_see_the_list_or_record(client, driver, opened, user):
    item = driver.item(opened, "record_visits", COMMUNITY)
    login(client, user)
    assert client.get(f"/aftercare/visits/tasks/{item.id}").status_code in (403, 404)
    answer = client.post(f"/aftercare/visits/tasks/{item.id}/visits", data={
        "retiree_id": _id(driver, "特困甲"), "csrf_token": web.csrf_token(client, "/inbox")})  # fmt: skip
    assert answer.status_code in (403, 404)
    if user == "county2":
        assert client.get(f"/aftercare/visits/campaigns/{opened}").status_code == 404
        assert "特困甲" not in client.get("/aftercare/visits").get_data(as_text=True)
    else:
        assert client.get(f"/aftercare/visits/people/{_id(driver, '特困甲')}").status_code in (403, 404)


def test_the_plan_is_fixed_when_the_campaign_opens(driver, opened):
    with driver.tx() as session:
        names = session.scalars(
            select(Retiree.name).join(VisitPlanEntry, VisitPlanEntry.retiree_id == Retiree.id)
        ).all()  # fmt: skip
    assert sorted(names) == sorted(["特困甲", "高龄乙", "残疾丙", "鳏寡戊"])


def _token(client, username: str) -> dict:
    answer = client.post("/api/v1/tokens", json={"username": username, "password": "demo"})
    return {"Authorization": f"Bearer {answer.get_json()['token']}"}


def test_the_api_lists_the_plan_and_records_visits_on_the_held_list(client, driver, opened):
    community = _token(client, "community")
    plan = client.get("/api/v1/visits/plan", headers=community).get_json()
    assert sorted(row["name"] for row in plan["items"]) == sorted(["特困甲", "高龄乙", "残疾丙"])
    item = driver.item(opened, "record_visits", COMMUNITY)
    listed = client.get(
        f"/api/v1/visits/tasks/{item.id}/people?per_page=2&q=路", headers=community
    ).get_json()
    assert (listed["total"], len(listed["items"]), listed["counts"]["outstanding"]) == (3, 2, 3)
    given = {
        "retiree_id": _id(driver, "高龄乙"),
        "visited_on": "2017-09-20",
        "visitor": "李",
        "referral": "medical",
    }
    assert (
        client.post(f"/api/v1/visits/tasks/{item.id}/visits", json=given, headers=community).status_code
        == 409
    )
    client.post(f"/api/v1/tasks/{item.id}/claim", headers=community)
    answer = client.post(f"/api/v1/visits/tasks/{item.id}/visits", json=given, headers=community)
    assert answer.status_code == 201 and answer.get_json()["counts"]["referred"] == 1
    outsider = {**given, "retiree_id": _id(driver, "外县人")}
    refused = client.post(f"/api/v1/visits/tasks/{item.id}/visits", json=outsider, headers=community)
    assert refused.status_code == 422
    county = _token(client, "county")
    progress = client.get(f"/api/v1/visits/campaigns/{opened}", headers=county).get_json()
    assert (progress["total"]["planned"], progress["total"]["visited"]) == (4, 1)
    assert (
        client.get(f"/api/v1/visits/campaigns/{opened}", headers=_token(client, "county2")).status_code == 404
    )
    assert client.get(f"/api/v1/visits/tasks/{item.id}/people", headers=county).status_code == 404


def test_a_persons_visits_show_on_their_registry_page_for_their_community_only(client, driver, opened):
    item = _claimed(client, driver, opened)
    _visit(client, item.id, _id(driver, "特困甲"), help_given="送棉被一床")
    assert "送棉被一床" in client.get(f"/retirees/{_id(driver, '特困甲')}").get_data(as_text=True)
    login(client, "county")
    assert "送棉被一床" in client.get(f"/retirees/{_id(driver, '特困甲')}").get_data(as_text=True)
    login(client, "enterprise")
    assert "送棉被一床" not in client.get(f"/retirees/{_id(driver, '特困甲')}").get_data(as_text=True)


def test_a_community_records_a_visit_outside_any_campaign_for_its_own_people_only(client, driver, town):
    login(client, "community")
    ours, theirs = _id(driver, "普通丁"), _id(driver, "鳏寡戊")
    given = {
        "visited_on": "2017-09-19",
        "visitor": "网格员",
        "help_given": "上门量血压",
        "referral": "medical",
    }
    post(client, f"/aftercare/visits/people/{ours}", given, token_from=f"/aftercare/visits/people/{ours}")
    assert post(client, f"/aftercare/visits/people/{theirs}", given).status_code == 302
    with driver.tx() as session:
        visits = session.scalars(select(Visit)).all()
        assert [(v.retiree_id, v.instance_id, v.referral, v.recorded_by) for v in visits] == [
            (ours, None, "medical", "community")
        ]
    assert "上门量血压" in client.get(f"/aftercare/visits/people/{ours}").get_data(as_text=True)
    assert client.get(f"/aftercare/visits/people/{theirs}").status_code in (403, 404)


def test_the_api_records_a_visit_outside_any_campaign_for_the_communitys_own_people(client, driver, town):
    community = _token(client, "community")
    given = {"visited_on": "2017-09-19", "visitor": "网格员", "referral": "subsistence"}
    ours = client.post(f"/api/v1/visits/people/{_id(driver, '普通丁')}", json=given, headers=community)
    assert ours.status_code == 201 and ours.get_json()["visit"]["referral"] == "subsistence"
    theirs = client.post(f"/api/v1/visits/people/{_id(driver, '鳏寡戊')}", json=given, headers=community)
    assert theirs.status_code == 422
    county = client.post(
        f"/api/v1/visits/people/{_id(driver, '普通丁')}", json=given, headers=_token(client, "county")
    )
    assert county.status_code == 403
