"""The supervisors' figures of the services after the hand-over, on the seeded demo (a death
report with the pension stopped, a certification campaign with people certified, a festival visit
campaign with visits): the page, the spreadsheet, the PDF and the API give the numbers the parts
count, each reader within their reach."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from engine.aftercare import certification, deaths, visits
from engine.aftercare.figures import HEADERS, service_figures
from tests.documents.conftest import pdf_text
from tests.web import test_demo
from tests.web.conftest import login

seeded_app = test_demo.seeded_app  # fixture: the demo, seeded once
JINSHUI, ZHONGYUAN = "410105", "410102"
YEAR = 2017  # the demo's clock


def browser(app, username: str):
    client = app.test_client()
    login(client, username)
    return client


def token(app, username: str) -> dict[str, str]:
    answer = app.test_client().post("/api/v1/tokens", json={"username": username, "password": "demo"})
    assert answer.status_code == 201, answer.json
    return {"Authorization": f"Bearer {answer.json['token']}"}


def counted(app, counties: list[str]):
    with app.extensions["yijiao"]["sessions"]() as session:
        return service_figures(session, YEAR, counties)


def test_the_figures_are_what_each_part_counts(seeded_app):
    with seeded_app.extensions["yijiao"]["sessions"]() as session:
        found = service_figures(session, YEAR, [JINSHUI, ZHONGYUAN])
        parts = {
            "deaths": deaths.figures(session, [JINSHUI], YEAR)[JINSHUI],
            "certification": certification.figures(session, [JINSHUI], YEAR)[JINSHUI],
            "visits": visits.figures(session, [JINSHUI], YEAR)[JINSHUI],
        }
    jinshui = found.rows[0]
    assert (jinshui.code, jinshui.name) == (JINSHUI, "郑州市金水区")
    for part, figures in parts.items():
        assert {key: jinshui.counts[part][key] for key in figures} == figures
    # the demo: one death reported and its pension stopped, seven certified, visits recorded
    assert jinshui.counts["deaths"]["reported"] == 1
    assert jinshui.counts["certification"]["certified"] == 7
    assert jinshui.counts["visits"]["visited"] > 0
    assert found.total.counts["certification"]["certified"] == sum(
        row.counts["certification"]["certified"] for row in found.rows
    )


def test_the_supervisor_sees_every_county_that_received_people_with_shares(seeded_app):
    page = browser(seeded_app, "supervisor").get(f"/aftercare/figures?year={YEAR}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    # in the demo only 金水区 has received its people so far
    assert "郑州市金水区" in html and "郑州市中原区" not in html and "合计" in html
    coverage = counted(seeded_app, [JINSHUI]).rows[0]
    living = coverage.counts["certification"]["living"]
    assert f"{100 * 7 / living:.1f}%" in html


def test_a_county_and_its_agency_see_their_own_county_only(seeded_app):
    readers = (("county", "郑州市金水区", "郑州市中原区"), ("county2", "郑州市中原区", "郑州市金水区"))
    for username, county, other in readers:
        html = browser(seeded_app, username).get("/aftercare/figures").get_data(as_text=True)
        assert county in html and other not in html
    answer = seeded_app.test_client().get("/api/v1/aftercare/figures", headers=token(seeded_app, "agency"))
    assert answer.status_code == 200
    assert [row["code"] for row in answer.json["rows"]] == [JINSHUI]
    assert answer.json["rows"][0]["counts"]["certification"]["certified"] == 7


@pytest.mark.parametrize("username", ["community", "enterprise", "archive"])
def test_others_may_not_read_the_figures(seeded_app, username):
    assert browser(seeded_app, username).get("/aftercare/figures").status_code == 403
    assert browser(seeded_app, username).get("/aftercare/figures.pdf").status_code == 403
    answer = seeded_app.test_client().get("/api/v1/aftercare/figures", headers=token(seeded_app, username))
    assert answer.status_code == 403
    assert answer.json["error"]["code"] == "forbidden"


def test_a_wrong_year_is_explained(seeded_app):
    page = browser(seeded_app, "supervisor").get("/aftercare/figures?year=1999")
    assert page.status_code == 200 and "年度应在 2017 至 2017 年之间" in page.get_data(as_text=True)
    answer = seeded_app.test_client().get(
        "/api/v1/aftercare/figures?year=abc", headers=token(seeded_app, "supervisor")
    )
    assert answer.status_code == 422 and "year" in answer.json["error"]["fields"]


def test_the_spreadsheet_has_the_page_s_rows_and_numbers(seeded_app):
    answer = browser(seeded_app, "supervisor").get(f"/aftercare/figures.xlsx?year={YEAR}")
    assert answer.status_code == 200
    sheet = load_workbook(BytesIO(answer.data))["服务情况"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["区划代码", "县（市、区）", *HEADERS]
    expected = counted(seeded_app, [row[0] for row in rows[1:-1]])
    assert rows[1:] == [[row.code, row.name, *row.cells()] for row in [*expected.rows, expected.total]]
    assert JINSHUI in [row[0] for row in rows]


def test_the_report_is_a_pdf_with_the_figures(seeded_app):
    answer = browser(seeded_app, "county").get(f"/aftercare/figures.pdf?year={YEAR}")
    assert answer.status_code == 200 and answer.data.startswith(b"%PDF")
    text = pdf_text(answer.data)
    assert "退休人员社会化管理服务情况" in text and "郑州市金水区" in text and "认证覆盖率" in text
    api = seeded_app.test_client().get("/api/v1/reports/services.pdf", headers=token(seeded_app, "county"))
    assert api.status_code == 200 and api.data.startswith(b"%PDF")
