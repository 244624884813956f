"""The pages officials use, through the Flask test client with CSRF on: log in, inbox, task,
case, start — each checked for its content and for what it did in the database."""

from __future__ import annotations

import io
import re
from datetime import datetime

import pytest
from sqlalchemy import func, select

from engine import SettableClock
from engine.directory.audit import AuditEvent
from engine.workflow.deadlines import CHINA_TZ
from engine.workflow.documents import Document
from engine.workflow.drafts import TaskDraft
from engine.workflow.models import WorkItem

from .conftest import csrf_token, login, post


def sign_item(driver, case):
    return driver.item(case, "sign_specific_agreement", "org-gov-410105")


def page(response) -> str:
    return response.get_data(as_text=True)


# -- logging in ---------------------------------------------------------------------------------


def test_login_page_is_chinese_first(client):
    assert "登录" in page(client.get("/login"))


def test_pages_need_a_login(client):
    response = client.get("/inbox")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_wrong_password_is_refused_without_saying_which_part(client, people):
    response = login(client, "county", "wrong")
    assert response.status_code == 401 and "用户名或密码错误" in page(response)


def test_five_failures_lock_the_account_even_for_the_right_password(client, people):
    for _ in range(5):
        response = login(client, "county", "wrong")
    assert "连续输错 5 次将锁定 15 分钟" in page(response)
    locked = login(client, "county", "demo")
    assert locked.status_code == 401 and "用户名或密码错误" in page(locked)  # the same answer as any


def test_a_refusal_tells_nothing_of_the_account(client, people):
    """Issue 13 (8): unknown, wrong, locked and deactivated read the same."""
    marker = "用户名或密码错误（连续输错 5 次将锁定 15 分钟；停用的账户不能登录）"
    assert marker in page(login(client, "nobody", "demo")) and marker in page(login(client, "county", "x"))


def test_a_username_is_one_account_whatever_its_case(client, people):
    assert login(client, "COUNTY", "demo").status_code == 302


def test_login_then_logout(client, people):
    assert login(client, "county").headers["Location"].endswith("/inbox")
    assert client.get("/inbox").status_code == 200
    post(client, "/logout")
    assert client.get("/inbox").status_code == 302


@pytest.mark.parametrize(
    ("target", "lands_on"),
    [
        ("/tasks", "/tasks"),
        ("/%09/evil.example/phish", "/inbox"),  # a tab: browsers read //evil.example/phish
        ("/%5Cevil.example", "/inbox"),
        ("//evil.example", "/inbox"),
        ("https://evil.example/", "/inbox"),
    ],
)
def test_a_login_goes_on_to_a_page_of_this_site_only(client, people, target, lands_on):
    """Issue 13 (8): no open redirect after login."""
    answer = client.post(
        f"/login?next={target}",
        data={"username": "county", "password": "demo", "csrf_token": csrf_token(client)},
    )
    assert answer.status_code == 302
    assert answer.headers["Location"] == lands_on


def test_a_post_without_csrf_token_is_refused(client, people, programme, driver):
    login(client, "county")
    response = client.post(f"/tasks/{sign_item(driver, programme).id}/claim")
    assert response.status_code == 400
    assert sign_item(driver, programme).claimed_by is None


# -- inbox ---------------------------------------------------------------------------------------


def test_inbox_lists_claimable_tasks_with_counts(client, people, programme):
    login(client, "county")
    html = page(client.get("/inbox"))
    assert "审核并签订具体移交协议" in html and "平煤神马 退休人员移交" in html
    assert re.search(r'class="count">1<', html)


def test_inbox_marks_overdue_tasks(client, people, programme, app):
    app.extensions["yijiao"]["engine"].clock = SettableClock(datetime(2017, 5, 2, tzinfo=CHINA_TZ))
    login(client, "county")
    html = page(client.get("/inbox?overdue=1"))
    assert 'class="overdue"' in html and "已逾期" in html


def test_inbox_filters_by_text(client, people, programme):
    login(client, "county")
    assert "审核并签订具体移交协议" not in page(client.get("/inbox?q=不存在的案件"))


def test_another_county_sees_nothing_of_it(client, people, programme):
    login(client, "county2")
    assert "审核并签订具体移交协议" not in page(client.get("/inbox"))


# -- a task --------------------------------------------------------------------------------------


def test_task_page_shows_instructions_and_the_case_summary(client, people, programme, driver):
    login(client, "county")
    html = page(client.get(f"/tasks/{sign_item(driver, programme).id}"))
    assert "办理说明" in html and "同意则填写签署人和日期" in html
    assert "郑州市金水区" in html and "本县移交人数" in html


def test_claim_shows_the_form(client, people, programme, driver):
    login(client, "county")
    item = sign_item(driver, programme)
    post(client, f"/tasks/{item.id}/claim", token_from=f"/tasks/{item.id}")
    assert sign_item(driver, programme).claimed_by == "county"
    assert 'name="signed_by"' in page(client.get(f"/tasks/{item.id}"))


def test_a_missing_field_is_explained_and_what_was_typed_is_kept(client, people, programme, driver):
    login(client, "county")
    item = sign_item(driver, programme)
    post(client, f"/tasks/{item.id}/claim", token_from=f"/tasks/{item.id}")
    response = post(
        client,
        f"/tasks/{item.id}/complete",
        {"approved": "on", "signed_by": "张局长"},
        token_from=f"/tasks/{item.id}",
    )
    assert response.status_code == 422
    html = page(response)
    assert "审核通过时必填" in html and 'value="张局长"' in html
    assert sign_item(driver, programme).state == "open"


def test_completing_shows_where_the_case_went_and_twice_completes_once(
    client, people, programme, driver, app
):
    login(client, "county")
    item = sign_item(driver, programme)
    post(client, f"/tasks/{item.id}/claim", token_from=f"/tasks/{item.id}")
    data = {"approved": "on", "signed_by": "张局长", "signed_on": "2017-04-25"}
    token = csrf_token(client, f"/tasks/{item.id}")
    first = client.post(f"/tasks/{item.id}/complete", data={**data, "csrf_token": token})
    second = client.post(f"/tasks/{item.id}/complete", data={**data, "csrf_token": token})
    assert first.status_code == 302 and second.status_code == 409
    done = page(client.get(first.headers["Location"]))
    assert "核实退休人员基本信息" in done and "郑州市金水区人民政府" in done
    with app.extensions["yijiao"]["sessions"]() as session:
        completions = session.scalar(
            select(func.count()).where(AuditEvent.action == "complete", AuditEvent.work_item_id == item.id)
        )
    assert completions == 1


def test_a_saved_draft_comes_back(client, people, programme, driver, app):
    login(client, "county")
    item = sign_item(driver, programme)
    post(client, f"/tasks/{item.id}/claim", token_from=f"/tasks/{item.id}")
    post(client, f"/tasks/{item.id}/draft", {"signed_by": "王处长"}, token_from=f"/tasks/{item.id}")
    assert 'value="王处长"' in page(client.get(f"/tasks/{item.id}"))
    with app.extensions["yijiao"]["sessions"]() as session:
        assert session.scalar(select(func.count()).select_from(TaskDraft)) == 1


def test_files_are_limited_in_type_and_kept_with_their_hash(client, people, programme, driver, app):
    login(client, "county")
    item = sign_item(driver, programme)
    post(client, f"/tasks/{item.id}/claim", token_from=f"/tasks/{item.id}")
    token = csrf_token(client, f"/tasks/{item.id}")
    good = client.post(
        f"/tasks/{item.id}/documents",
        content_type="multipart/form-data",
        data={
            "csrf_token": token,
            "file": (io.BytesIO(b"%PDF-1.4 agreement"), "协议.pdf", "application/pdf"),
        },
    )
    bad = client.post(
        f"/tasks/{item.id}/documents",
        content_type="multipart/form-data",
        follow_redirects=True,
        data={"csrf_token": token, "file": (io.BytesIO(b"MZ\x90"), "virus.pdf", "application/pdf")},
    )
    assert good.status_code == 302 and "只能上传" in page(bad)
    with app.extensions["yijiao"]["sessions"]() as session:
        (document,) = session.scalars(select(Document)).all()
        assert (document.title, document.size, len(document.sha256)) == ("协议.pdf", 18, 64)
    assert client.get(f"/documents/{document.id}").data == b"%PDF-1.4 agreement"


def test_a_task_of_another_organisation_is_read_only(client, people, programme, driver):
    login(client, "enterprise")
    html = page(client.get(f"/tasks/{sign_item(driver, programme).id}"))
    assert "只能查看" in html or "only read" in html
    response = post(client, f"/tasks/{sign_item(driver, programme).id}/claim")
    assert response.status_code == 403


# -- cases ---------------------------------------------------------------------------------------


def test_case_page_shows_parties_steps_and_timeline(client, people, programme):
    login(client, "county")
    html = page(client.get(f"/cases/{programme}"))
    assert "审核并签订具体移交协议" in html and "郑州市金水区人民政府" in html
    assert "complete" in html  # the timeline of audit events


def test_case_page_is_hidden_from_outsiders(client, people, programme):
    login(client, "county2")
    assert client.get(f"/cases/{programme}").status_code == 404


def test_supervisors_see_every_case(client, people, programme):
    login(client, "supervisor")
    assert client.get(f"/cases/{programme}").status_code == 200


def test_an_enterprise_starts_its_programme(client, people, app):
    login(client, "enterprise")
    assert "省属企业退休人员移交" in page(client.get("/cases/new"))
    response = post(
        client,
        "/cases/new/retiree_handover_programme",
        {
            "enterprise_name": "中国平煤神马能源化工集团",
            "location_code": "410402",
            "industry": "煤炭",
            "devolved_from_centre": "on",
        },
        token_from="/cases/new/retiree_handover_programme",
    )
    assert response.status_code == 302
    html = page(client.get(response.headers["Location"]))
    assert "调查摸底" in html
    with app.extensions["yijiao"]["sessions"]() as session:
        assert session.scalar(select(func.count()).where(WorkItem.spec_id == "survey_retirees")) == 1


def test_a_start_form_with_a_bad_field_keeps_what_was_typed(client, people):
    login(client, "enterprise")
    response = post(
        client,
        "/cases/new/retiree_handover_programme",
        {"enterprise_name": "中国平煤神马", "location_code": "999999", "industry": "煤炭"},
        token_from="/cases/new/retiree_handover_programme",
    )
    assert response.status_code == 422 and 'value="中国平煤神马"' in page(response)


def test_a_county_cannot_start_an_enterprise_procedure(client, people):
    login(client, "county")
    assert client.get("/cases/new/retiree_handover_programme").status_code == 404


def upload(client, item, name: str, content: bytes, mimetype: str):
    token = csrf_token(client, f"/tasks/{item.id}")
    return client.post(
        f"/tasks/{item.id}/documents",
        content_type="multipart/form-data",
        follow_redirects=True,
        data={"csrf_token": token, "file": (io.BytesIO(content), name, mimetype)},
    )


def test_an_html_file_does_not_pass_for_a_csv(client, people, programme, driver, app):
    """Issue 13 (8): the type is ours (name and first bytes), never the client's word."""
    login(client, "county")
    item = sign_item(driver, programme)
    post(client, f"/tasks/{item.id}/claim", token_from=f"/tasks/{item.id}")
    for name, content in (("evil.html", b"a,b\n1,2\n"), ("名单.csv", b"<script>alert(1)</script>")):
        assert "只能上传" in page(upload(client, item, name, content, "text/csv"))
    csv_text = "姓名,电话\n王建国,1\n".encode()
    upload(client, item, "名单.csv", csv_text, "text/html")  # the client's word for the type is ignored
    with app.extensions["yijiao"]["sessions"]() as session:
        kept = session.execute(select(Document.title, Document.content_type)).all()
    assert kept == [("名单.csv", "text/csv")]


def test_only_the_holder_uploads_and_saves_drafts(client, people, programme, driver, app):
    """Issue 13 (8): files and drafts belong to the official holding the task."""
    item = sign_item(driver, programme)
    login(client, "county")  # the task's organisation, but not claimed by this user
    token = csrf_token(client, f"/tasks/{item.id}")
    draft = client.post(f"/tasks/{item.id}/draft", data={"csrf_token": token, "signed_by": "某人"})
    added = client.post(
        f"/tasks/{item.id}/documents",
        content_type="multipart/form-data",
        data={"csrf_token": token, "file": (io.BytesIO(b"%PDF-1.4 x"), "a.pdf", "application/pdf")},
    )
    assert draft.status_code == 409 and added.status_code == 409
    with app.extensions["yijiao"]["sessions"]() as session:
        assert session.scalar(select(func.count()).select_from(TaskDraft)) == 0
        assert session.scalar(select(func.count()).select_from(Document)) == 0


def test_claiming_a_task_of_a_case_one_cannot_see_is_not_found(client, people, programme, driver):
    """Issue 13 (8): the page routes answer like the API — 404 for outsiders, not 403."""
    item = sign_item(driver, programme)
    login(client, "county2")  # 中原区 holds nothing in this programme yet
    assert post(client, f"/tasks/{item.id}/claim").status_code == 404
    assert post(client, f"/tasks/{item.id}/unclaim").status_code == 404


HUGE = str(10**20)


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("county", f"/inbox?page={HUGE}"),
        ("county", f"/cases?page={HUGE}"),
        ("county", f"/retirees?page={HUGE}"),
        ("enterprise", f"/rosters?page={HUGE}"),
        ("supervisor", f"/progress/units?milestone=M1&page={HUGE}"),
        ("admin", f"/admin/users?page={HUGE}"),
    ],
)
def test_a_page_number_beyond_reason_is_an_empty_page_not_a_500(client, people, programme, username, path):
    """Issue 13 (8): ``page=10**20`` made the database's OFFSET overflow."""
    login(client, username)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", [f"/api/v1/tasks?page={HUGE}", f"/api/v1/retirees?page={HUGE}"])
def test_the_api_takes_a_page_number_beyond_reason_without_a_500(client, people, programme, path):
    token = client.post("/api/v1/tokens", json={"username": "county", "password": "demo"}).get_json()["token"]
    answer = client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code in (200, 422)
