"""Who gets which document: the case's organisation checks (404 for outsiders), and within a
programme one county does not read another county's register of names and ID numbers."""

from __future__ import annotations

import pytest

from tests.processes import submissions as form

from .conftest import api_headers, browser

COUNTY_KINDS = ("specific_agreement", "handover_register")


def page(case: int, kind: str, query: str = "?county=410105") -> str:
    return f"/cases/{case}/documents/{kind}.pdf{query}"


def api(case: int, kind: str, query: str = "?county=410105") -> str:
    return f"/api/v1/instances/{case}/documents/{kind}.pdf{query}"


@pytest.mark.parametrize("kind", COUNTY_KINDS)
def test_the_county_gets_its_documents_on_the_page_and_the_api(app, programme, kind):
    response = browser(app, "county").get(page(programme, kind))
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    caller = app.test_client()
    response = caller.get(api(programme, kind), headers=api_headers(caller, "county"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"


@pytest.mark.parametrize("kind", COUNTY_KINDS)
def test_an_outsider_county_is_told_nothing_exists(app, programme, kind):
    assert browser(app, "county2").get(page(programme, kind)).status_code == 404
    caller = app.test_client()
    response = caller.get(api(programme, kind), headers=api_headers(caller, "county2"))
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_a_county_in_the_same_programme_reads_only_its_own_register(app, programme, driver):
    draft = driver.by_county(programme, "draft_specific_agreement")["410102"]
    driver.complete_item(draft, form.specific_draft(2, 1))
    zhongyuan = browser(app, "county2")  # now holds a task of the programme, so sees the case
    assert zhongyuan.get(f"/cases/{programme}").status_code == 200
    assert zhongyuan.get(page(programme, "handover_register", "?county=410102")).status_code == 200
    assert zhongyuan.get(page(programme, "handover_register")).status_code == 404
    assert "county=410105" not in zhongyuan.get(f"/cases/{programme}").get_data(as_text=True)


def test_the_enterprise_reads_every_county_s_register(app, programme):
    for username in ("enterprise", "viewer"):
        assert browser(app, username).get(page(programme, "handover_register")).status_code == 200, username


def test_lists_of_people_with_full_id_numbers_are_not_for_overseers(app, programme):
    """Registers name people with their ID numbers and phones in full: overseers read the
    registry masked, and the counts on the case page and the dashboard, not the register."""
    for username in ("supervisor", "admin"):
        assert browser(app, username).get(page(programme, "handover_register")).status_code == 404, username


@pytest.mark.parametrize(
    ("query", "status"),
    [("?county=410102", 200), ("?county=410181", 404), ("?county=abc", 404), ("", 422)],
)
def test_the_county_must_be_one_of_the_case(app, programme, query, status):
    assert browser(app, "enterprise").get(page(programme, "handover_register", query)).status_code == status


def test_documents_not_made_yet_or_of_unknown_kinds_are_not_found(app, programme):
    enterprise = browser(app, "enterprise")
    assert enterprise.get(page(programme, "archive_receipt")).status_code == 404  # no archives sorted yet
    no_draft_yet = page(programme, "specific_agreement", "?county=410102")
    assert enterprise.get(no_draft_yet).status_code == 404
    assert enterprise.get(page(programme, "salary_slip")).status_code == 404
    assert enterprise.get(page(programme, "progress_report", "")).status_code == 404  # not a case document


def test_only_overseers_get_the_progress_report(app, programme):
    assert browser(app, "county").get("/reports/progress.pdf").status_code == 403
    assert browser(app, "enterprise").get("/reports/progress.pdf").status_code == 403
    assert browser(app, "admin").get("/reports/progress.pdf").status_code == 200
    caller = app.test_client()
    assert (
        caller.get("/api/v1/reports/progress.pdf", headers=api_headers(caller, "county")).status_code == 403
    )
    response = caller.get("/api/v1/reports/progress.pdf", headers=api_headers(caller, "supervisor"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"


def test_the_case_page_links_the_documents_the_reader_may_open(app, programme):
    html = browser(app, "county").get(f"/cases/{programme}").get_data(as_text=True)
    assert f"/cases/{programme}/documents/specific_agreement.pdf?county=410105" in html
    assert f"/cases/{programme}/documents/handover_register.pdf?county=410105" in html
    assert "具体移交协议（郑州市金水区）" in html
    assert "county=410102" not in html and "/reports/progress.pdf" not in html
    overseer = browser(app, "supervisor").get(f"/cases/{programme}").get_data(as_text=True)
    assert "/reports/progress.pdf" in overseer


def test_the_task_page_links_the_documents_of_its_county(app, programme, driver):
    item = driver.item(programme, "sign_specific_agreement", "org-gov-410105")
    html = browser(app, "county").get(f"/tasks/{item.id}").get_data(as_text=True)
    assert f"/cases/{programme}/documents/specific_agreement.pdf?county=410105" in html


def test_the_api_lists_the_generated_documents_with_their_urls(app, programme):
    caller = app.test_client()
    detail = caller.get(f"/api/v1/instances/{programme}", headers=api_headers(caller, "county")).get_json()
    generated = {d["title"]: d["url"] for d in detail["documents"] if d.get("generated")}
    assert generated == {  # its prefecture's framework agreement too, not 平顶山市's
        "移交框架协议（郑州市）": api(programme, "framework_agreement", "?prefecture=410100"),
        "具体移交协议（郑州市金水区）": api(programme, "specific_agreement"),
        "移交清册（郑州市金水区）": api(programme, "handover_register"),
    }


def test_a_stored_register_is_no_more_readable_by_its_id_than_by_its_name(app, programme, driver):
    """Issue 13 (1): ``county`` makes its 移交清册; ``county2``, who holds work in the same
    programme, must not get it through ``/documents/<id>`` or ``/api/v1/documents/<id>``."""
    from sqlalchemy import select

    from engine.workflow.documents import Document

    draft = driver.by_county(programme, "draft_specific_agreement")["410102"]
    driver.complete_item(draft, form.specific_draft(2, 1))  # 中原区 now sees the case
    assert browser(app, "county").get(page(programme, "handover_register")).status_code == 200
    with app.extensions["yijiao"]["sessions"]() as session:
        stored = session.scalars(select(Document.id).where(Document.kind == "handover_register")).all()
    (document_id,) = stored
    assert browser(app, "county2").get(f"/documents/{document_id}").status_code == 404
    caller = app.test_client()
    answer = caller.get(f"/api/v1/documents/{document_id}", headers=api_headers(caller, "county2"))
    assert answer.status_code == 404
    assert browser(app, "county").get(f"/documents/{document_id}").status_code == 200  # its own
