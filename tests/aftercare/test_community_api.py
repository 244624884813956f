"""本社区, its information database and new retirees over the JSON API."""

from __future__ import annotations

from datetime import date

from tests.api import conftest as api_fixtures
from tests.api.conftest import official
from tests.processes import campaign

api, app, client = api_fixtures.api, api_fixtures.app, api_fixtures.client  # fixtures

COMMUNITY = official("org-community-410105")
OTHER_COMMUNITY = official("org-community-410102")
ENTERPRISE = official(campaign.ENTERPRISE)
COUNTY = official(campaign.county_org("410105"))
COUNTY2 = official(campaign.county_org("410102"))
CADRE = {
    "name": "老同志",
    "id_number": "110105193005010117",
    "category": "省管干部",
    "special_status": ["高龄"],
}


def newcomer() -> dict:
    values = campaign.retiree("孙新民", "410105", "410105", 42)
    values["address"] = "经三路12号院"
    return values


def _received(api) -> dict:
    done = api.ok("post", "/newcomers", ENTERPRISE, status=201, json=newcomer())
    assert done["handed_over"] is True
    tasks = api.ok("get", "/tasks?scope=claimable", COUNTY)["items"]
    allocation = next(t for t in tasks if t["case"]["id"] == done["instance_id"])
    api.ok("post", f"/tasks/{allocation['id']}/claim", COUNTY)
    api.ok(
        "post",
        f"/tasks/{allocation['id']}/complete",
        COUNTY,
        json={"data": {"data_checked": True, "community_org": "org-community-410105"}},
    )
    tasks = api.ok("get", "/tasks?scope=claimable", COMMUNITY)["items"]
    reception = next(t for t in tasks if t["case"]["id"] == done["instance_id"])
    api.ok("post", f"/tasks/{reception['id']}/claim", COMMUNITY)
    data = {"received": True, "info_database_built": True, "contact_card_issued": True}
    api.ok("post", f"/tasks/{reception['id']}/complete", COMMUNITY, json={"data": data})
    return done


def test_a_new_retiree_registered_over_the_api_reaches_the_community(api):
    done = _received(api)
    page = api.ok("get", "/community", COMMUNITY)
    [person] = page["people"]["items"]
    assert person["id_number"] == done["retiree"]["id_number"] and person["status"] == "received"
    assert api.ok("get", "/community", OTHER_COMMUNITY)["people"]["total"] == 0
    assert api.get("/community", COUNTY).status_code == 403


def test_an_invalid_new_retiree_is_refused_with_its_fields(api):
    wrong = {**newcomer(), "birth_date": "1951-01-01", "residence_code": "41x"}
    answer = api.post("/newcomers", ENTERPRISE, json=wrong)
    assert answer.status_code == 422
    fields = answer.json["error"]["fields"]
    assert set(fields) == {"birth_date", "residence_code"}


def test_records_are_added_listed_changed_and_removed_by_their_community_only(api):
    record = api.ok("post", "/community/records", COMMUNITY, status=201, json=CADRE)
    assert record["handed_over"] is False and record["mark"] == "未移交（离休干部/省管干部）"
    assert api.ok("get", "/community/records", COMMUNITY)["total"] == 1
    assert api.ok("get", "/community/records", OTHER_COMMUNITY)["total"] == 0
    assert api.put(f"/community/records/{record['id']}", OTHER_COMMUNITY, json=CADRE).status_code == 404
    changed = api.ok(
        "put", f"/community/records/{record['id']}", COMMUNITY, json={**CADRE, "phone": "13900001111"}
    )
    assert changed["phone"] == "13900001111"
    assert api.delete(f"/community/records/{record['id']}", COMMUNITY).status_code == 204
    assert api.ok("get", "/community/records", COMMUNITY)["total"] == 0


def test_a_record_with_a_wrong_id_number_is_refused(api):
    answer = api.post("/community/records", COMMUNITY, json={**CADRE, "id_number": "110105193005010118"})
    assert answer.status_code == 422
    assert answer.json["error"]["fields"]["id_number"] == ["身份证号：身份证号校验码错误"]


def test_the_county_counts_its_communities_and_not_another_county_s(api):
    _received(api)
    api.ok("post", "/community/records", COMMUNITY, status=201, json=CADRE)
    mine = api.ok("get", "/communities", COUNTY)
    [row] = [r for r in mine["communities"] if r["community_org"] == "org-community-410105"]
    assert (row["living"], row["recorded_not_handed_over"]) == (1, 1)
    other = api.ok("get", "/communities", COUNTY2)
    assert all(r["community_org"] != "org-community-410105" for r in other["communities"])
    assert date.fromisoformat(api.ok("get", "/community", COMMUNITY)["events"][0]["on"]) == date(2017, 3, 1)


def test_a_file_of_new_retirees_registers_the_good_rows(api):
    good, wrong = newcomer(), campaign.retiree("错号", "410105", "410105", 43)
    wrong["id_number"] = wrong["id_number"][:17] + ("1" if wrong["id_number"][17] == "0" else "0")
    header = "姓名,性别,身份证号,出生日期,退休日期,户籍地区划代码,常住地区划代码,人员类别\n"
    keys = (
        "name",
        "sex",
        "id_number",
        "birth_date",
        "retirement_date",
        "hukou_code",
        "residence_code",
        "category",
    )
    body = header + "".join(",".join(str(p[k]) for k in keys) + "\n" for p in (good, wrong))
    from io import BytesIO

    data = {"file": (BytesIO(body.encode("utf-8")), "新退休.csv")}
    done = api.ok("post", "/newcomers/file", ENTERPRISE, data=data, content_type="multipart/form-data")
    assert done["accepted"] == 1 and done["registered"][0]["instance_id"] is not None
    assert [(r["row"], r["column"]) for r in done["rejected"]] == [(3, "身份证号")]
    assert api.post("/newcomers/file", COMMUNITY, data={"file": (BytesIO(b"x"), "a.csv")}).status_code == 403
