"""Reading roster files: encodings, XLSX cell types, the header row, empty rows, row numbers."""

from __future__ import annotations

import io
import tracemalloc
from datetime import date, datetime

import pytest

from engine.registry.rosters import RosterUnreadable, open_roster
from engine.registry.rosters.columns import HEADERS
from engine.registry.rosters.reading import ENCODING_PROBLEM, count_rows
from engine.registry.rosters.template import template_csv, template_xlsx

from .conftest import csv_file, person, xlsx_file


def rows_of(content: bytes, filename: str = "登记表.csv") -> list:
    return list(open_roster(content, filename).rows())


def test_utf8_with_or_without_bom_and_gbk_read_alike():
    rows = [person(1), person(2, 性别="女") | {"特殊情况": "鳏寡、重病"}]
    read = [rows_of(csv_file(rows, encoding)) for encoding in ("utf-8", "utf-8-sig", "gbk", "gb18030")]
    assert read[0] == read[1] == read[2] == read[3]
    assert read[0][1] == (3, {h: v or None for h, v in rows[1].items()})


@pytest.mark.parametrize(
    "content",
    [csv_file([person(1)], encoding="utf-16"), "姓名\n".encode() + b"\xc3\x28\xff\xfe\n"],
    ids=["utf-16", "neither"],
)
def test_a_file_in_neither_encoding_gets_one_clear_error(content):
    with pytest.raises(RosterUnreadable) as refused:
        rows_of(content)
    assert refused.value.message == "文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV" == ENCODING_PROBLEM


def test_xlsx_cells_keep_their_types_and_row_numbers_count_empty_rows():
    row = person(1) | {
        "出生日期": datetime(1950, 1, 2),
        "退休日期": date(2010, 2, 1),
        "常住地区划代码": 410105,
    }
    read = rows_of(xlsx_file([None, row, None]), "登记表.xlsx")
    assert [number for number, _values in read] == [3]
    values = read[0][1]
    assert (values["出生日期"], values["退休日期"], values["常住地区划代码"]) == (
        datetime(1950, 1, 2),
        datetime(2010, 2, 1),  # Excel has no date without a time
        410105,
    )


def test_headers_in_any_order_with_spaces_are_recognised():
    headers = [f" {h} " for h in reversed(HEADERS)]
    content = csv_file([{f" {h} ": v for h, v in person(1).items()}], headers=headers)
    roster = open_roster(content, "登记表.csv")
    assert set(roster.columns.values()) == set(HEADERS)
    assert roster.warnings == []
    assert next(roster.rows())[1]["身份证号"] == person(1)["身份证号"]


@pytest.mark.parametrize("filename", ["登记表.csv", "登记表.xlsx"])
def test_a_missing_required_header_refuses_the_file_naming_it(filename):
    headers = [h for h in HEADERS if h not in ("身份证号", "退休日期")]
    make = xlsx_file if filename.endswith("xlsx") else csv_file
    with pytest.raises(RosterUnreadable) as refused:
        open_roster(make([person(1)], headers=headers), filename)
    assert refused.value.message == "缺少必填列：身份证号、退休日期（第1行应为模板中的列名）"


def test_optional_headers_may_be_left_out():
    headers = [h for h in HEADERS if h not in ("党员", "特殊情况", "联系电话")]
    assert len(rows_of(csv_file([person(1)], headers=headers))) == 1


def test_unknown_columns_are_ignored_with_a_warning():
    headers = ["序号", *HEADERS, "备注"]
    roster = open_roster(csv_file([person(1) | {"序号": "1", "备注": "无"}], headers=headers), "登记表.csv")
    assert roster.warnings == ["未识别的列已忽略：序号、备注"]
    assert "备注" not in next(roster.rows())[1]


def test_a_header_given_twice_refuses_the_file():
    with pytest.raises(RosterUnreadable, match="“姓名”出现了两次"):
        open_roster(csv_file([], headers=[*HEADERS, "姓名"]), "登记表.csv")


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "a.csv", "文件是空的"),
        (b"name,sex\nx,y\n", "a.csv", "第1行没有找到模板中的列名"),
        (b"PK\x03\x04 not really a workbook", "a.xlsx", "无法读取该 XLSX 文件"),
        (b"anything", "a.xls", "只能导入 .csv 或 .xlsx 文件"),
    ],
)
def test_unreadable_files_are_refused_with_the_reason(content, filename, message):
    with pytest.raises(RosterUnreadable, match=message):
        open_roster(content, filename)


def test_tab_separated_text_is_read_too():
    content = ("\t".join(HEADERS) + "\n" + "\t".join(person(1).values()) + "\n").encode()
    assert rows_of(content)[0][1]["姓名"] == "退休人员1"


def test_the_templates_read_back_with_their_sample_row_ignored():
    for content, filename in ((template_xlsx(), "模板.xlsx"), (template_csv(), "模板.csv")):
        roster = open_roster(content, filename)
        assert sorted(roster.columns.values()) == sorted(HEADERS)
        assert (roster.warnings, list(roster.rows())) == ([], [])


def test_a_csv_is_counted_up_front_an_xlsx_by_its_recorded_size():
    assert count_rows(csv_file([person(1), None, person(2), None]), "a.csv") == 2
    assert count_rows(xlsx_file([person(1), None, person(2)]), "a.xlsx") is None  # too dear to count
    assert open_roster(template_xlsx(), "a.xlsx").size_hint == 1  # the sample row: a hint, no more


def test_reading_streams_memory_stays_flat():
    """Reading 20 000 rows holds about as much as reading 2 000: rows are not collected."""
    small, large = (csv_file(person(n % 400) for n in range(size)) for size in (2_000, 20_000))
    peaks = []
    for content in (small, large):
        tracemalloc.start()
        for _row in open_roster(content, "a.csv").rows():
            pass
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < peaks[0] * 2


def _with_sheet_xml(content: bytes, replace: tuple[bytes, bytes]) -> bytes:
    """The xlsx ``content`` with its first sheet's XML edited (as a crafted file would be)."""
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(*replace)
            target.writestr(info.filename, data)
    return out.getvalue()


def test_a_row_numbered_beyond_excel_is_refused_at_once():
    """Issue 13 (2): one data row numbered ``r="9999999999999"`` made the import loop for ever."""
    import time

    from engine.registry.rosters.reading import RosterUnreadable

    crafted = _with_sheet_xml(xlsx_file([person(1)]), (b'r="2"', b'r="9999999999999"'))
    started = time.perf_counter()
    with pytest.raises(RosterUnreadable, match="行号 9999999999999 不合理"):
        rows_of(crafted, "登记表.xlsx")
    assert time.perf_counter() - started < 5


def test_a_shared_strings_table_beyond_its_limit_is_refused_before_reading(monkeypatch):
    """Issue 13 (2): a 0.5 MB file whose shared strings decompress to 208 MB took 45 s."""
    import zipfile

    from engine.registry.rosters import xlsx as sheets
    from engine.registry.rosters.reading import RosterUnreadable

    source, out = zipfile.ZipFile(io.BytesIO(xlsx_file([person(1)]))), io.BytesIO()
    strings = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    strings += b"<si><t>" + b"A" * 500 + b"</t></si></sst>"
    relationship = (
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml" Id="rId9"/></Relationships>'
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", relationship)
            target.writestr(info.filename, data)
        target.writestr("xl/sharedStrings.xml", strings)
    monkeypatch.setattr(sheets, "MAX_SHARED_STRINGS_BYTES", 100)  # the real limit is 64 MB
    with pytest.raises(RosterUnreadable, match="共享字符串表解压后"):
        rows_of(out.getvalue(), "登记表.xlsx")


def test_a_file_beyond_the_row_limit_is_refused(monkeypatch):
    """Issue 13 (2): a row count cap, whether the file records its size (xlsx) or not (csv)."""
    from engine.registry.rosters import reading

    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    people = [person(n) for n in range(1, 6)]
    with pytest.raises(RosterUnreadable, match="请分成几个文件分别导入"):
        rows_of(csv_file(people))
    with pytest.raises(RosterUnreadable, match="请分成几个文件分别导入"):
        rows_of(xlsx_file(people), "登记表.xlsx")
    assert len(rows_of(csv_file(people[:3]))) == 3
