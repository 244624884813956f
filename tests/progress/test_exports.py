"""Both exports of the dashboard say what the page says: the spreadsheet (same rows, same numbers,
stored as numbers) and the PDF report (its milestone table and places), for the same query."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from engine.progress.figures import progress
from engine.progress.selection import NONE, Selection
from tests.documents.conftest import pdf_text

from .pages import at, page, row_keys, shown_cells, visit
from .test_figures import sign_zhengzhou
from .test_pages import zhengzhou_office  # noqa: F401  (fixture)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_rows(content: bytes) -> tuple[list[str], dict[str, dict[str, object]]]:
    """The 进度 sheet's headers, and each row (by its code; 合计 for the total) as header → value."""
    sheet = load_workbook(BytesIO(content))["进度"]
    headers, *lines = [list(line) for line in sheet.iter_rows(values_only=True)]
    return headers, {(line[0] or line[1]): dict(zip(headers, line, strict=True)) for line in lines}


def test_the_spreadsheet_has_the_page_s_rows_and_numbers(app, app_clock, driver, web_cases):
    sign_zhengzhou(driver, web_cases["pingmei"])
    app_clock.set(at("2017-04-01"))
    supervisor = visit(app, "supervisor")
    shown = shown_cells(page(supervisor, "/progress"))
    response = supervisor.get("/progress.xlsx")
    assert response.status_code == 200 and response.mimetype == XLSX
    headers, rows = sheet_rows(response.data)
    m1 = ("应完成", "已完成", "完成率", "逾期未完成", "逾期完成")
    assert headers[2:7] == [f"M1 签订移交框架协议 {heading}" for heading in m1]
    assert list(rows) == ["410100", "410400", "尚未登记造册", "合计"]
    for (key, code), numbers in shown.items():
        line = rows[{"total": "合计", NONE: "尚未登记造册"}.get(key, key)]
        prefix = next(h for h in headers if h.startswith(code)).rsplit(" ", 1)[0]
        in_sheet = {"due": "应完成", "done": "已完成", "overdue": "逾期未完成", "late": "逾期完成"}
        for status, number in numbers.items():
            assert line[f"{prefix} {in_sheet[status]}"] == number, (key, code, status)
    total = rows["合计"]
    assert total["M1 签订移交框架协议 完成率"] == 1 / 3 and total["退休人员 计划移交"] == 9
    assert total["管理费 应拨付（元）"] == 9000 and isinstance(total["档案 计划"], int)


def test_the_spreadsheet_follows_the_drill_down(app, web_cases):
    response = visit(app, "supervisor").get("/progress.xlsx?prefecture=410100")
    headers, rows = sheet_rows(response.data)
    assert headers[1] == "县（市、区）" and list(rows) == ["410102", "410105", "市级框架协议", "合计"]
    notes = load_workbook(BytesIO(response.data))["说明"]
    assert [line[1] for line in notes.iter_rows(max_row=2, values_only=True)] == [
        "2017年省属企业退休人员社会化管理移交",
        "郑州市",
    ]


def test_the_pdf_report_has_the_dashboard_s_numbers(app, app_clock, driver, web_cases, tx):
    sign_zhengzhou(driver, web_cases["pingmei"])
    app_clock.set(at("2017-04-01"))
    text = pdf_text(visit(app, "supervisor").get("/reports/progress.pdf").data)
    with tx() as session:
        view = progress(session, at("2017-04-01"), Selection())
    for milestone in view.milestones:
        cell = view.total.cells[milestone.code]
        share = f"{100 * cell.done / cell.due:.1f}%" if cell.due else "—"
        numbers = f"{cell.due}{cell.done}{share}{cell.overdue}{cell.late}"
        assert numbers in text.split(milestone.code, 1)[1][:60], (milestone.code, numbers)
    assert "M1签订移交框架协议2017年3月31日3133.3%20" in text  # 郑州 signed; 平顶山, unregistered late
    assert "1郑州市600.0%0/60/6,0002平顶山市300.0%0/30/3,0003尚未登记造册00—0/00/0" in text
    overdue = text[text.index("三、超期未完成事项") :]
    assert "平顶山市框架协议M12017年3月31日1" in overdue and "第二家企业" in overdue


def test_the_pdf_report_of_a_municipal_office_covers_its_prefecture_only(app, web_cases, zhengzhou_office):  # noqa: F811
    text = pdf_text(zhengzhou_office.get("/reports/progress.pdf").data)
    assert "郑州市各移交案件计划移交退休人员6人" in text
    assert "序号县（市、区）" in text and "1郑州市中原区" in text and "2郑州市金水区" in text
    assert "平顶山" not in text and "第二家企业" not in text


def test_the_page_and_the_report_agree_on_a_county_view(app, web_cases):
    supervisor = visit(app, "supervisor")
    document = page(supervisor, "/progress?prefecture=410100")
    assert row_keys(document) == ["410102", "410105", NONE, "total"]
    text = pdf_text(supervisor.get("/reports/progress.pdf?prefecture=410100").data)
    assert "1郑州市中原区200.0%0/20/2,0002郑州市金水区400.0%0/40/4,0003市级框架协议00—0/00/0" in text
