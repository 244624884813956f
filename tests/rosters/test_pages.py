"""The roster pages: an enterprise official uploads a file, watches it import, reads and downloads
the refused rows; the template downloads; nobody else sees or does any of it."""

from __future__ import annotations

import csv
import io
import time

import pytest

from engine.registry.retirees import RosterImport
from engine.registry.rosters.columns import HEADERS, REJECTION_COLUMNS

from .conftest import csrf_token, csv_file, login, person, post, xlsx_file

pytestmark = pytest.mark.usefixtures("people")


def upload(client, content: bytes, filename: str = "登记表.csv"):
    return client.post(
        "/rosters",
        content_type="multipart/form-data",
        data={"csrf_token": csrf_token(client, "/rosters"), "file": (io.BytesIO(content), filename)},
    )


def finished(client, location: str, seconds: float = 20) -> dict:
    """The progress of the import at ``location`` once its background thread has finished."""
    deadline = time.monotonic() + seconds
    while True:
        progress = client.get(f"{location}/progress").get_json()
        if progress["state"] not in ("pending", "running") or time.monotonic() > deadline:
            return progress
        time.sleep(0.05)


def rows_of_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


@pytest.fixture
def imported(client, app) -> str:
    """An import by `enterprise` of four rows, two of them bad, in batches of two; its page's path."""
    app.config["ROSTER_BATCH_SIZE"] = 2
    login(client, "enterprise")
    rows = [person(1), person(2) | {"性别": "女"}, person(3), person(4) | {"人员类别": "职工"}]
    response = upload(client, csv_file(rows))
    assert response.status_code == 302
    return response.headers["Location"]


def test_the_import_page_lists_imports_and_offers_the_templates(client, imported):
    page = client.get("/rosters").get_data(as_text=True)
    assert "登记表.csv" in page and 'enctype="multipart/form-data"' in page
    assert "/rosters/template.xlsx" in page and "/rosters/template.csv" in page


def test_an_upload_imports_in_the_background_and_shows_the_result(client, imported):
    progress = finished(client, imported)
    assert progress | {"id": 0} == {
        "id": 0,
        "filename": "登记表.csv",
        "state": "done",
        "rows_done": 4,
        "rows_total": 4,
        "accepted": 2,
        "unchanged": 0,
        "rejected_rows": 2,
        "problems": 2,
        "warnings": [],
        "error": None,
    }
    page = client.get(imported).get_data(as_text=True)
    assert "<progress" not in page  # done: no progress bar, no refresh
    assert "性别与身份证号不符" in page and "人员类别应为" in page
    assert f"{imported}/rejections.csv" in page


def test_a_running_import_shows_a_progress_bar_that_refreshes(client, app, imported):
    finished(client, imported)
    with app.extensions["yijiao"]["sessions"]() as session, session.begin():
        roster_import = session.get(RosterImport, int(imported.rsplit("/", 1)[1]))
        roster_import.state, roster_import.rows_done = "running", 2
    page = client.get(imported).get_data(as_text=True)
    assert '<progress id="progress" value="2" max="4">' in page
    assert 'data-progress-url="/rosters/' in page and "/static/yijiao.js" in page  # the app's script polls
    assert "setInterval" in client.get("/static/yijiao.js").get_data(as_text=True)


def test_the_rejections_download_holds_the_bad_rows_as_typed_with_the_reasons(client, imported):
    finished(client, imported)
    response = client.get(f"{imported}/rejections.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.get_data().startswith("\ufeff".encode())
    lines = rows_of_csv(response)
    assert lines[0] == [*HEADERS, *REJECTION_COLUMNS]
    assert [(line[0], line[-3], line[-2]) for line in lines[1:]] == [
        ("退休人员2", "3", "性别"),
        ("退休人员4", "5", "人员类别"),
    ]
    assert lines[1][2] == f'="{person(2)["身份证号"]}"'  # Excel keeps all 18 digits


def test_the_corrected_rejections_file_imports_when_uploaded_again(client, imported):
    finished(client, imported)
    lines = rows_of_csv(client.get(f"{imported}/rejections.csv"))
    fixed = [line for line in lines if line[0] != "退休人员4"]
    fixed[1][HEADERS.index("性别")] = "男"
    out = io.StringIO()
    csv.writer(out).writerows(fixed)
    again = upload(client, out.getvalue().encode("utf-8-sig"), "未导入的行.csv")
    progress = finished(client, again.headers["Location"])
    assert (progress["accepted"], progress["rejected_rows"], progress["warnings"]) == (1, 0, [])


def test_templates_download_as_xlsx_and_csv(client):
    login(client, "enterprise")
    workbook = client.get("/rosters/template.xlsx")
    text = client.get("/rosters/template.csv")
    assert workbook.status_code == text.status_code == 200
    assert workbook.get_data().startswith(b"PK")
    assert rows_of_csv(text)[0] == list(HEADERS)


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"whatever", "roster.xls", "只能导入 .csv 或 .xlsx 文件"),
        (
            csv_file([person(1)], encoding="utf-16"),
            "登记表.csv",
            "文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV",
        ),
        (csv_file([person(1)], headers=HEADERS[1:]), "登记表.csv", "缺少必填列：姓名"),
        (b"PK\x03\x04broken", "登记表.xlsx", "无法读取该 XLSX 文件"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_on_the_page_and_not_stored(client, content, filename, message):
    login(client, "enterprise")
    response = upload(client, content, filename)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert "<td>" not in response.get_data(as_text=True)  # no import listed


def test_a_file_over_the_size_limit_is_refused(client, app):
    app.config["ROSTER_MAX_BYTES"] = 1000
    login(client, "enterprise")
    response = upload(client, csv_file([person(n) for n in range(1, 30)]))
    assert response.status_code == 413
    assert "文件超过" in response.get_data(as_text=True)


def test_a_roster_larger_than_other_uploads_may_be_is_accepted(client, app):
    app.config.update(MAX_CONTENT_LENGTH=2000, ROSTER_BATCH_SIZE=1000)
    login(client, "enterprise")
    response = upload(client, xlsx_file([person(n) for n in range(1, 60)]), "登记表.xlsx")
    assert response.status_code == 302
    assert finished(client, response.headers["Location"])["accepted"] == 59


def test_an_upload_without_the_csrf_token_is_refused(client):
    login(client, "enterprise")
    response = client.post(
        "/rosters", content_type="multipart/form-data", data={"file": (io.BytesIO(csv_file([])), "a.csv")}
    )
    assert response.status_code == 400


@pytest.mark.parametrize("username", ["county", "supervisor", "viewer"])
def test_only_enterprise_officials_may_import(client, imported, username):
    finished(client, imported)
    post(client, "/logout")
    login(client, username)
    assert client.get("/rosters").status_code == 403
    assert upload(client, csv_file([person(9)])).status_code == 403
    for path in (imported, f"{imported}/progress", f"{imported}/rejections.csv"):
        assert client.get(path).status_code == 403, path


def test_another_enterprise_does_not_find_our_import(client, other_enterprise, imported):
    finished(client, imported)
    post(client, "/logout")
    login(client, "enterprise2")
    for path in (imported, f"{imported}/progress", f"{imported}/rejections.csv"):
        assert client.get(path).status_code == 404, path
    assert "登记表.csv" not in client.get("/rosters").get_data(as_text=True)


def test_the_refused_rows_table_titles_its_last_column_as_the_reason(client, imported):
    finished(client, imported)
    page = client.get(imported).get_data(as_text=True)
    assert "<th>原因</th>" in page and "移交依据" not in page
