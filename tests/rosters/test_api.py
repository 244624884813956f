"""``POST /api/v1/rosters``: the contract's answer, refusals for other callers and unreadable files."""

from __future__ import annotations

import io

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import func, select

from engine.registry.retirees import RosterImport
from engine.registry.rosters.columns import HEADERS

from .conftest import csv_file, person, registered, xlsx_file

pytestmark = pytest.mark.usefixtures("people")


def send(api, content: bytes, filename: str = "登记表.csv", as_: str = "enterprise"):
    return api.post(
        "/rosters", as_, data={"file": (io.BytesIO(content), filename)}, content_type="multipart/form-data"
    )


def test_an_enterprise_official_imports_and_gets_the_contract_answer(api, app):
    rows = [person(1), person(2) | {"出生日期": "1950-02-02"}, person(3)]
    response = send(api, xlsx_file(rows), "登记表.xlsx")
    assert response.status_code == 201
    body = response.json
    assert body == {
        "id": body["id"],
        "accepted": 2,
        "unchanged": 0,
        "rejected": [
            {"row": 3, "column": "出生日期", "reason": "出生日期与身份证号不符（身份证号中为 1950-01-03）"}
        ],
        "warnings": [],
        "rows": 3,
    }
    assert len(registered(app.extensions["yijiao"]["sessions"])) == 2


def test_the_answer_matches_the_openapi_document(api, client):
    document = client.get("/api/v1/openapi.json").json
    schema = document["components"]["schemas"]["RosterImportResult"] | {"components": document["components"]}
    body = send(api, csv_file([person(1)], headers=[*HEADERS, "备注"])).json
    assert body["warnings"] == ["未识别的列已忽略：备注"]
    Draft202012Validator(schema).validate(body)
    assert "/rosters" in document["paths"]


def test_sending_the_same_file_again_changes_nothing(api):
    content = csv_file([person(n) for n in range(1, 6)])
    send(api, content)
    again = send(api, content).json
    assert (again["accepted"], again["unchanged"], again["rejected"]) == (0, 5, [])


@pytest.mark.parametrize("username", ["county", "supervisor", "viewer"])
def test_only_enterprise_officials_may_import(api, username):
    response = send(api, csv_file([person(1)]), as_=username)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (
            csv_file([person(1)], encoding="utf-16"),
            "登记表.csv",
            "文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV",
        ),
        (
            csv_file([person(1)], headers=HEADERS[:-5]),
            "登记表.csv",
            "缺少必填列：人员类别（第1行应为模板中的列名）",
        ),
        (b"%PDF-1.4", "登记表.pdf", "只能导入 .csv 或 .xlsx 文件（.xls 请在 Excel 中另存为 .xlsx）"),
    ],
)
def test_a_file_that_cannot_be_read_gets_422_with_the_reason(api, content, filename, message):
    response = send(api, content, filename)
    assert response.status_code == 422
    assert response.json["error"] == {"code": "invalid_roster", "message": message}


def test_no_file_gets_422_naming_the_field(api):
    response = api.post("/rosters", "enterprise", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["file"]


def test_a_file_over_the_limit_gets_413(api, app):
    app.config["ROSTER_MAX_BYTES"] = 500
    response = send(api, csv_file([person(n) for n in range(1, 20)]))
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"



def test_a_file_that_cannot_be_opened_within_the_budget_is_refused_and_nothing_stored(api, app):
    app.config["ROSTER_STEP_SECONDS"] = -1  # any reading is already too late
    response = send(api, xlsx_file([person(1)]), "登记表.xlsx")
    assert response.status_code == 422
    assert "未能打开" in response.json["error"]["message"]
    with app.extensions["yijiao"]["sessions"]() as session:
        assert session.scalar(select(func.count()).select_from(RosterImport)) == 0
