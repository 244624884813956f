"""The inbox and the case list name what each row is about and find it (issue 15, part B): the
county, community or person a task concerns, the procedure of the task itself, search by place,
person (as the registry lets the searcher see them) and case number, saved filters, counts per
tab, bulk claim; the same through ``GET /api/v1/tasks``; a 404 that names what is missing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from engine import Actor
from engine.directory.audit import AuditEvent
from engine.registry.access import mask
from engine.registry.retirees import Retiree
from engine.workflow.models import WorkItem
from engine.workflow.saved_filters import SavedFilter
from tests.processes import submissions as form

from .conftest import login, post

ENTERPRISE = "org-ent-pingmei"


def page(response) -> str:
    return response.get_data(as_text=True)


def rows(html: str) -> list[str]:
    """The inbox's (or case list's) table rows, tags stripped."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [re.sub(r"<[^>]+>|\s+", " ", row).strip() for row in body.split("</tr>") if "<td" in row]


@pytest.fixture
def both_counties(driver, programme) -> int:
    """The programme with 中原区's agreement drafted too: `county2` holds a task in it."""
    driver.complete_item(
        driver.by_county(programme, "draft_specific_agreement")["410102"], form.specific_draft(2, 1)
    )
    return programme


def id_number_of(app, name: str) -> str:
    with app.extensions["yijiao"]["sessions"]() as session:
        return session.scalar(select(Retiree.id_number).where(Retiree.name == name))


# -- rows that name things -------------------------------------------------------------------------


def test_the_enterprise_s_rows_name_each_county_and_the_called_procedure(client, programme):
    login(client, "enterprise")
    found = [row for row in rows(page(client.get("/inbox"))) if "拟定并签署具体移交协议" in row]
    assert len(found) == 2
    assert any("郑州市中原区" in row for row in found) and any("平顶山市新华区" in row for row in found)
    assert all("县（市、区）具体移交" in row for row in found)


def test_a_work_item_keeps_its_called_procedure_and_its_county(driver, programme):
    items = driver.open_items(programme, "draft_specific_agreement")
    assert {(i.task_process, i.task_process_name) for i in items} == {
        ("county_handover", "县（市、区）具体移交")
    }
    assert {(i.subject, i.subject_code) for i in items} == {
        ("郑州市中原区", "410102"),
        ("平顶山市新华区", "410402"),
    }


# -- filtering and searching the inbox -------------------------------------------------------------


def test_filtering_by_a_called_procedure_finds_its_tasks(client, programme):
    login(client, "enterprise")
    found = rows(page(client.get("/inbox?process=county_handover")))
    assert len(found) == 2 and all("拟定并签署具体移交协议" in row for row in found)


def test_searching_a_county_name_finds_that_county_s_task_only(client, programme):
    login(client, "enterprise")
    (row,) = rows(page(client.get("/inbox?q=中原区")))
    assert "郑州市中原区" in row and "新华区" not in row


def test_searching_a_division_code_finds_that_county_s_task(client, programme):
    login(client, "enterprise")
    (row,) = rows(page(client.get("/inbox?q=410402")))
    assert "平顶山市新华区" in row


def test_a_county_finds_its_task_by_the_name_of_one_of_its_retirees(client, both_counties):
    login(client, "county")
    (row,) = rows(page(client.get("/inbox?q=王建国")))
    assert "审核并签订具体移交协议" in row and "郑州市金水区" in row


def test_another_county_finds_nothing_by_that_name_but_its_own_retiree(client, both_counties):
    login(client, "county2")
    assert rows(page(client.get("/inbox?q=王建国"))) == []
    (row,) = rows(page(client.get("/inbox?q=陈静")))
    assert "郑州市中原区" in row


def test_a_county_finds_its_task_by_a_masked_id_number(client, app, both_counties):
    login(client, "county")
    masked = mask(id_number_of(app, "李秀英"))
    (row,) = rows(page(client.get("/inbox", query_string={"q": masked})))
    assert "郑州市金水区" in row


def test_a_full_id_number_finds_nothing_for_who_sees_it_masked(client, app, both_counties):
    login(client, "county2")
    assert rows(page(client.get("/inbox", query_string={"q": id_number_of(app, "李秀英")}))) == []


def test_the_tab_counts_follow_the_search(client, programme):
    login(client, "enterprise")
    html = page(client.get("/inbox?q=中原区"))
    assert re.findall(r'class="count">(\d+)<', html) == ["1", "0", "0"]


# -- the case list -----------------------------------------------------------------------------------


def test_the_case_list_shows_procedure_names_not_codes(client, programme):
    login(client, "enterprise")
    html = page(client.get("/cases"))
    assert "省属企业退休人员移交" in html and "retiree_handover_programme</td>" not in html


def test_the_case_list_finds_a_case_by_a_retiree_only_for_who_may_see_them(client, both_counties):
    login(client, "county")
    assert len(rows(page(client.get("/cases?q=王建国")))) == 1
    login(client, "county2")
    assert len(rows(page(client.get("/cases")))) == 1  # county2 holds work in the programme
    assert rows(page(client.get("/cases?q=王建国"))) == []


def test_the_case_list_filters_by_a_called_procedure_and_status(client, programme):
    login(client, "enterprise")
    assert len(rows(page(client.get("/cases?process=county_handover")))) == 1
    assert rows(page(client.get("/cases?process=archive_lookup"))) == []
    assert rows(page(client.get("/cases?status=completed"))) == []


def test_the_case_list_finds_a_case_by_number_and_county(client, programme):
    login(client, "enterprise")
    assert len(rows(page(client.get(f"/cases?q=%23{programme}")))) == 1
    assert len(rows(page(client.get("/cases?q=新华区")))) == 1
    assert rows(page(client.get("/cases?q=不存在的地方"))) == []


# -- saved filters ------------------------------------------------------------------------------


def test_a_saved_filter_is_listed_and_opens_its_search(client, app, programme):
    login(client, "enterprise")
    response = post(client, "/inbox/filters", {"name": "中原区的", "scope": "claimable", "q": "中原区"})
    assert response.status_code == 302 and "q=" in response.location
    html = page(client.get("/inbox"))
    link = re.search(r'href="(/inbox\?[^"]*)">中原区的<', html)
    assert link
    (row,) = rows(page(client.get(link.group(1).replace("&amp;", "&"))))
    assert "郑州市中原区" in row


def test_saving_under_the_same_name_replaces_the_filter(client, app, programme):
    login(client, "enterprise")
    post(client, "/inbox/filters", {"name": "常用", "q": "中原区"})
    post(client, "/inbox/filters", {"name": "常用", "q": "新华区"})
    with app.extensions["yijiao"]["sessions"]() as session:
        (saved,) = session.scalars(select(SavedFilter)).all()
    assert "%E6%96%B0%E5%8D%8E%E5%8C%BA" in saved.query  # 新华区


def test_a_user_cannot_delete_another_user_s_saved_filter(client, app, programme):
    login(client, "enterprise")
    post(client, "/inbox/filters", {"name": "中原区待办", "q": "中原区"})
    with app.extensions["yijiao"]["sessions"]() as session:
        saved_id = session.scalar(select(SavedFilter.id))
    login(client, "county")
    assert post(client, f"/inbox/filters/{saved_id}/delete").status_code == 404
    login(client, "enterprise")
    assert post(client, f"/inbox/filters/{saved_id}/delete").status_code == 302
    assert "中原区待办" not in page(client.get("/inbox"))


# -- bulk claim -----------------------------------------------------------------------------------


def open_drafts(app) -> list[WorkItem]:
    with app.extensions["yijiao"]["sessions"]() as session:
        query = select(WorkItem).where(
            WorkItem.spec_id == "draft_specific_agreement", WorkItem.state == "open"
        )
        return list(session.scalars(query.order_by(WorkItem.id)))


def test_bulk_claim_claims_the_rest_and_names_what_another_took_meanwhile(client, app, programme):
    first, second = open_drafts(app)
    yijiao = app.extensions["yijiao"]
    with yijiao["sessions"]() as session, session.begin():
        yijiao["engine"].claim(session, first.id, Actor("colleague", ENTERPRISE, frozenset({"official"})))
    login(client, "enterprise")
    response = post(client, "/inbox/claim", {"item": [str(first.id), str(second.id)]})
    html = page(client.get(response.location))
    assert "已签收 1 项" in html and "已被他人签收或办结" in html and first.subject in html
    claimed = {item.id: item.claimed_by for item in open_drafts(app)}
    assert claimed == {first.id: "colleague", second.id: "enterprise"}


def test_bulk_claims_are_audited_like_single_claims(client, app, programme):
    ids = [item.id for item in open_drafts(app)]
    login(client, "enterprise")
    post(client, "/inbox/claim", {"item": [str(i) for i in ids]})
    with app.extensions["yijiao"]["sessions"]() as session:
        query = select(AuditEvent.work_item_id).where(
            AuditEvent.action == "claim", AuditEvent.work_item_id.in_(ids)
        )
        assert sorted(session.scalars(query)) == ids
        actors = select(AuditEvent.actor).where(AuditEvent.work_item_id.in_(ids))
        assert set(session.scalars(actors)) == {"enterprise"}


def test_bulk_claim_claims_nothing_of_another_organisation(client, app, programme, driver):
    sign = driver.item(programme, "sign_specific_agreement", "org-gov-410105")
    login(client, "enterprise")
    response = post(client, "/inbox/claim", {"item": [str(sign.id)]})
    assert "1 项不属于您签收" in page(client.get(response.location))
    assert driver.item(programme, "sign_specific_agreement", "org-gov-410105").claimed_by is None


# -- the API --------------------------------------------------------------------------------------


def token(client, username: str) -> dict[str, str]:
    answer = client.post("/api/v1/tokens", json={"username": username, "password": "demo"})
    return {"Authorization": f"Bearer {answer.json['token']}"}


def test_the_api_lists_tasks_with_their_subject_and_own_procedure(client, programme):
    answer = client.get("/api/v1/tasks?process=county_handover&q=中原区", headers=token(client, "enterprise"))
    (task,) = answer.json["items"]
    assert task["subject"] == {"name": "郑州市中原区", "division_code": "410102"}
    assert task["procedure"] == {"key": "county_handover", "name": "县（市、区）具体移交"}


def test_the_api_search_by_a_retiree_respects_who_may_see_them(client, both_counties):
    assert client.get("/api/v1/tasks?q=王建国", headers=token(client, "county")).json["total"] == 1
    assert client.get("/api/v1/tasks?q=王建国", headers=token(client, "county2")).json["total"] == 0


def test_the_api_bulk_claim_reports_taken_tasks(client, app, programme):
    first, second = open_drafts(app)
    yijiao = app.extensions["yijiao"]
    with yijiao["sessions"]() as session, session.begin():
        yijiao["engine"].claim(session, first.id, Actor("colleague", ENTERPRISE, frozenset({"official"})))
    answer = client.post(
        "/api/v1/tasks/claim", json={"ids": [first.id, second.id]}, headers=token(client, "enterprise")
    )
    assert answer.status_code == 200
    assert [t["id"] for t in answer.json["claimed"]] == [second.id]
    assert [t["id"] for t in answer.json["taken"]] == [first.id] and answer.json["unavailable"] == []


@pytest.mark.parametrize(
    "body", [{}, {"ids": []}, {"ids": ["1"]}, {"ids": [True]}, {"ids": list(range(1, 102))}]
)
def test_the_api_bulk_claim_refuses_a_bad_list(client, programme, body):
    answer = client.post("/api/v1/tasks/claim", json=body, headers=token(client, "enterprise"))
    assert answer.status_code == 422 and "ids" in answer.json["error"]["fields"]


def test_the_api_refuses_an_overlong_search(client, programme):
    answer = client.get("/api/v1/tasks", query_string={"q": "张" * 101}, headers=token(client, "enterprise"))
    assert answer.status_code == 422 and "q" in answer.json["error"]["fields"]


# -- naming what is missing -------------------------------------------------------------------------


def test_a_task_another_county_may_not_see_is_named_a_task_in_chinese(client, programme, driver):
    sign = driver.item(programme, "sign_specific_agreement", "org-gov-410105")
    login(client, "county2")
    response = client.get(f"/tasks/{sign.id}")
    assert response.status_code == 404
    html = page(response)
    assert f"未找到任务 {sign.id}" in html and "does not exist" not in html


def test_a_missing_case_is_named_a_case(client, programme):
    login(client, "county")
    assert "未找到案件 99999" in page(client.get("/cases/99999"))


def test_the_api_saves_a_filter_with_only_the_filter_s_parameters(client, programme):
    headers = token(client, "enterprise")
    body = {"name": "中原区", "query": "scope=mine&q=中原区&page=3&evil=1"}
    saved = client.post("/api/v1/saved-filters", json=body, headers=headers)
    assert saved.status_code == 201
    assert saved.json["query"] == "scope=mine&q=%E4%B8%AD%E5%8E%9F%E5%8C%BA"
    listed = client.get("/api/v1/saved-filters", headers=headers).json["items"]
    assert listed == [saved.json]


def test_the_api_deletes_only_the_caller_s_own_filter(client, programme):
    saved = client.post("/api/v1/saved-filters", json={"name": "x"}, headers=token(client, "enterprise"))
    path = f"/api/v1/saved-filters/{saved.json['id']}"
    assert client.delete(path, headers=token(client, "county")).status_code == 404
    assert client.delete(path, headers=token(client, "enterprise")).status_code == 204
    assert client.get("/api/v1/saved-filters", headers=token(client, "enterprise")).json["items"] == []


def test_the_api_refuses_a_filter_without_a_name(client, programme):
    answer = client.post("/api/v1/saved-filters", json={"name": " "}, headers=token(client, "enterprise"))
    assert answer.status_code == 422 and "name" in answer.json["error"]["fields"]


def test_a_county_name_finds_a_case_about_a_place_in_that_county(client, programme):
    answers = {
        "community_name": "矿区社区管理委员会",
        "households": 3300,
        "setting": "city",
        "staff": 14,
        "receiving_government": "org-gov-410105",
    }
    body = {"process": "community_org_handover", "form": answers}
    started = client.post("/api/v1/instances", json=body, headers=token(client, "enterprise"))
    assert started.status_code == 201
    login(client, "enterprise")
    (row,) = [row for row in rows(page(client.get("/inbox?q=金水区"))) if "矿区社区管理委员会" in row]
    assert "企业所办社区管理组织移交" in row
    assert any("矿区社区管理委员会" in row for row in rows(page(client.get("/cases?q=金水区"))))
