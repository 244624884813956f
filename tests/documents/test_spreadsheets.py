"""A county's lists of people as .xlsx (移交清册, 档案移交清单, 移交管理服务人员名单): the rows of the
registry in its order, figures as numbers and ID numbers as text, names that look like formulas
kept as text, the PDF's totals below — for exactly those who may read the PDF."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import quote

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from engine.registry.handover import CountyScope
from tests.processes import campaign
from tests.processes import submissions as form
from webapp.documents import registers

from . import handover
from .conftest import api_headers, browser
from .generated import roster
from .test_staff_list import streams  # noqa: F401  (fixture: 金水区 received its people)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: the rows above a list's people: its title, its heading (移交单位…) and the column headers
ABOVE = 3
FORMULA_NAME = '=HYPERLINK("http://evil.example/","点击")'


def page(case: int, kind: str, query: str = "?county=410105") -> str:
    return f"/cases/{case}/documents/{kind}.xlsx{query}"


def api(case: int, kind: str, query: str = "?county=410105") -> str:
    return f"/api/v1/instances/{case}/documents/{kind}.xlsx{query}"


def sheet_of(response) -> Worksheet:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == XLSX
    return load_workbook(BytesIO(response.data)).active


def downloaded(app, username: str, case: int, kind: str) -> Worksheet:
    return sheet_of(browser(app, username).get(page(case, kind)))


def values(sheet: Worksheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def heading(sheet: Worksheet) -> list[str]:
    """The heading's parts (移交单位, 接收单位, and the list's count or number)."""
    return [cell for cell in values(sheet)[1] if cell]


def people_rows(sheet: Worksheet) -> list[list]:
    """The rows of people: below the headers, above the totals line."""
    return values(sheet)[ABOVE:-1]


def registry_order(driver, case: int) -> list[tuple[str, str]]:
    """(name, ID number) of 金水区's people in the registry, in its order."""
    with driver.tx() as session:
        people = session.scalars(CountyScope(case, handover.JINSHUI).people())
        return [(person.name, person.id_number) for person in people]


def allocated(driver, people: list[dict]) -> int:
    """A programme of ``people`` whose 金水区 allocated everyone to its first community."""
    case = handover.programme_of(driver, people)
    handover.verified(driver, case)
    driver.allocate_all(case, handover.JINSHUI)
    return case


def test_the_county_downloads_its_register_as_the_registry_has_its_people(app, driver, jinshui_done):
    response = browser(app, "county").get(page(jinshui_done, "handover_register"))
    sheet = sheet_of(response)
    assert quote("移交清册（郑州市金水区）.xlsx") in response.headers["Content-Disposition"]
    rows = values(sheet)
    assert rows[0][0] == "移交清册（郑州市金水区）"
    enterprise = campaign.ENTERPRISE_INFO["name"]
    assert heading(sheet) == [
        f"移交单位：{enterprise}",
        "接收单位：郑州市金水区人民政府",
        "共 4 人，其中党员 1 人",
    ]
    assert rows[2] == [column.header.replace("\n", "") for column in registers.HANDOVER_REGISTER]
    people = people_rows(sheet)
    assert [(row[1], row[3]) for row in people] == registry_order(driver, jinshui_done)
    assert [row[0] for row in people] == [1, 2, 3, 4]  # 序号 as numbers
    assert {row[8] for row in people} >= {"13803710001", "0371-63210003"}  # phones as written
    assert rows[-1] == ["合计：共 4 人，其中中共党员 1 人。", *[None] * 11]


def test_id_numbers_and_phones_are_text_cells_and_the_headers_stay_in_view(app, jinshui_done):
    sheet = downloaded(app, "county", jinshui_done, "handover_register")
    first = ABOVE + 1
    assert sheet.cell(first, 4).data_type == "s" and len(sheet.cell(first, 4).value) == 18
    assert sheet.cell(first, 9).data_type == "s"
    assert sheet.cell(first, 1).data_type == "n"
    assert sheet.freeze_panes == f"A{first}"
    assert sheet.auto_filter.ref == f"A{ABOVE}:L{ABOVE + 4}"
    assert sheet.column_dimensions["D"].width > 18  # an ID number fits its column
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == f"${ABOVE}:${ABOVE}"


def test_a_name_written_like_a_formula_stays_text(app, driver):
    people = roster(3)
    people[1]["name"] = FORMULA_NAME
    case = allocated(driver, people)
    sheet = downloaded(app, "county", case, "handover_register")
    names = [row[1] for row in people_rows(sheet)]
    assert "'" + FORMULA_NAME in names and FORMULA_NAME not in names
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_archive_list_counts_volumes_and_materials_as_its_pdf_does(app, driver, jinshui_done):
    sheet = downloaded(app, "archive", jinshui_done, "archive_transfer_list")
    headers = values(sheet)[ABOVE - 1]
    assert headers[4:8] == ["出生日期／退休时间", "原单位", "档案卷（册）数", "材料份数"]
    people = people_rows(sheet)
    assert [row[3] for row in people] == [number for _name, number in registry_order(driver, jinshui_done)]
    volumes, materials = sum(row[6] for row in people), sum(row[7] for row in people)
    assert values(sheet)[-1][0] == f"共{len(people)}人{volumes}卷，材料{materials}份。"
    assert heading(sheet)[2].startswith("清单编号：")


def test_the_staff_list_gives_the_pays_as_numbers(app, driver, streams):  # noqa: F811
    [(name, number)] = form.staff_members(1)
    item = driver.by_county(streams, "hand_over_management_staff")["410105"]
    driver.complete_item(item, form.staff((name, number)))  # previous pay 4,200 a month
    county = campaign.county_org("410105")
    driver.complete(streams, "receive_management_staff", form.staff_accepted(), owner=county)  # 3,800
    sheet = downloaded(app, "county", streams, "staff_list")
    assert values(sheet)[0][0] == "移交管理服务人员名单（郑州市金水区）"
    assert people_rows(sheet) == [[1, name, number, "退休管理员", 4200, 3800, 400]]
    assert values(sheet)[-1][0] == "合计：共 1 人；原企业每月支付差额合计 400 元。"


def test_the_api_gives_the_register_to_the_county_with_a_token(app, programme):
    caller = app.test_client()
    headers = api_headers(caller, "county")
    response = caller.get(api(programme, "handover_register"), headers=headers)
    assert people_rows(sheet_of(response))  # 金水区's four people
    detail = caller.get(f"/api/v1/instances/{programme}", headers=headers).get_json()
    spreadsheets = {d["kind"]: d.get("spreadsheet_url") for d in detail["documents"] if d.get("generated")}
    assert spreadsheets["handover_register"] == api(programme, "handover_register")
    assert spreadsheets["specific_agreement"] is None


@pytest.mark.parametrize("username", ["county2", "community", "supervisor"])
def test_those_who_may_not_read_the_register_are_told_nothing_exists(app, programme, username):
    assert browser(app, username).get(page(programme, "handover_register")).status_code == 404
    caller = app.test_client()
    response = caller.get(api(programme, "handover_register"), headers=api_headers(caller, username))
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("kind", ["specific_agreement", "framework_agreement", "archive_receipt", "nonsense"])
def test_documents_that_are_no_lists_of_people_have_no_spreadsheet(app, programme, kind):
    assert browser(app, "enterprise").get(page(programme, kind)).status_code == 404
    caller = app.test_client()
    response = caller.get(api(programme, kind), headers=api_headers(caller, "enterprise"))
    assert response.status_code == 404


def test_the_case_page_links_the_register_s_spreadsheet_beside_its_pdf(app, programme):
    html = browser(app, "county").get(f"/cases/{programme}").get_data(as_text=True)
    assert page(programme, "handover_register") in html
    assert page(programme, "specific_agreement") not in html


def test_the_task_page_links_the_register_s_spreadsheet(app, programme, driver):
    item = driver.item(programme, "sign_specific_agreement", campaign.county_org("410105"))
    html = browser(app, "county").get(f"/tasks/{item.id}").get_data(as_text=True)
    assert page(programme, "handover_register") in html and "同一名单的电子表格" in html


def test_a_register_of_2000_people_lists_everyone_once_in_order(app, driver):
    people = roster(2000)
    case = allocated(driver, people)
    sheet = load_workbook(
        BytesIO(browser(app, "county").get(page(case, "handover_register")).data), read_only=True
    ).active
    rows = list(sheet.iter_rows(min_row=ABOVE + 1, values_only=True))[:-1]
    assert [row[0] for row in rows] == list(range(1, 2001))
    assert [(row[1], row[3]) for row in rows] == registry_order(driver, case)
    assert sorted(row[3] for row in rows) == sorted(person["id_number"] for person in people)
