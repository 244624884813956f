"""Talking about a case (issue 15, part D): comments on a task and on a case, scoped like the data
(a county reads its own county's part only), @organisation mentions that reach the mentioned
organisation and no outsider, audited; and the timeline as Chinese sentences with names."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from engine.directory.audit import AuditEvent
from engine.notifications.models import Notification
from tests.processes import campaign
from tests.processes import submissions as form

from .conftest import csrf_token, login, post
from .test_pages import page, sign_item

JINSHUI, ZHONGYUAN = "郑州市金水区人民政府", "郑州市中原区人民政府"


@pytest.fixture
def both_counties(driver, programme) -> int:
    """The programme with 中原区's specific agreement drafted too: county2 holds work in the case
    (so it may see the case), but not in 金水区's part."""
    driver.complete_item(
        driver.by_county(programme, "draft_specific_agreement")["410102"], form.specific_draft(2, 1)
    )
    return programme


def token(client, username: str) -> dict[str, str]:
    answer = client.post("/api/v1/tokens", json={"username": username, "password": "demo"}).get_json()
    return {"Authorization": f"Bearer {answer['token']}"}


def comment(client, username: str, path: str, **body):
    return client.post(f"/api/v1{path}/comments", json=body, headers=token(client, username))


def notices(app, organisation: str) -> list[Notification]:
    with app.extensions["yijiao"]["sessions"]() as session:
        query = select(Notification).where(
            Notification.organisation_id == organisation, Notification.kind == "comment"
        )
        return list(session.scalars(query))


def timeline(response) -> str:
    """The timeline section of a page."""
    shown = page(response)
    start = shown.index('id="timeline"')
    return shown[start : shown.index("</section>", start)]


def test_county2_cannot_read_or_post_on_a_task_of_jinshui(client, driver, both_counties):
    item = sign_item(driver, both_counties)
    assert comment(client, "county", f"/tasks/{item.id}", body="请尽快签订").status_code == 201
    headers = token(client, "county2")
    assert client.get(f"/api/v1/tasks/{item.id}/comments", headers=headers).status_code == 404
    refused = client.post(f"/api/v1/tasks/{item.id}/comments", json={"body": "我也说一句"}, headers=headers)
    assert refused.status_code == 404


def test_county2_does_not_see_jinshuis_comments_on_the_case_page(client, driver, both_counties):
    item = sign_item(driver, both_counties)
    comment(client, "county", f"/tasks/{item.id}", body="金水区内部意见")
    login(client, "county2")
    shown = page(client.get(f"/cases/{both_counties}"))
    assert "金水区内部意见" not in shown
    assert "发起了案件" in shown  # the case's own timeline is still there


def test_the_enterprise_reads_a_comment_on_jinshuis_task(client, driver, both_counties):
    item = sign_item(driver, both_counties)
    comment(client, "county", f"/tasks/{item.id}", body="协议人数有疑问")
    answer = client.get(f"/api/v1/tasks/{item.id}/comments", headers=token(client, "enterprise")).get_json()
    assert [c["body"] for c in answer["items"]] == ["协议人数有疑问"]


def test_mentioning_an_organisation_outside_the_part_is_refused(app, client, driver, both_counties):
    item = sign_item(driver, both_counties)
    refused = comment(client, "county", f"/tasks/{item.id}", body=f"@{ZHONGYUAN} 请看")
    assert refused.status_code == 422
    assert ZHONGYUAN in refused.get_json()["error"]["fields"]["mentions"][0]
    assert notices(app, "org-gov-410102") == []


def test_a_mention_reaches_the_mentioned_organisation(app, client, driver, both_counties):
    item = sign_item(driver, both_counties)
    answer = comment(client, "county", f"/tasks/{item.id}", body="@中国平煤神马能源化工集团 人数请核对")
    assert answer.status_code == 201
    assert answer.get_json()["mentions"] == [{"id": campaign.ENTERPRISE, "name": "中国平煤神马能源化工集团"}]
    assert [n.body for n in notices(app, campaign.ENTERPRISE)] == ["@中国平煤神马能源化工集团 人数请核对"]


def test_a_comment_is_audited(app, client, driver, both_counties):
    item = sign_item(driver, both_counties)
    comment(client, "county", f"/tasks/{item.id}", body="已收到")
    with app.extensions["yijiao"]["sessions"]() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "comment")).one()
    assert (event.actor, event.organisation_id, event.work_item_id) == ("county", "org-gov-410105", item.id)
    assert event.data_hash


def test_an_empty_comment_is_refused(client, both_counties):
    assert comment(client, "enterprise", f"/instances/{both_counties}", body="  ").status_code == 422


def test_a_comment_that_is_not_json_is_a_bad_request(client, both_counties):
    headers = {**token(client, "enterprise"), "Content-Type": "application/json"}
    answer = client.post(f"/api/v1/instances/{both_counties}/comments", data="[1", headers=headers)
    assert answer.status_code == 400


def test_a_comment_on_the_case_from_the_page_with_an_attachment(client, both_counties):
    login(client, "enterprise")
    answer = client.post(
        f"/cases/{both_counties}/comments",
        content_type="multipart/form-data",
        data={
            "csrf_token": csrf_token(client, f"/cases/{both_counties}"),
            "body": "附上说明",
            "file": (io.BytesIO(b"%PDF-1.4 note"), "说明.pdf", "application/pdf"),
        },
        follow_redirects=True,
    )
    shown = page(answer)
    assert "发表意见：附上说明" in shown and "说明.pdf" in shown


def test_an_attachment_of_another_type_is_refused(client, both_counties):
    login(client, "enterprise")
    answer = client.post(
        f"/cases/{both_counties}/comments",
        content_type="multipart/form-data",
        data={
            "csrf_token": csrf_token(client, f"/cases/{both_counties}"),
            "body": "附件",
            "file": (io.BytesIO(b"MZ\x90\x00"), "tool.exe", "application/octet-stream"),
        },
        follow_redirects=True,
    )
    assert "只能上传 PDF、JPG、PNG、CSV 或 XLSX 文件" in page(answer)
    assert "发表意见：附件" not in page(answer)


def test_the_timeline_reads_as_sentences_with_names_and_task_names(client, driver, both_counties):
    item = sign_item(driver, both_counties)
    login(client, "county")
    post(client, f"/tasks/{item.id}/claim", token_from=f"/tasks/{item.id}")
    shown = timeline(client.get(f"/cases/{both_counties}"))
    assert f"{JINSHUI} {JINSHUI}经办人 签收了“{item.name}”" in shown
    assert "county" not in shown and "org-gov-410105" not in shown


def test_a_returned_review_says_so_with_its_reason(client, driver, both_counties):
    item = sign_item(driver, both_counties)
    driver.complete_item(item, form.refuse("人数与登记不符"))
    answer = client.get(f"/api/v1/instances/{both_counties}", headers=token(client, "county")).get_json()
    sentences = [h["sentence"] for h in answer["history"]]
    assert any(f"办结了“{item.name}”：退回，理由：人数与登记不符" in s for s in sentences)


def test_the_history_leaves_out_another_countys_steps(client, driver, both_counties):
    item = sign_item(driver, both_counties)
    driver.complete_item(item, form.refuse("人数与登记不符"))
    answer = client.get(f"/api/v1/instances/{both_counties}", headers=token(client, "county2")).get_json()
    assert all("人数与登记不符" not in h["sentence"] for h in answer["history"])
    assert all(h["task_id"] != item.id for h in answer["history"])


def test_a_comment_on_the_case_is_read_by_every_organisation_of_the_case(client, both_counties):
    comment(client, "enterprise", f"/instances/{both_counties}", body="各县请于月底前签订")
    answer = client.get(
        f"/api/v1/instances/{both_counties}/comments", headers=token(client, "county2")
    ).get_json()
    assert [c["sentence"].split(" ", 2)[2] for c in answer["items"]] == [
        "中国平煤神马能源化工集团 中国平煤神马能源化工集团经办人 发表意见：各县请于月底前签订"
    ]


def test_the_supervisor_reads_comments_on_any_countys_task(client, driver, both_counties):
    item = sign_item(driver, both_counties)
    comment(client, "county", f"/tasks/{item.id}", body="已核对")
    answer = client.get(f"/api/v1/tasks/{item.id}/comments", headers=token(client, "supervisor")).get_json()
    assert [c["body"] for c in answer["items"]] == ["已核对"]
