"""The search as a spreadsheet: the same rows as the page and the API, masked the same way."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.web.conftest import login

from .walk import JINSHUI


def sheet_rows(client, **query) -> list[tuple]:
    response = client.get("/retirees/export.xlsx", query_string=query)
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(BytesIO(response.data), read_only=True)
    return list(workbook.active.iter_rows(values_only=True))


@pytest.mark.parametrize("username", ["county", "archive", "supervisor"])
def test_the_export_has_the_rows_and_masking_of_the_api(api, client, registered, username):
    login(client, username)
    header, *rows = sheet_rows(client, county=JINSHUI)
    assert header[:3] == ("姓名", "性别", "身份证号") and "移交状态" in header and "档案状态" in header
    expected = {(i["name"], i["id_number"]) for i in api.retirees(username, county=JINSHUI)["items"]}
    assert {(row[0], row[2]) for row in rows} == expected
    assert len(rows) == len(expected) == 5


def test_the_export_speaks_chinese(client, registered):
    login(client, "enterprise")
    header, *rows = sheet_rows(client, q="吴老")
    (row,) = rows
    cells = dict(zip(header, row, strict=True))
    assert cells["移交状态"] == "已登记" and cells["档案状态"] == "未整理"
    assert cells["接收地"] == "不移交" and cells["人员类别"] == "离休干部"
    assert cells["移交企业"] == "中国平煤神马能源化工集团"


def test_an_outsider_exports_an_empty_sheet(client, registered):
    login(client, "finance")
    assert sheet_rows(client) == [sheet_rows(client)[0]]


def test_too_large_an_export_is_refused(client, registered, monkeypatch):
    from webapp.registry import export

    monkeypatch.setattr(export, "MAX_ROWS", 3)
    login(client, "supervisor")
    response = client.get("/retirees/export.xlsx")
    assert response.status_code == 422


@pytest.mark.parametrize(("username", "full"), [("county", True), ("archive", False), ("supervisor", False)])
def test_a_masked_row_leaves_birth_date_and_hukou_empty(client, registered, username, full):
    login(client, username)
    header, *rows = sheet_rows(client, county=JINSHUI)
    cells = [dict(zip(header, row, strict=True)) for row in rows]
    assert cells and all((c["出生日期"] is not None) is full for c in cells)
    assert all((c["户籍地区划代码"] is not None) is full for c in cells)
    assert all(c["常住地区划代码"] for c in cells)
