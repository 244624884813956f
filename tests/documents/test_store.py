"""Generated PDFs are kept with the case: the same data gives the same file (served from the
table), new data a new version, and the version officials signed stays retrievable."""

from __future__ import annotations

import hashlib
import subprocess

from sqlalchemy import select

from engine.workflow.documents import Document
from tests.processes import submissions as form
from tests.web.conftest import post

from .conftest import api_headers, browser, pdf_text

AGREEMENT = "specific_agreement"


def agreement_url(case: int, county: str = "410105") -> str:
    return f"/cases/{case}/documents/{AGREEMENT}.pdf?county={county}"


def stored(app, **where) -> list[Document]:
    with app.extensions["yijiao"]["sessions"]() as session:
        query = select(Document).where(*(getattr(Document, k) == v for k, v in where.items()))
        return list(session.scalars(query.order_by(Document.id)))


def test_the_same_data_gives_the_same_pdf_made_once(app, programme):
    first = browser(app, "county").get(agreement_url(programme)).data
    again = browser(app, "enterprise").get(agreement_url(programme)).data
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(again).hexdigest()
    (document,) = stored(app, kind=AGREEMENT)
    assert document.sha256 == hashlib.sha256(first).hexdigest()
    assert document.filename == "specific_agreement-410105.pdf" and document.content_type == "application/pdf"
    assert document.note.startswith("inputs sha256:")


def test_signing_makes_a_new_version_and_the_earlier_one_stays(app, programme, driver):
    county = browser(app, "county")
    draft_version = county.get(agreement_url(programme)).data
    item = driver.item(programme, "sign_specific_agreement", "org-gov-410105")
    post(county, f"/tasks/{item.id}/claim", token_from=f"/tasks/{item.id}")
    signed = {"approved": "on", "signed_by": "张局长", "signed_on": "2017-04-25"}
    response = post(county, f"/tasks/{item.id}/complete", signed, token_from=f"/tasks/{item.id}")
    assert response.status_code == 302
    earlier, made_on_completion = stored(app, kind=AGREEMENT)
    assert made_on_completion.work_item_id == item.id  # generated when the task completed
    assert "代表人（签字）：李总代表人（签字）：张局长" in pdf_text(county.get(agreement_url(programme)).data)
    assert county.get(f"/documents/{earlier.id}").data == draft_version
    assert len(stored(app, kind=AGREEMENT)) == 2  # the download found the new version, made none


def draft_completed_through_the_api(app, programme: int, driver):
    """中原区's specific agreement drafted by the enterprise through the API: its work item."""
    item = driver.by_county(programme, "draft_specific_agreement")["410102"]
    client = app.test_client()
    headers = api_headers(client, "enterprise")
    assert client.post(f"/api/v1/tasks/{item.id}/claim", headers=headers).status_code == 200
    response = client.post(
        f"/api/v1/tasks/{item.id}/complete", headers=headers, json={"data": form.specific_draft(2, 1)}
    )
    assert response.status_code == 200, response.get_json()
    return item


def test_completing_a_draft_through_the_api_makes_its_agreement(app, programme, driver):
    item = draft_completed_through_the_api(app, programme, driver)
    (document,) = stored(app, work_item_id=item.id)
    assert (document.kind, document.filename) == (AGREEMENT, "specific_agreement-410102.pdf")
    assert document.title == "具体移交协议（郑州市中原区）"


def test_the_pdf_is_dated_by_the_case_not_by_the_clock(app, programme):
    content = browser(app, "county").get(agreement_url(programme)).data
    info = subprocess.run(["pdfinfo", "-isodates", "-"], input=content, capture_output=True, check=True)
    assert "CreationDate:    2017-04-20T00:00:00+08" in info.stdout.decode()  # the enterprise signed then
