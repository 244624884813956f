"""The template workbook and the rejections file people correct and upload again."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from openpyxl import load_workbook

from engine.registry.rosters import open_roster
from engine.registry.rosters.columns import HEADERS, REJECTION_COLUMNS
from engine.registry.rosters.template import rejections_file, template_xlsx

from .conftest import csv_file, person, xlsx_file


def test_the_template_has_the_headers_a_sample_and_an_explanation_of_each_column():
    workbook = load_workbook(io.BytesIO(template_xlsx()))
    roster, notes = workbook["登记表"], workbook["说明"]
    assert [c.value for c in roster[1]] == list(HEADERS)
    assert roster["C2"].value == "410105195001010013"
    assert roster.column_dimensions["C"].number_format == "@"  # typed IDs stay text
    explained = {row[0].value: row[1].value for row in notes.iter_rows(min_row=2, max_row=len(HEADERS) + 1)}
    optional = ("党员", "特殊情况", "联系电话", "常住地址")
    assert explained == {h: ("选填" if h in optional else "必填") for h in HEADERS}


def test_the_rejections_file_holds_each_bad_row_once_with_all_its_reasons():
    rows = [
        person(1),
        person(2) | {"性别": "女", "联系电话": "1", "出生日期": datetime(1950, 1, 3)},
        person(3) | {"身份证号": 410105195001040000},
    ]
    rejected = [
        {"row": 3, "column": "性别", "reason": "性别不符"},
        {"row": 3, "column": "联系电话", "reason": "电话有误"},
        {"row": 4, "column": "身份证号", "reason": "身份证号是数字"},
    ]
    content = rejections_file(rejected, open_roster(xlsx_file(rows), "a.xlsx").rows())
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert lines[0] == [*HEADERS, *REJECTION_COLUMNS]
    assert [line[-3:] for line in lines[1:]] == [
        ["3", "性别、联系电话", "性别不符；电话有误"],
        ["4", "身份证号", "身份证号是数字"],
    ]
    assert lines[1][:4] == ["退休人员2", "女", f'="{person(2)["身份证号"]}"', "1950-01-03"]
    assert lines[2][2] == "410105195001040000"  # as Excel left it, for the official to retype


def test_a_rejections_file_reads_back_as_a_roster_without_warnings():
    content = rejections_file(
        [{"row": 2, "column": "姓名", "reason": "x"}], open_roster(csv_file([person(1)]), "a.csv").rows()
    )
    roster = open_roster(content, "未导入的行.csv")
    assert roster.warnings == []
    assert [values["身份证号"] for _n, values in roster.rows()] == [person(1)["身份证号"]]


def test_the_rejections_file_writes_no_formula_but_its_own_id_numbers():
    """Issue 13 (7): a rejected row's text is neutralised; only our ="<digits>" ID cells stay."""
    rows = [person(1) | {"姓名": "=HYPERLINK(\"http://evil.example\")", "身份证号": "=1+1"}]
    rejected = [{"row": 2, "column": "身份证号", "reason": "身份证号无效"}]
    content = rejections_file(rejected, open_roster(csv_file(rows), "a.csv").rows())
    (line,) = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))[1:]
    row = dict(zip(HEADERS, line, strict=False))
    assert row["姓名"] == "'=HYPERLINK(\"http://evil.example\")" and row["身份证号"] == "'=1+1"
