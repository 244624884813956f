"""死亡报告 through HTTP: a community reports and uploads the certificate, the deceased leave the
registry's lists, another county sees nothing, and 民政's list of 1,000 rows opens 990 reports."""

from __future__ import annotations

import io
import time
from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select, update

from engine.aftercare.deaths.reports import DeathReport
from engine.directory.organisations import Organisation, User
from engine.policy import resident_id
from engine.registry.access import mask
from engine.registry.retirees import Retiree
from engine.workflow.documents import Document
from tests.passwords import password_hash
from tests.processes import campaign
from tests.web import conftest as web
from tests.web.conftest import login, post

app, client, driver, people = web.app, web.client, web.driver, web.people  # fixtures

COMMUNITY = "org-community-410105"
AGENCY = "org-sia-410105"
COMMUNITY2 = "org-community-410102"
CERTIFICATE = b"%PDF-1.4 death certificate of the test"


@pytest.fixture
def town(app, people, driver):
    """金水区's agency and 中原区's community, each with a login; the roster's 金水区 people received
    by the first community (中原区's by its own)."""
    with driver.tx() as session:
        campaign.register(session)
        for org, kind, code, name in ((AGENCY, "social_insurance_agency", "410105", "金水区社保中心"),
                                      (COMMUNITY2, "community", "410102", "中原区社区")):  # fmt: skip
            if session.get(Organisation, org) is None:
                session.add(Organisation(id=org, name=name, kind=kind, division_code=code))
        session.flush()
        for username, org in (("agency", AGENCY), ("community2", COMMUNITY2)):
            session.add(User(username=username, name=username, organisation_id=org, roles=["official"],
                             password_hash=password_hash("demo"), active=True, failed_logins=0))  # fmt: skip
        for code, org in (("410105", COMMUNITY), ("410102", COMMUNITY2)):
            session.execute(
                update(Retiree)
                .where(Retiree.destination_code == code, Retiree.category == "普通退休人员")
                .values(status="received", community_org=org)
            )
    driver.officials.made.setdefault(AGENCY, driver.officials.of(AGENCY))


def _person(driver, name: str) -> Retiree:
    with driver.tx() as session:
        found = session.scalars(select(Retiree).where(Retiree.name == name)).one()
        session.expunge(found)
        return found


def _report_on_the_page(client, driver, name: str, died_on: str = "2017-03-20"):
    login(client, "community")
    retiree = _person(driver, name)
    path = "/aftercare/deaths/new"
    return post(client, path, {"retiree_id": retiree.id, "died_on": died_on}, token_from=path)


def _certified(client, driver, name: str) -> int:
    """Reported on the page, the certificate uploaded on the task page, confirmed: the case id."""
    answer = _report_on_the_page(client, driver, name)
    assert answer.status_code == 302
    item_id = int(answer.headers["Location"].rsplit("/", 1)[1])
    task_page = f"/tasks/{item_id}"
    assert post(client, f"{task_page}/claim", token_from=task_page).status_code == 302
    upload = {"file": (io.BytesIO(CERTIFICATE), "死亡证明.pdf"), "note": "火化证明"}
    assert post(client, f"{task_page}/documents", upload, token_from=task_page).status_code == 302
    with driver.tx() as session:
        case = session.scalar(select(DeathReport.instance_id).order_by(DeathReport.id.desc()))
    driver.complete(case, "confirm_death", {"confirmed": True})
    return case


def test_a_community_reports_a_death_and_its_certificate_is_kept_with_its_hash(client, driver, town):
    case = _certified(client, driver, "王建国")
    with driver.tx() as session:
        document = session.scalars(select(Document).where(Document.instance_id == case)).one()
        document_id, sha = document.id, document.sha256
    import hashlib

    assert sha == hashlib.sha256(CERTIFICATE).hexdigest()
    assert client.get(f"/documents/{document_id}").data == CERTIFICATE
    assert sorted(driver.open_specs(case)) == ["acknowledge_death", "stop_pension"]
    wang = _person(driver, "王建国")
    login(client, "enterprise")
    page = client.get(f"/tasks/{driver.item(case, 'acknowledge_death').id}").get_data(as_text=True)
    assert mask(wang.id_number) in page and wang.id_number not in page
    assert "2017-03-20" in page
    login(client, "community2")
    assert client.get(f"/documents/{document_id}").status_code == 404
    assert client.get(f"/cases/{case}").status_code == 404
    assert "王建国" not in client.get("/aftercare/deaths").get_data(as_text=True)


def test_a_report_of_a_future_date_is_refused_on_the_page_in_chinese(client, driver, town):
    answer = _report_on_the_page(client, driver, "王建国", died_on="2017-04-03")
    assert answer.status_code == 422
    assert "晚于今天" in answer.get_data(as_text=True)


def test_a_community_cannot_report_another_county_s_person(client, driver, town):
    answer = _report_on_the_page(client, driver, "陈静")
    assert answer.status_code == 422
    assert "不是本社区的服务对象" in answer.get_data(as_text=True)


def test_the_deceased_leave_the_registry_search_unless_asked_for(client, driver, town):
    case = _certified(client, driver, "王建国")
    login(client, "agency")
    stop = driver.item(case, "stop_pension")
    assert post(client, f"/tasks/{stop.id}/claim", token_from=f"/tasks/{stop.id}").status_code == 302
    assert 'value="2017-04"' in client.get(f"/tasks/{stop.id}").get_data(as_text=True)  # prefilled
    stopped = post(
        client, f"/tasks/{stop.id}/complete", {"stop_from": "2017-04"}, token_from=f"/tasks/{stop.id}"
    )
    assert stopped.status_code == 302
    login(client, "county")
    living = client.get("/retirees?q=王")
    assert living.status_code == 200
    assert "王建国" not in living.get_data(as_text=True)
    assert "王建国" in client.get("/retirees?q=王&status=deceased").get_data(as_text=True)
    exported = openpyxl.load_workbook(io.BytesIO(client.get("/retirees/export.xlsx").data))
    names = {cell.value for row in exported.active.iter_rows() for cell in row}
    assert "李秀英" in names and "王建国" not in names
    token = client.post("/api/v1/tokens", json={"username": "county", "password": "demo"}).json["token"]
    found = client.get("/api/v1/retirees?q=王", headers={"Authorization": f"Bearer {token}"}).json["items"]
    assert "王建国" not in {item["name"] for item in found}
    login(client, "community")
    assert client.get("/aftercare/deaths").status_code == 200
    assert "已停发" in client.get("/aftercare/deaths").get_data(as_text=True)


def test_the_api_reports_a_death_uploads_the_certificate_and_lists_it(client, driver, town):
    token = client.post("/api/v1/tokens", json={"username": "community", "password": "demo"}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    retiree = _person(driver, "李秀英")
    answer = client.post(
        "/api/v1/deaths", json={"retiree_id": retiree.id, "died_on": "2017-03-01"}, headers=headers
    )
    assert answer.status_code == 201, answer.json
    case, task = answer.json["id"], answer.json["confirm_task"]
    assert client.post(f"/api/v1/tasks/{task}/claim", headers=headers).status_code == 200
    upload = {"file": (io.BytesIO(CERTIFICATE), "certificate.pdf")}
    stored = client.post(f"/api/v1/deaths/{case}/certificate", data=upload, headers=headers)
    assert stored.status_code == 201, stored.json
    assert (
        client.post(
            f"/api/v1/tasks/{task}/complete", json={"data": {"confirmed": True}}, headers=headers
        ).status_code
        == 200
    )
    again = client.post(
        "/api/v1/deaths", json={"retiree_id": retiree.id, "died_on": "2017-03-01"}, headers=headers
    )
    assert again.status_code == 422
    assert "未办结的死亡报告" in again.json["error"]["fields"]["retiree_id"][0]
    listed = client.get("/api/v1/deaths", headers=headers).json
    assert [item["name"] for item in listed["items"]] == ["李秀英"]
    assert listed["items"][0]["stage"] == "待停发养老金"


# -- 民政's death list ---------------------------------------------------------------------------


def _many(driver, count: int) -> list[dict]:
    people_ = [campaign.retiree(f"故{n}", "410105", "410105", 3000 + n) for n in range(count)]
    with driver.tx() as session:
        campaign.register(session, people_)
        session.execute(
            update(Retiree).where(Retiree.name.like("故%")).values(status="received", community_org=COMMUNITY)
        )
    return people_


def _unmatched_rows(driver) -> list[tuple[str, str, str, str]]:
    """Ten rows that open nothing, each with (ID number, name, date, the reason's words)."""
    chen, wu = _person(driver, "陈静"), _person(driver, "吴老")
    zhang, li = _person(driver, "张伟"), _person(driver, "李秀英")
    with driver.tx() as session:
        session.execute(
            update(Retiree).where(Retiree.id == zhang.id).values(status="deceased", died_on=date(2016, 5, 1))
        )
        session.execute(update(Retiree).where(Retiree.id == li.id).values(status="allocated"))
    unknown = resident_id.make("410105", date(1949, 9, 9), 77)
    return [
        ("410105195001011230", "错号", "2017-03-01", "身份证号无效"),
        (unknown, "无此人", "2017-03-01", "登记库中无此人"),
        (chen.id_number, "陈静", "2017-03-01", "不是本县"),
        (wu.id_number, "吴老", "2017-03-01", "不是本县"),
        (zhang.id_number, "张伟", "2017-03-01", "已故"),
        (li.id_number, "李秀英", "2017-03-01", "尚未由社区接收"),
        (_person(driver, "王建国").id_number, "王建国", "2017-02-30", "死亡日期"),
        (_person(driver, "刘洋").id_number, "刘洋", "2017-05-01", "晚于今天"),
        (_person(driver, "王建国").id_number, "王建军", "2017-03-01", "姓名"),
    ]


def test_a_civil_affairs_list_of_1000_rows_with_10_unmatched_opens_990_reports(client, driver, town):
    matched = _many(driver, 990)
    bad = _unmatched_rows(driver)
    rows = [
        (p["id_number"], p["name"], "2017/3/1" if n % 2 else "2017-03-01", "") for n, p in enumerate(matched)
    ]
    rows.insert(500, (matched[10]["id_number"], matched[10]["name"], "2017-03-01", "与第 12 行重复"))
    rows[100:100] = bad  # rows 102–110
    assert len(rows) == 1000
    content = (
        "身份证号,姓名,死亡日期\n" + "\n".join(f"{n},{name},{day}" for n, name, day, _ in rows)
    ).encode()
    login(client, "agency")
    path = "/aftercare/deaths/lists"
    began = time.perf_counter()
    answer = post(client, path, {"file": (io.BytesIO(content), "民政死亡名单.csv")}, token_from=path)
    took = time.perf_counter() - began
    assert answer.status_code == 302, answer.get_data(as_text=True)
    print(f"\n1,000-row civil affairs list: 990 reports opened in {took:.1f} s")
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    with driver.tx() as session:
        assert session.scalar(select(func.count()).select_from(DeathReport)) == 990
        assert (
            session.scalar(select(func.count()).select_from(DeathReport).where(DeathReport.source == "民政"))
            == 990
        )
    explained = {row: reason for row, (_n, _name, _day, reason) in enumerate(rows, start=2) if reason}
    token = client.post("/api/v1/tokens", json={"username": "agency", "password": "demo"}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    list_id = int(answer.headers["Location"].rsplit("/", 1)[1])
    outcome = client.get(f"/api/v1/death-lists/{list_id}", headers=headers).json
    assert outcome["opened"] == 990 and outcome["rows"] == 1000 and outcome["state"] == "done"
    assert sorted(row["row"] for row in outcome["unmatched"]) == sorted(explained)
    for row in outcome["unmatched"]:
        assert explained[row["row"]] in row["reason"], row
        assert row["reason"] in page
    again = client.post(
        "/api/v1/death-lists", data={"file": (io.BytesIO(content), "again.csv")}, headers=headers
    )
    assert again.status_code == 201
    assert again.json["opened"] == 0 and len(again.json["unmatched"]) == 1000
    with driver.tx() as session:
        assert session.scalar(select(func.count()).select_from(DeathReport)) == 990


def test_a_civil_affairs_report_starts_at_the_community_s_confirmation_without_a_certificate(
    client, driver, town
):
    wang = _person(driver, "王建国")
    content = f"姓名,身份证号,死亡日期\n王建国,{wang.id_number},2017-03-05\n".encode()
    token = client.post("/api/v1/tokens", json={"username": "agency", "password": "demo"}).json["token"]
    answer = client.post("/api/v1/death-lists", data={"file": (io.BytesIO(content), "d.csv")},
                         headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert answer.json["opened"] == 1
    with driver.tx() as session:
        case = session.scalar(select(DeathReport.instance_id))
    item = driver.item(case, "confirm_death")
    assert item.owner_org == COMMUNITY
    assert driver.data(case, "confirm_death")["death"]["source"] == "民政"
    driver.complete(case, "confirm_death", {"confirmed": True})
    assert sorted(driver.open_specs(case)) == ["acknowledge_death", "stop_pension"]


def test_only_an_agency_uploads_death_lists(client, driver, town):
    login(client, "community")
    assert client.get("/aftercare/deaths/lists").status_code == 403
    token = client.post("/api/v1/tokens", json={"username": "county", "password": "demo"}).json["token"]
    content = "身份证号,姓名,死亡日期\n".encode()
    answer = client.post("/api/v1/death-lists", data={"file": (io.BytesIO(content), "d.csv")},
                         headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert answer.status_code == 403
